/**
 * Themes about places: the Pacific Northwest forest, the Amazon, the sea, the glacier, the
 * volcano, and the school classroom's chalkboard.
 */
import { serifFontStack, systemFontStack, monoFontStack, type ThemeDefinition } from '../tokens';
import { palette } from './define';

export const coniforest: ThemeDefinition = {
  id: 'coniforest',
  name: 'Coniforest',
  fonts: { display: serifFontStack, body: systemFontStack, mono: monoFontStack },
  light: {
    idea: 'Evergreens. Mt. Rainier (Cold green). Mist, Granite, Pine, and Khaki.',
    palette: palette({
      canvas: '#c9d1cd', surface: '#eef1ee', bezel: '#a5afaa', brand: '#1f4d3a', onBrand: '#f1f5f0',
      text: '#1f2a25', strong: '#0e1713', muted: '#4f5d55', lit: '#144232',
      border: '#96a49b', borderMuted: '#d3dad5', focus: '#2c6e8f',
      link: '#1e5a73', visited: '#5a4a7a', codeBackground: '#e6e2d1', codeText: '#1f2a25',
      success: '#2b6536', warning: '#7a4f00', error: '#a8321e', info: '#2b5f86',
      selection: '#c9dccb', debug: '#c0308f', glow: '#7fd1a8', accent: '#b7a77a',
    }),
  },
  dark: {
    idea: 'PNW Night. Deep evergreen, cold shadows, campfire ash.',
    palette: palette({
      canvas: '#0b1210', surface: '#13201b', bezel: '#1f302a', brand: '#7fbf9a', onBrand: '#0b1712',
      text: '#d9e3dc', strong: '#f4f7f2', muted: '#9fb1a6', lit: '#fff2e0',
      border: '#3a5247', borderMuted: '#22342c', focus: '#ffb45a',
      link: '#8fd0b8', visited: '#c0a8e0', codeBackground: '#0a0f0d', codeText: '#cfe0d5',
      success: '#7fd49a', warning: '#ffb45a', error: '#ff7a66', info: '#7fb8e0',
      selection: '#2e4a3e', debug: '#ff6ad5', glow: '#ff9a3c', accent: '#c9c1b4',
    }),
  },
};

export const raneforest: ThemeDefinition = {
  id: 'raneforest',
  name: 'Raneforest',
  fonts: { display: `"Special Elite", "Courier New", monospace`, body: systemFontStack, mono: monoFontStack },
  light: {
    idea: 'Amazon (Hot green). Humid, Pith Helmet Beige, Parrot Green.',
    palette: palette({
      canvas: '#d2c89e', surface: '#f4eed5', bezel: '#c3b47c', brand: '#0f7a2e', onBrand: '#ffffff',
      text: '#233018', strong: '#121a0a', muted: '#55603f', lit: '#0a4d1c',
      border: '#b4a56e', borderMuted: '#e3dab5', focus: '#c24400',
      link: '#0b6a4a', visited: '#7a3f8a', codeBackground: '#eef5d8', codeText: '#1b2a10',
      success: '#1d701d', warning: '#845000', error: '#b3261e', info: '#1d5f8a',
      selection: '#cdeb9f', debug: '#c020b8', glow: '#9cff3c', accent: '#e8342a',
    }),
  },
  dark: {
    idea: 'Amazon Night. Deep canopy, bioluminescence, toxic accents.',
    palette: palette({
      canvas: '#050d07', surface: '#0b1a0f', bezel: '#15291a', brand: '#a6ff3c', onBrand: '#0a1604',
      text: '#d6f5d0', strong: '#f2fff0', muted: '#8fb58a', lit: '#eafff4',
      border: '#2f5a34', borderMuted: '#173020', focus: '#e7ff3c',
      link: '#7dffb2', visited: '#d59cff', codeBackground: '#030905', codeText: '#b8ffc9',
      success: '#5cff8a', warning: '#e7ff3c', error: '#ff5c8a', info: '#3cf0ff',
      selection: '#1f4a26', debug: '#ff3cf0', glow: '#3cffb4', accent: '#c23cff',
    }),
  },
};

