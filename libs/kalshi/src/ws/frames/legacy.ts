/**
 * LEGACY WebSocket fields (PROTOCOL §7.6, AA-Mar26): integer cents and whole counts. When a frame
 * carries only these, they are turned into the CURRENT fixed-point strings, exactly.
 */
import { centsToMicros, formatCount, formatDollars, wholeContracts } from '@polly/contracts';
import { z } from 'zod';
import { CountText, DollarsText } from '../../rest/schemas/fields';

// LEGACY fields are only read when the CURRENT field is missing; a malformed one is dropped
// (`catch`) rather than failing a frame whose CURRENT fields are fine.
export const LegacyInteger = z.number().int().optional().catch(undefined);
/** `[cents, count]` (LEGACY `yes`/`no`). */
export const LegacyCentsLevels = z.array(z.tuple([z.number().int(), z.number().int()])).nullable().optional().catch(undefined);
/** `["0.080", 300]` (LEGACY `yes_dollars`/`no_dollars`: dollar text with an integer count). */
export const LegacyDollarLevels = z.array(z.tuple([DollarsText, z.number().int()])).nullable().optional().catch(undefined);
export const FixedPointLevels = z.array(z.tuple([DollarsText, CountText])).nullable().optional();

export const centsText = (cents: number): string => formatDollars(centsToMicros(cents));
export const countText = (count: number): string => formatCount(wholeContracts(count));

type Level = [string, string];

/** The CURRENT levels when present, else the LEGACY dollar levels, else the LEGACY cent levels. */
export function levelsFrom(
  current: Level[] | null | undefined,
  legacyDollars: Array<[string, number]> | null | undefined,
  legacyCents: Array<[number, number]> | null | undefined,
): { levels: Level[]; legacy: boolean } {
  if (current) return { levels: current, legacy: false };
  if (legacyDollars) return { levels: legacyDollars.map(([price, count]) => [price, countText(count)]), legacy: true };
  if (legacyCents) return { levels: legacyCents.map(([cents, count]) => [centsText(cents), countText(count)]), legacy: true };
  return { levels: [], legacy: false };
}

/** A CURRENT field, or its LEGACY integer converted, or undefined when neither came. */
export function currentOrLegacy(current: string | undefined, legacy: number | undefined, convert: (value: number) => string): string | undefined {
  if (current !== undefined) return current;
  return legacy === undefined ? undefined : convert(legacy);
}
