/**
 * Themes about imagined worlds: solar utopia, stone age, dreams and nightmares, and the glossy
 * optimism of the late 2000s (Frutiger Aero).
 */
import { serifFontStack, systemFontStack, monoFontStack, type ThemeDefinition } from '../tokens';
import { palette } from './define';

export const solarpunk: ThemeDefinition = {
  id: 'solarpunk',
  name: 'Solarpunk',
  fonts: { display: `"Fredoka Variable", ${systemFontStack}`, body: systemFontStack, mono: monoFontStack },
  light: {
    idea: 'Eco-Utopia. Cream ceramic, lush green, solar gold.',
    palette: palette({
      canvas: '#c6dcb4', surface: '#fbf6ea', bezel: '#e3d6b8', brand: '#2f7a3a', onBrand: '#ffffff',
      text: '#243322', strong: '#111a10', muted: '#52604d', lit: '#1d5a1a',
      border: '#c9bb94', borderMuted: '#ece3cc', focus: '#a87400',
      link: '#1f6b4a', visited: '#6b4a8f', codeBackground: '#f3f8ea', codeText: '#1c2a1a',
      success: '#2f7a3a', warning: '#7f5100', error: '#b3321e', info: '#1f5f8a',
      selection: '#d8efb8', debug: '#c8309f', glow: '#ffd24d', accent: '#e0a800',
    }),
  },
  dark: {
    idea: 'Night Garden. Bioluminescence, deep teal, soft amber.',
    palette: palette({
      canvas: '#041214', surface: '#0a2326', bezel: '#14383e', brand: '#ffc070', onBrand: '#0a1f21',
      text: '#d6f2ea', strong: '#f2fffb', muted: '#8fbfb5', lit: '#f0fff9',
      border: '#2a5e5e', borderMuted: '#133b3d', focus: '#ffc070',
      link: '#7de8d0', visited: '#c8b0ff', codeBackground: '#061a1c', codeText: '#a8ffe6',
      success: '#8affc0', warning: '#ffc070', error: '#ff9a8a', info: '#7dd8ff',
      selection: '#1f4f4f', debug: '#ff7ae0', glow: '#5cffd0', accent: '#ffc070',
    }),
  },
};

export const stonepunk: ThemeDefinition = {
  id: 'stonepunk',
  name: 'Stonepunk',
  fonts: { display: `"Cinzel Variable", ${serifFontStack}`, body: serifFontStack, mono: monoFontStack },
  light: {
    idea: 'Bedrock Quarry. Sandstone, Slate, Leather, Clay.',
    palette: palette({
      canvas: '#7a6a58', surface: '#e8d5b0', bezel: '#a8977d', brand: '#8f4a2a', onBrand: '#fff4e6',
      text: '#33271d', strong: '#1a120b', muted: '#56442f', lit: '#5a1f05',
      border: '#a88d66', borderMuted: '#d8c39c', focus: '#3f5563',
      link: '#6b3515', visited: '#4a3f6b', codeBackground: '#f3e6cc', codeText: '#2a1f15',
      success: '#3f6b2a', warning: '#744b00', error: '#9c2a14', info: '#3f5563',
      selection: '#d9b98a', debug: '#b01fa0', glow: '#ffb070', accent: '#5e6e78',
    }),
  },
  dark: {
    idea: 'Cave Fire. Soot black, Torch Orange, Ash White.',
    palette: palette({
      canvas: '#0b0908', surface: '#181411', bezel: '#2c241e', brand: '#ff8a2a', onBrand: '#1a0e05',
      text: '#ece6df', strong: '#ffffff', muted: '#b5aba0', lit: '#fff3e6',
      border: '#5a4536', borderMuted: '#2b231d', focus: '#ffb35c',
      link: '#ffa85c', visited: '#d8b0e0', codeBackground: '#100d0b', codeText: '#ffc08a',
      success: '#b0d88a', warning: '#ffc45c', error: '#ff7a5c', info: '#9cc0d8',
      selection: '#4a2f1a', debug: '#ff6ad5', glow: '#ff7a1a', accent: '#ff8a2a',
    }),
  },
};

