// Tailwind reads the cockpit's colours and fonts from the design-token custom properties, so a
// utility such as `text-muted` follows the active theme, mode and illumination.
const path = require('node:path');

/** @type {import('tailwindcss').Config} */
module.exports = {
  content: [path.join(__dirname, 'src/**/*.{html,ts}')],
  theme: {
    extend: {
      colors: {
        canvas: 'var(--color-bg-canvas)',
        surface: 'var(--color-bg-surface)',
        bezel: 'var(--color-bg-bezel)',
        brand: 'var(--color-bg-brand)',
        ink: 'var(--ink-default)',
        strong: 'var(--ink-strong)',
        muted: 'var(--ink-muted)',
        focus: 'var(--color-border-focus)',
        glow: 'var(--color-glow)',
        accent: 'var(--color-accent)',
      },
      fontFamily: {
        display: 'var(--font-display)',
        body: 'var(--font-body)',
        mono: 'var(--font-mono)',
      },
    },
  },
  plugins: [],
};
