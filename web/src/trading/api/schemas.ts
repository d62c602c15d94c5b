/**
 * What the cockpit reads from the control API (docs/control-api.md, docs/openapi.json), validated
 * on arrival: an answer that does not match is an error the displays report, never a guess.
 * Only the fields the cockpit uses are declared; unknown fields are dropped. Money and counts stay
 * decimal strings here and become bigints in `money.ts`.
 */
import * as z from 'zod/mini';

export const Decimal = z.string().check(z.regex(/^-?\d{1,12}(\.\d{1,6})?$/));
export const Instant = z.string().check(z.regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/));
export const Environment = z.enum(['live', 'demo']);
export type Environment = z.infer<typeof Environment>;
export const AgentMode = z.enum(['Auto', 'SemiAuto', 'FullStop']);
export type AgentMode = z.infer<typeof AgentMode>;

export const Reconciliation = z.object({
  cycle_id: z.string(),
  trigger: z.string(),
  running: z.boolean(),
  started_at: Instant,
  completed_at: z.nullable(Instant),
  clean: z.nullable(z.boolean()),
  discrepancies: z.nullable(z.number()),
  error: z.nullable(z.string()),
  /** Not answered yet by /state/system; read when present (the table has them). */
  summary: z.optional(z.nullable(z.array(z.string()))),
  by_kind: z.optional(z.nullable(z.record(z.string(), z.number()))),
});
export type Reconciliation = z.infer<typeof Reconciliation>;

export const SystemState = z.object({
  environment: Environment,
  active_environment: Environment,
  environments: z.array(Environment),
  global_trading_enabled: z.boolean(),
  trading_disabled_reason: z.nullable(z.string()),
  websocket_connected: z.boolean(),
  websocket_state: z.nullable(z.string()),
  api_keys_loaded: z.boolean(),
  api_key_id_hint: z.nullable(z.string()),
  markets_discovered: z.number(),
  active_agents: z.number(),
  uptime_seconds: z.number(),
  simulated: z.boolean(),
  reconciliation: z.nullable(Reconciliation),
  event_clients: z.number(),
});
export type SystemState = z.infer<typeof SystemState>;

export const Agent = z.object({
  agent_id: z.string(),
  agent_name: z.string(),
  enabled: z.boolean(),
  mode: AgentMode,
  lifecycle_state: z.string(),
  state_reason: z.nullable(z.string()),
  last_decision_at: z.nullable(Instant),
});
export type Agent = z.infer<typeof Agent>;
export const AgentsAnswer = z.object({ environment: Environment, agents: z.array(Agent) });

export const Position = z.object({
  holder: z.string(),
  market_ticker: z.string(),
  position: Decimal,
  cost_basis: Decimal,
  realized_pnl: Decimal,
  fees_paid: Decimal,
  mark_price: z.nullable(Decimal),
  unrealized_pnl: z.nullable(Decimal),
});
export type Position = z.infer<typeof Position>;
export const PositionsAnswer = z.object({ environment: Environment, positions: z.array(Position) });

export const Balance = z.object({
  environment: Environment,
  balance: z.nullable(Decimal),
  portfolio_value: z.nullable(Decimal),
  updated_at: z.nullable(Instant),
});
export type Balance = z.infer<typeof Balance>;

export const MarketSnapshot = z.object({
  marketTicker: z.string(),
  yesBid: z.nullable(Decimal),
  yesAsk: z.nullable(Decimal),
  noBid: z.nullable(Decimal),
  noAsk: z.nullable(Decimal),
  lastPrice: z.nullable(Decimal),
  volume: z.nullable(Decimal),
  stale: z.boolean(),
  observedAt: Instant,
});

/** The intent an agent asks a human to approve (its reasoning and the market it saw). */
export const TradeIntent = z.object({
  intentId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  marketTicker: z.string(),
  action: z.enum(['buy', 'sell']),
  side: z.enum(['yes', 'no']),
  price: Decimal,
  count: Decimal,
  estimatedFee: Decimal,
  confidence: z.number(),
  reasoning: z.string(),
  marketSnapshot: MarketSnapshot,
  createdAt: Instant,
});
export type TradeIntent = z.infer<typeof TradeIntent>;

export const Approval = z.object({
  approval_id: z.string(),
  agent_id: z.string(),
  market_ticker: z.string(),
  intent: TradeIntent,
  status: z.string(),
  requested_at: Instant,
  expires_at: Instant,
});
export type Approval = z.infer<typeof Approval>;
export const ApprovalsAnswer = z.object({ environment: Environment, approvals: z.array(Approval) });