export const dreamcore: ThemeDefinition = {
  id: 'dreamcore',
  name: 'Dreamcore',
  fonts: { display: `"Fredoka Variable", ${systemFontStack}`, body: systemFontStack, mono: monoFontStack },
  light: {
    idea: 'Daydream. Pastel clouds, blinding light, nostalgia. Cotton Candy clouds',
    palette: palette({
      canvas: '#cfe6ff', surface: '#fffafd', bezel: '#ffd6ec', brand: '#7a4fd6', onBrand: '#ffffff',
      text: '#4a3a66', strong: '#2a1f40', muted: '#6a5b86', lit: '#5a1fa0',
      border: '#f0b8d8', borderMuted: '#f8e0ee', focus: '#3f6fe0',
      link: '#3f5fd0', visited: '#a03fc0', codeBackground: '#f4f0ff', codeText: '#2a1f40',
      success: '#1f7a5a', warning: '#855000', error: '#c0305a', info: '#3f5fd0',
      selection: '#ffd6f0', debug: '#008fb0', glow: '#ffb8e8', accent: '#8fe0ff',
    }),
  },
  dark: {
    idea: 'Nightmare. The Void, static noise, watching eyes.',
    fonts: { display: `"VT323", ${monoFontStack}` },
    palette: palette({
      canvas: '#000000', surface: '#0a0a0c', bezel: '#17171c', brand: '#c8c8d0', onBrand: '#0a0a0c',
      text: '#d8d8e0', strong: '#ffffff', muted: '#8a8a96', lit: '#ffffff',
      border: '#2f2f3a', borderMuted: '#16161b', focus: '#ff1f3d',
      link: '#b8b8ff', visited: '#ff8ab8', codeBackground: '#050506', codeText: '#d8d8e0',
      success: '#8affc8', warning: '#fff08a', error: '#ff3d55', info: '#8ad8ff',
      selection: '#3d0a14', debug: '#ff1f3d', glow: '#ff2040', accent: '#ff1f3d',
    }),
  },
};

export const frutigerAero: ThemeDefinition = {
  id: 'frutiger-aero',
  name: 'Frutiger Aero',
  fonts: {
    display: `"Segoe UI", "Fredoka Variable", ${systemFontStack}`,
    body: `"Segoe UI", ${systemFontStack}`,
    mono: monoFontStack,
  },
  light: {
    idea: 'Window Vista / Web 2.0. Bubbly, Glossy, Sky Blue, Grass Green, Glass.',
    palette: palette({
      canvas: '#8fd3ff', surface: '#f4fbff', bezel: '#cfeaff', brand: '#0a6bc2', onBrand: '#ffffff',
      text: '#0f2a44', strong: '#041526', muted: '#3d5a75', lit: '#003e8a',
      border: '#8cc4ea', borderMuted: '#d6edfb', focus: '#2a9d3a',
      link: '#0057b8', visited: '#6a3fb0', codeBackground: '#eaf6ff', codeText: '#0f2a44',
      success: '#1f7a2b', warning: '#855000', error: '#c02a2a', info: '#0057b8',
      selection: '#bfe6ff', debug: '#e01fbf', glow: '#5cd6ff', accent: '#7ed321',
    }),
  },
  dark: {
    idea: 'Midnight Aurora. Glassy Black, Glowing Cyan, Deep Blue.',
    palette: palette({
      canvas: '#020814', surface: '#071326', bezel: '#0f2444', brand: '#3de0ff', onBrand: '#03111f',
      text: '#d6f4ff', strong: '#ffffff', muted: '#8ab8d6', lit: '#f0fdff',
      border: '#1f5a8a', borderMuted: '#0f2a4a', focus: '#7dff8a',
      link: '#5ce1ff', visited: '#b89cff', codeBackground: '#030b18', codeText: '#9cf0ff',
      success: '#7dff8a', warning: '#ffe066', error: '#ff7a8a', info: '#5ce1ff',
      selection: '#123a66', debug: '#ff66e0', glow: '#3de0ff', accent: '#7dff8a',
    }),
  },
};
