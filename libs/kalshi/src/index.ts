/**
 * @polly/kalshi — the Kalshi Trade API v2 for every service that talks to the exchange:
 * a REST client over the official SDK (token buckets, retry table, typed results, zod-validated
 * bodies, cursor listings), a WebSocket client (signed upgrade, subscriptions restored across
 * reconnects, sequence gaps detected and repaired), order books kept from the stream, and the
 * exact money, price-grid and fee rules re-exported from @polly/contracts and @polly/market.
 */

// REST
export { createKalshiClient, type KalshiClient, type KalshiClientOptions } from './rest/client';
export { createRequestSigner, isSigningKeyType, type RequestSigner, SIGNING_KEY_TYPES, type SigningKeyType } from './rest/signing';
export type { EventsQuery, MarketsQuery, PageQuery, SeriesQuery, TradesQuery } from './rest/market-data-calls';
export type { AccountScope, FillsQuery, OrdersQuery, PositionsQuery, SettlementsQuery } from './rest/portfolio-calls';
export { type CancelTarget, type IdentifiedOrder, type NewOrder, type PlacedOrder, withClientOrderId } from './rest/order-calls';
export { collectAll, isCursorRejection, type ListOptions, type Page, type PageSource, type PaginationProgress, paginate } from './rest/pagination';
export type { RequestEvent, RestCountersSnapshot, RestEventMap, RetryEvent } from './rest/observability';
export * from './rest/schemas/market-data';
export * from './rest/schemas/portfolio';

// Shared machinery
export { type Clock, createSystemClock, ManualClock, sleep, systemClock, type TimerHandle } from './clock';
export { KALSHI_ENDPOINTS, type KalshiEndpoints, WEBSOCKET_SIGNED_PATH } from './environments';
export { type KalshiError, type KalshiErrorKind, KalshiFailure, type KalshiResult, type ParsedErrorBody, parseErrorBody } from './errors';
export { BASIC_TIER_LIMITS, type BucketLimits, clientBucket, type RateLimits, type RateLimitsInput, resolveRateLimits } from './rate-limits';
export { DEFAULT_RETRY_TABLE, decideRetry, type FailureClass, type FixedRetry, type RetryDecision, type RetryTable } from './retry-policy';
export { type TakeResult, TokenBucket, type TokenBucketConfig } from './token-bucket';

// WebSocket
export { type ChannelSid, createKalshiStream, KalshiStream, type KalshiStreamOptions, type SubscribeOptions } from './ws/client';
export type { CommandFailure, StreamResult } from './ws/commands';
export * from './ws/frames';
export type {
  ChannelFailure,
  ConnectionState,
  RejectedFrame,
  RestoredSubscriptions,
  SequenceGap,
  StateChange,
  StreamCountersSnapshot,
  StreamEventMap,
} from './ws/observability';
export { type SequenceVerdict, SequenceTracker } from './ws/sequence';
export { type BackoffOptions, DEFAULT_BACKOFF, reconnectDelay } from './ws/backoff';
export { type BookUpdate, StreamBooks } from './ws/books';

// Exact money and counts, price grid, fees and the L2 book.
export {
  type Centis,
  type Micros,
  type Rounding,
  CENTIS_PER_CONTRACT,
  CountText,
  complement,
  divideRounded,
  DollarsText,
  FixedPointError,
  formatCount,
  formatDollars,
  MICROS_PER_DOLLAR,
  notional,
  ONE_DOLLAR,
  parseCount,
  parseDollars,
} from '@polly/contracts';
export * from '@polly/market';
