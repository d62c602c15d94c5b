/**
 * Field schemas shared by the REST and WebSocket shapes. Money and counts stay exact strings;
 * LEGACY integer fields (cents, whole counts) are accepted where old payloads carry them.
 */
import { CountText, DollarsText } from '@polly/contracts';
import { z } from 'zod';

export { CountText, DollarsText };
/** RFC 3339 time as Kalshi sends it; kept as text (parsing is the caller's choice). */
export const TimeText = z.string().min(1);
export const NullableTime = TimeText.nullable().optional();
/**
 * A LEGACY integer field (cents or whole contracts): passed through when it is one, dropped when
 * it is anything else, never required. A stray LEGACY value must not cost us the whole object.
 */
export const LegacyInteger = z.number().int().nullable().optional().catch(undefined);
export const OutcomeSide = z.enum(['yes', 'no']);
export const BookSide = z.enum(['bid', 'ask']);
export const OrderAction = z.enum(['buy', 'sell']);
/** `[price_dollars, count_fp]` as the REST book sends it. */
export const BookLevelText = z.tuple([DollarsText, CountText]);
export const PriceRange = z.object({ start: DollarsText, end: DollarsText, step: DollarsText });
export const SettlementSource = z.object({ name: z.string().optional(), url: z.string().optional() });
/** Kalshi's cursor: an empty string (or absent/null) means the last page. */
export const Cursor = z
  .string()
  .nullable()
  .optional()
  .transform((cursor) => cursor ?? '');