export const oceanic: ThemeDefinition = {
  id: 'oceanic',
  name: 'Oceanic',
  fonts: { display: serifFontStack, body: systemFontStack, mono: monoFontStack },
  light: {
    idea: 'Maritime / Yacht Club. Navy Blue, White, Brass accents. coral',
    palette: palette({
      canvas: '#13294b', surface: '#fbfaf6', bezel: '#b5964a', brand: '#13294b', onBrand: '#ffffff',
      text: '#13294b', strong: '#0a1830', muted: '#4a5a78', lit: '#0a2a66',
      border: '#c9b27a', borderMuted: '#e8e2d0', focus: '#e8553d',
      link: '#1d4fa0', visited: '#6b3f8f', codeBackground: '#eef3f8', codeText: '#13294b',
      success: '#1d6b45', warning: '#845400', error: '#b8321f', info: '#1d4fa0',
      selection: '#cfe0f2', debug: '#c21fc2', glow: '#ffd98a', accent: '#e8553d',
    }),
  },
  dark: {
    idea: 'The Abyss. Crushing depth. Black-Blue, Coral, Bioluminescence.',
    palette: palette({
      canvas: '#01040a', surface: '#050d1c', bezel: '#0d1d33', brand: '#ff6f5e', onBrand: '#03070f',
      text: '#cfe6ff', strong: '#f0f8ff', muted: '#7fa3c8', lit: '#e6fffd',
      border: '#1f4066', borderMuted: '#0e2038', focus: '#4dfff0',
      link: '#5ee6ff', visited: '#c29cff', codeBackground: '#00030a', codeText: '#7dfff0',
      success: '#5effc0', warning: '#ffd36b', error: '#ff6f5e', info: '#5ec8ff',
      selection: '#13335a', debug: '#ff5ee0', glow: '#2ee6ff', accent: '#ff6f5e',
    }),
  },
};

export const glacier: ThemeDefinition = {
  id: 'glacier',
  name: 'Glacier',
  fonts: { display: systemFontStack, body: systemFontStack, mono: monoFontStack },
  light: {
    idea: 'Glacier Sheet. Blinding white, sharp slate.',
    palette: palette({
      canvas: '#e2edf4', surface: '#ffffff', bezel: '#c9d6e0', brand: '#2f4858', onBrand: '#ffffff',
      text: '#1f2d38', strong: '#0b161f', muted: '#4e6170', lit: '#003d66',
      border: '#b5c6d2', borderMuted: '#e2ecf2', focus: '#0086c9',
      link: '#005f99', visited: '#5a4a8f', codeBackground: '#f2f8fb', codeText: '#14232e',
      success: '#1d6b52', warning: '#855400', error: '#b3261e', info: '#005f99',
      selection: '#cdeaf7', debug: '#e01f9c', glow: '#9fe8ff', accent: '#6fd3f5',
    }),
  },
  dark: {
    idea: 'Deep Freeze. Oxygen-starved blue glacier. Research station.',
    palette: palette({
      canvas: '#020a14', surface: '#071a2e', bezel: '#102a45', brand: '#7fd8ff', onBrand: '#04121f',
      text: '#cde9f7', strong: '#f2fbff', muted: '#86aac2', lit: '#f0fcff',
      border: '#245273', borderMuted: '#0f2b45', focus: '#ffcc4d',
      link: '#7fd8ff', visited: '#b9a7ff', codeBackground: '#020d18', codeText: '#a8ecff',
      success: '#7fe8c0', warning: '#ffcc4d', error: '#ff8080', info: '#7fd8ff',
      selection: '#17466b', debug: '#ff6ad5', glow: '#5fd4ff', accent: '#ff8a3d',
    }),
  },
};

