/**
 * Themes about eras of screens and offices: the modern web page, Windows 3.1, Miami 1985,
 * the city of 2085, office paper and the Wall Street ledger.
 */
import {
  cockpitMonoStack,
  monoFontStack,
  serifFontStack,
  systemFontStack,
  type ThemeDefinition,
} from '../tokens';
import { invertPalette, palette } from './define';

export const modernWebpage: ThemeDefinition = {
  id: 'modern-webpage',
  name: 'Webpage',
  fonts: { display: systemFontStack, body: systemFontStack, mono: monoFontStack },
  light: {
    idea: '2026 WebPage. Modern Default Normal. diversely colored, yet professional',
    palette: palette({
      canvas: '#e4e9f0', surface: '#ffffff', bezel: '#cfd6e0', brand: '#2557d6', onBrand: '#ffffff',
      text: '#1f2733', strong: '#0b1220', muted: '#566072', lit: '#0d3fa6',
      border: '#c3cbd7', borderMuted: '#e1e6ee', focus: '#2f6bff',
      link: '#1f5bd8', visited: '#6b3fc4', codeBackground: '#f3f5f9', codeText: '#1d2a3a',
      success: '#137a3f', warning: '#955800', error: '#c62828', info: '#0b66c2',
      selection: '#cfe0ff', debug: '#e0218a', glow: '#4f8cff', accent: '#0fa3a3',
    }),
  },
  dark: {
    idea: 'Modern Default Normal "Night Mode" reading. Like google\'s dark mode',
    palette: palette({
      canvas: '#131416', surface: '#202124', bezel: '#303134', brand: '#8ab4f8', onBrand: '#202124',
      text: '#e8eaed', strong: '#ffffff', muted: '#a8aeb4', lit: '#ffffff',
      border: '#4a4e53', borderMuted: '#35363a', focus: '#8ab4f8',
      link: '#8ab4f8', visited: '#c58af9', codeBackground: '#17181a', codeText: '#e8eaed',
      success: '#81c995', warning: '#fdd663', error: '#f28b82', info: '#8ab4f8',
      selection: '#394457', debug: '#ff63b8', glow: '#8ab4f8', accent: '#78d9ec',
    }),
  },
};

const mosaicLight = palette({
  // Windows 3.1: teal desktop (0, 128, 128), silver chrome, navy title bars, white edit fields.
  canvas: '#008080', surface: '#c0c0c0', bezel: '#dfdfdf', brand: '#000080', onBrand: '#ffffff',
  text: '#000000', strong: '#000000', muted: '#404040', lit: '#000080',
  border: '#808080', borderMuted: '#a0a0a0', focus: '#000000',
  link: '#0000a8', visited: '#800080', codeBackground: '#ffffff', codeText: '#000000',
  success: '#008000', warning: '#6b5000', error: '#a80000', info: '#000080',
  selection: '#a8a8ff', debug: '#ff00ff', glow: '#00ffff', accent: '#ff0000',
});

export const mosaic1993: ThemeDefinition = {
  id: 'mosaic-1993',
  name: 'Mosaic 1993',
  fonts: {
    display: '"MS Sans Serif", "Microsoft Sans Serif", Arial, "Liberation Sans", sans-serif',
    body: '"MS Sans Serif", "Microsoft Sans Serif", Arial, "Liberation Sans", sans-serif',
    mono: '"Fixedsys", "Courier New", "Liberation Mono", monospace',
  },
  light: { idea: 'Windows 3.1 Silver chrome, chiseled borders. Teal bg (0, 128, 128)', palette: mosaicLight },
  dark: { idea: 'Exact Inverse of mosaic 1993 light mode', palette: invertPalette(mosaicLight) },
};

export const neonvice1985: ThemeDefinition = {
  id: 'neonvice-1985',
  name: 'NeonVice 1985',
  fonts: { display: `"Poiret One", ${systemFontStack}`, body: systemFontStack, mono: monoFontStack },
  light: {
    idea: 'GTA NeonVice NeonCity. Miami pastels, linen suits, art deco pinks.',
    palette: palette({
      canvas: '#9fe3dc', surface: '#fff6ee', bezel: '#f6c5d5', brand: '#c2255c', onBrand: '#ffffff',
      text: '#3b2340', strong: '#24122a', muted: '#6e4a6a', lit: '#a3125a',
      border: '#e4a9bd', borderMuted: '#f3d4df', focus: '#008080',
      link: '#0b6f75', visited: '#8e3fa8', codeBackground: '#fdf0f5', codeText: '#3b2340',
      success: '#1a7450', warning: '#8f5400', error: '#c0263d', info: '#1f68a0',
      selection: '#ffd1e3', debug: '#0098d9', glow: '#ff5fa2', accent: '#18b5b0',
    }),
  },
  dark: {
    idea: 'Ocean Drive Midnight. Misty purple haze, humid glow.',
    palette: palette({
      canvas: '#140b22', surface: '#24123a', bezel: '#371b52', brand: '#ff4fa3', onBrand: '#1a0b1f',
      text: '#f3d9ff', strong: '#ffffff', muted: '#c4a3d9', lit: '#ffe6fb',
      border: '#6a3a8c', borderMuted: '#3e2358', focus: '#4ff0ff',
      link: '#5ee7ff', visited: '#ff8ad8', codeBackground: '#12081d', codeText: '#ffd6f0',
      success: '#4ef0a8', warning: '#ffd15c', error: '#ff6b8b', info: '#6ac8ff',
      selection: '#5a2a7a', debug: '#00ffd0', glow: '#ff4fd8', accent: '#38e8ff',
    }),
  },
};