export const Decision = z.object({
  decision_id: z.string(),
  agent_id: z.string(),
  market_ticker: z.nullable(z.string()),
  outcome: z.string(),
  reason_code: z.string(),
  explanation: z.string(),
  decided_at: Instant,
});
export type Decision = z.infer<typeof Decision>;
export const DecisionsAnswer = z.object({ environment: Environment, decisions: z.array(Decision) });

export const PnlPoint = z.object({
  at: Instant,
  realized_pnl: Decimal,
  unrealized_pnl: Decimal,
  total_pnl: Decimal,
  fees_paid: Decimal,
  fills: z.number(),
  wins: z.number(),
  losses: z.number(),
});
export type PnlPoint = z.infer<typeof PnlPoint>;
export const PnlAnswer = z.object({ environment: Environment, series: z.array(z.object({ agent_id: z.string(), points: z.array(PnlPoint) })) });

export const Series = z.object({
  series_ticker: z.string(),
  title: z.string(),
  category: z.string(),
  frequency: z.string(),
  tags: z.array(z.string()),
  fee_type: z.string(),
  fee_multiplier: Decimal,
  volume: z.nullable(Decimal),
  simulated: z.boolean(),
  markets: z.number(),
});
export type Series = z.infer<typeof Series>;
export const SeriesAnswer = z.object({
  environment: Environment,
  series: z.array(Series),
  categories: z.array(z.object({ category: z.string(), series: z.number(), markets: z.number() })),
});
export type SeriesAnswer = z.infer<typeof SeriesAnswer>;

export const LiveQuote = z.object({
  stale: z.boolean(),
  yesBid: z.nullable(Decimal),
  noBid: z.nullable(Decimal),
  yesAsk: z.nullable(Decimal),
  noAsk: z.nullable(Decimal),
  impliedProbability: z.nullable(Decimal),
  lastPrice: z.nullable(Decimal),
  volume: z.nullable(Decimal),
  revision: z.number(),
  updatedAt: Instant,
});
export type LiveQuote = z.infer<typeof LiveQuote>;

export const Market = z.object({
  market_ticker: z.string(),
  event_ticker: z.string(),
  series_ticker: z.string(),
  title: z.string(),
  subtitle: z.string(),
  yes_sub_title: z.string(),
  no_sub_title: z.string(),
  exchange_status: z.string(),
  open_time: z.nullable(Instant),
  close_time: z.nullable(Instant),
  yes_bid: z.nullable(Decimal),
  yes_ask: z.nullable(Decimal),
  last_price: z.nullable(Decimal),
  volume: z.nullable(Decimal),
  volume_24h: z.nullable(Decimal),
  live: z.nullable(LiveQuote),
});
export type Market = z.infer<typeof Market>;
export const MarketsAnswer = z.object({ environment: Environment, source: z.enum(['cache', 'table']), markets: z.array(Market), next_cursor: z.nullable(z.string()) });
export type MarketsAnswer = z.infer<typeof MarketsAnswer>;

export const RecentTrade = z.object({ tradeId: z.string(), yesPrice: Decimal, count: Decimal, takerSide: z.enum(['yes', 'no']), at: Instant });
export const MarketDetailAnswer = z.object({
  environment: Environment,
  market: z.extend(Market, { cache: z.nullable(z.object({ recentTrades: z.array(RecentTrade) })) }),
});

const AutofillPair = z.object({
  key_id: z.nullable(z.string()),
  private_key: z.nullable(z.string()),
  private_key_available: z.boolean(),
  problem: z.nullable(z.string()),
});
export const AutofillAnswer = z.object({ found: z.boolean(), demo: AutofillPair, live: AutofillPair });
export type AutofillAnswer = z.infer<typeof AutofillAnswer>;

export const KeysConnectedAnswer = z.object({
  status: z.literal('connected'),
  environment: Environment,
  key_id_hint: z.string(),
  balance: z.nullable(Decimal),
  verified_at: Instant,
});

export const KeysDisconnectedAnswer = z.object({ status: z.literal('disconnected'), environment: Environment });

export const CommandAccepted = z.object({ status: z.literal('accepted'), detail: z.string() });

/** RFC 9457 problem documents, as every error of the API is written. */
export const Problem = z.object({
  title: z.optional(z.string()),
  status: z.optional(z.number()),
  detail: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ path: z.optional(z.string()), message: z.string() }))),
});