export const volcano: ThemeDefinition = {
  id: 'volcano',
  name: 'Volcano',
  fonts: { display: `"B612", ${systemFontStack}`, body: systemFontStack, mono: monoFontStack },
  light: {
    idea: 'Active Caldera. Ash gray, Pumglacier, Sulfur, and Magma.',
    palette: palette({
      canvas: '#8a8580', surface: '#e6e2dc', bezel: '#b5afa7', brand: '#c2330a', onBrand: '#ffffff',
      text: '#2b2622', strong: '#140f0c', muted: '#554d46', lit: '#8f1d00',
      border: '#a39b92', borderMuted: '#d4cec6', focus: '#c2330a',
      link: '#8f2a0a', visited: '#5e3a7a', codeBackground: '#f2efe9', codeText: '#2b2622',
      success: '#3d6b1f', warning: '#735500', error: '#b3200a', info: '#2b5f86',
      selection: '#f7e28b', debug: '#c81fb8', glow: '#ff6a1f', accent: '#e8c400',
    }),
  },
  dark: {
    idea: 'Magma Chamber. Basalt black, flowing lava, heat shimmer.',
    palette: palette({
      canvas: '#0a0706', surface: '#16110f', bezel: '#261d19', brand: '#ff5a1f', onBrand: '#140a05',
      text: '#f5dccd', strong: '#fff1e8', muted: '#c79b85', lit: '#fff0e0',
      border: '#6b2d16', borderMuted: '#2d1d16', focus: '#ffd23d',
      link: '#ffa04d', visited: '#e0a0ff', codeBackground: '#0d0806', codeText: '#ffb070',
      success: '#a8e05a', warning: '#ffd23d', error: '#ff5a3d', info: '#7fc8ff',
      selection: '#5a2010', debug: '#ff3dd5', glow: '#ff4d0a', accent: '#ff8a1f',
    }),
  },
};

export const chalkboard: ThemeDefinition = {
  id: 'chalkboard',
  name: 'Chalkboard',
  fonts: { display: `"Caveat Variable", "Comic Sans MS", cursive`, body: systemFontStack, mono: monoFontStack },
  light: {
    idea: 'Greenboard. Chalk colors, aluminum.',
    palette: palette({
      canvas: '#b3b9bd', surface: '#2f5a44', bezel: '#cdd2d5', brand: '#f7e28b', onBrand: '#203a2c',
      text: '#f4f1e6', strong: '#ffffff', muted: '#cfe0d2', lit: '#ffffff',
      border: '#7f9a8a', borderMuted: '#466e58', focus: '#ffd3e6',
      link: '#a8e0ff', visited: '#f0b8ff', codeBackground: '#244834', codeText: '#f4f1e6',
      success: '#b8f0a8', warning: '#f7e28b', error: '#ffb0a8', info: '#a8e0ff',
      selection: '#3f6b54', debug: '#ff8ad8', glow: '#fff7d6', accent: '#ffb0c8',
    }),
  },
  dark: {
    idea: 'Classic Blackboard. Slate Black, dusty white chalk',
    palette: palette({
      canvas: '#0c0d0d', surface: '#1a1d1d', bezel: '#6e5a42', brand: '#e6e4dc', onBrand: '#1a1d1d',
      text: '#e6e4dc', strong: '#ffffff', muted: '#b3b1a8', lit: '#ffffff',
      border: '#5a5e5c', borderMuted: '#2b2f2e', focus: '#f7e28b',
      link: '#a8d8ff', visited: '#e0b8ff', codeBackground: '#121414', codeText: '#e6e4dc',
      success: '#b0e8a0', warning: '#f7e28b', error: '#ff9c94', info: '#a8d8ff',
      selection: '#3c4242', debug: '#ff8ad8', glow: '#f4f1e0', accent: '#f7e28b',
    }),
  },
};