export const neoncity2085: ThemeDefinition = {
  id: 'neoncity-2085',
  name: 'NeonCity 2085',
  fonts: { display: `"Orbitron Variable", ${systemFontStack}`, body: systemFontStack, mono: cockpitMonoStack },
  light: {
    idea: '2085 Utopia. Hopeful, Chromium, Electric neon.',
    palette: palette({
      canvas: '#d3dfea', surface: '#f7fbff', bezel: '#bac8d6', brand: '#005ce6', onBrand: '#ffffff',
      text: '#15233a', strong: '#050d1c', muted: '#4a5a73', lit: '#0040b3',
      border: '#a9b8c9', borderMuted: '#d8e1ea', focus: '#0077e6',
      link: '#0052cc', visited: '#7a2ee6', codeBackground: '#eaf3ff', codeText: '#0b1a33',
      success: '#00784a', warning: '#935600', error: '#d0103a', info: '#005fcc',
      selection: '#bfe3ff', debug: '#ff00aa', glow: '#00e5ff', accent: '#ff2bd6',
    }),
  },
  dark: {
    idea: '2085 Dystopia. Netrunner. sharp laser edges.',
    palette: palette({
      canvas: '#05060a', surface: '#0c0f17', bezel: '#161c29', brand: '#00f0ff', onBrand: '#001014',
      text: '#d4f7ff', strong: '#ffffff', muted: '#7fa9b8', lit: '#e9feff',
      border: '#1f6f8b', borderMuted: '#16303d', focus: '#f5ff00',
      link: '#00e1ff', visited: '#ff4fd1', codeBackground: '#020307', codeText: '#9ffcff',
      success: '#39ff88', warning: '#f5ff00', error: '#ff2b5e', info: '#00b3ff',
      selection: '#3b0f4f', debug: '#ff00e5', glow: '#00f0ff', accent: '#ff2bd6',
    }),
  },
};

export const paper: ThemeDefinition = {
  id: 'paper',
  name: 'Paper',
  fonts: {
    display: '"Courier New", "Liberation Mono", monospace',
    body: serifFontStack,
    mono: '"Courier New", "Liberation Mono", monospace',
  },
  light: {
    idea: 'The Office. Copier paper, toner black, ballpoint blue.',
    palette: palette({
      canvas: '#d6d6d0', surface: '#fbfbf8', bezel: '#e6e6e0', brand: '#1f3fbf', onBrand: '#ffffff',
      text: '#1a1a1a', strong: '#000000', muted: '#555555', lit: '#0a1f8f',
      border: '#c4c4bc', borderMuted: '#e6e6e0', focus: '#1f3fbf',
      link: '#1f3fbf', visited: '#5b2a86', codeBackground: '#f1f1ec', codeText: '#111111',
      success: '#1e6b2e', warning: '#855000', error: '#b01c1c', info: '#1f3fbf',
      selection: '#cdd8ff', debug: '#e01fbf', glow: '#7d9bff', accent: '#f5d90a',
    }),
  },
  dark: {
    idea: 'Carbon. Deep indigo back, faint blue transfer text.',
    palette: palette({
      canvas: '#0d0f24', surface: '#161a3a', bezel: '#222851', brand: '#8fa4ff', onBrand: '#0d0f24',
      text: '#b9c4ff', strong: '#e3e8ff', muted: '#8d98d4', lit: '#eef1ff',
      border: '#39417a', borderMuted: '#252b55', focus: '#ffe36b',
      link: '#9fb4ff', visited: '#d4a8ff', codeBackground: '#0a0c1e', codeText: '#c3ccff',
      success: '#8fe3a8', warning: '#ffd36b', error: '#ff8f9c', info: '#8fc8ff',
      selection: '#2d3670', debug: '#ff6bd5', glow: '#6f86ff', accent: '#ffe36b',
    }),
  },
};

export const ledger1920: ThemeDefinition = {
  id: 'ledger-1920',
  name: 'Ledger 1920',
  fonts: {
    display: `"Special Elite", "Courier New", monospace`,
    body: serifFontStack,
    mono: `"Special Elite", "Courier New", monospace`,
  },
  light: {
    idea: 'Wall St Ledger. Manila folder, Banker Green, Typewriter.',
    palette: palette({
      canvas: '#b89d62', surface: '#f3e6bf', bezel: '#d6bf86', brand: '#1d5236', onBrand: '#f3e6bf',
      text: '#2a2418', strong: '#120f08', muted: '#5c5038', lit: '#0f3d24',
      border: '#b39a5e', borderMuted: '#e3d3a3', focus: '#1d5236',
      link: '#1d4f7a', visited: '#6b2f4a', codeBackground: '#fbf4dc', codeText: '#2a2418',
      success: '#1d5236', warning: '#7a4a00', error: '#9c1c1c', info: '#1d4f7a',
      selection: '#d8e6c2', debug: '#c2189a', glow: '#ffd98a', accent: '#1d5236',
    }),
  },
  dark: {
    idea: 'Jazz Moderne / Gatsby. Matte Black Cardstock, Gold Foil.',
    fonts: { display: `"Poiret One", ${serifFontStack}`, mono: monoFontStack },
    palette: palette({
      canvas: '#050505', surface: '#121212', bezel: '#1f1c15', brand: '#d4af37', onBrand: '#121212',
      text: '#e9dcb5', strong: '#fff4d6', muted: '#b8a06a', lit: '#fff8e1',
      border: '#8a6f2c', borderMuted: '#2c261a', focus: '#f5d77a',
      link: '#e6c35c', visited: '#c9a2d9', codeBackground: '#0a0a0a', codeText: '#e6c35c',
      success: '#8fd3a0', warning: '#f0c24a', error: '#ff7e6b', info: '#8fc1e6',
      selection: '#3d3317', debug: '#ff5cc8', glow: '#ffcf5a', accent: '#d4af37',
    }),
  },
};
