/** Field schemas shared by several streams. */
import { z } from 'zod';
import { CountText, DollarsText } from './fixed-point';

export const Timestamp = z.iso.datetime({ offset: false });
export const MarketTicker = z.string().min(1).max(160);
export const SeriesTicker = z.string().min(1).max(80);
export const EventTicker = z.string().min(1).max(120);
export const OutcomeSide = z.enum(['yes', 'no']);
export type OutcomeSide = z.infer<typeof OutcomeSide>;
export const OrderAction = z.enum(['buy', 'sell']);
export type OrderAction = z.infer<typeof OrderAction>;
/** V2 order side: bid = buy YES, ask = sell YES (= buy NO at 1 − price). */
export const BookSide = z.enum(['bid', 'ask']);
export type BookSide = z.infer<typeof BookSide>;
export const TimeInForce = z.enum(['fill_or_kill', 'good_till_canceled', 'immediate_or_cancel']);
export type TimeInForce = z.infer<typeof TimeInForce>;
/** One price level: [price in dollars, resting count]. */
export const BookLevel = z.tuple([DollarsText, CountText]);
export type BookLevel = z.infer<typeof BookLevel>;
export const AgentId = z.string().min(1).max(64);
export const AgentMode = z.enum(['Auto', 'SemiAuto', 'FullStop']);
export type AgentMode = z.infer<typeof AgentMode>;
export const AgentLifecycle = z.enum(['INITIALIZING', 'ACTIVE', 'IDLE', 'PAUSED', 'ERROR', 'STOPPED']);
export type AgentLifecycle = z.infer<typeof AgentLifecycle>;
export const MarketInternalState = z.enum(['ACTIVE', 'WATCHLIST', 'INACTIVE', 'IGNORED']);
export type MarketInternalState = z.infer<typeof MarketInternalState>;
/** A decimal that is not money (an index level, a strike): exact text, never a float. */
export const DecimalText = z.string().regex(/^-?\d{1,15}(\.\d{1,8})?$/, 'expected a decimal such as "97123.45"');
export const PriceRange = z.object({ start: DollarsText, end: DollarsText, step: DollarsText });
export type PriceRange = z.infer<typeof PriceRange>;
/** A model input or output recorded with a decision: numbers are allowed here, never for money. */
export const DecisionInputs = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export { CountText, DollarsText };
