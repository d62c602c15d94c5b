/**
 * The 22 system themes in the order of the PRD's theme table, each with a light and a dark
 * design. `defaultThemeId` is the landing theme.
 */
import { ledger1920, modernWebpage, mosaic1993, neoncity2085, neonvice1985, paper } from './palettes/classic';
import { dieselpunk, blueprint, gen7Cockpit, phosphor, steampunk, ussrCockpit } from './palettes/machines';
import { chalkboard, coniforest, glacier, oceanic, raneforest, volcano } from './palettes/nature';
import { dreamcore, frutigerAero, solarpunk, stonepunk } from './palettes/futures';
import type { ThemeDefinition } from './tokens';

export const themes: readonly ThemeDefinition[] = [
  modernWebpage,
  mosaic1993,
  neonvice1985,
  neoncity2085,
  coniforest,
  raneforest,
  gen7Cockpit,
  ussrCockpit,
  paper,
  ledger1920,
  blueprint,
  chalkboard,
  oceanic,
  glacier,
  volcano,
  phosphor,
  steampunk,
  dieselpunk,
  solarpunk,
  stonepunk,
  dreamcore,
  frutigerAero,
];

export const themeIds: readonly string[] = themes.map((theme) => theme.id);

export const defaultThemeId = 'modern-webpage';

export function findTheme(id: string): ThemeDefinition | undefined {
  return themes.find((theme) => theme.id === id);
}
