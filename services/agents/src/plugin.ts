/**
 * The agent plugin interface: everything an agent is, and nothing about how it runs.
 *
 * An agent is one file exporting an `AgentPlugin` and one line in `plugins/index.ts`. The runtime
 * does the rest for every environment the agent may trade: registers it (`agent.registered`) with
 * the defaults below the first time it is seen, runs it in its own task with the lifecycle
 * INITIALIZING / ACTIVE / IDLE / PAUSED / ERROR / STOPPED, feeds it market updates, trades and
 * index values, records every decision (`agent.decided`), turns orders into `intent.created`
 * and cancels of its own resting orders into `order.cancel-requested`, and restarts it with
 * backoff when it throws.
 *
 * The contract for a plugin:
 * - `observe` and `decide` are pure: the same state and input give the same answer, no I/O, no
 *   clock (the time is `context.now`). `observe` returns the next state (it may return the same
 *   object changed in place: the state belongs to one task only).
 * - Money and counts are exact (`Micros`, `Centis` from @polly/contracts). Model outputs such as
 *   probabilities are numbers and become prices only through `probabilityToPrice` and the
 *   market's price grid (`snapToGrid` from @polly/market).
 * - A hold is a decision too: say why (a stable `reasonCode` in CAPITALS and a sentence) and
 *   which inputs were used. The runtime records one hold per market per agent per minute.
 * - An exception is allowed to escape: the agent goes to ERROR and is restarted from
 *   `initialState`; the other agents never notice.
 */
import type { z } from 'zod';
import type {
  Centis,
  CountText,
  DecisionInputs,
  DollarsText,
  Environment,
  MarketSnapshot,
  Micros,
  OrderAction,
  OutcomeSide,
  TimeInForce,
} from '@polly/contracts';
import type { FeeSchedule, PriceBand } from '@polly/market';

/** The configuration every agent has (the gate enforces the limits), before its own parameters. */
export interface AgentDefaults {
  /** Environments it may trade. Default `["demo"]`: no agent touches live until the owner allows it. */
  environments: Environment[];
  /** Largest absolute position per market, as a count ("10.00"). */
  maxPosition: CountText;
  /** Realized loss per UTC day after which the gate refuses its buys ("25.00"). */
  maxDailyLoss: DollarsText;
  /** Contracts per order ("2.00"). */
  orderSize: CountText;
}

/** What a plugin can tell about a market before it has seen its book. */
export interface MarketIdentity {
  marketTicker: string;
  seriesTicker: string | null;
}

/** One public trade, exact: `takerSide` is the outcome the taker bought. */
export interface MarketTrade {
  tradeId: string;
  yesPrice: Micros;
  count: Centis;
  takerSide: OutcomeSide;
  /** Exchange time of the trade (ms since the epoch). */
  at: number;
}

/** Facts fed to `observe`, in the order they happened for each source. */
export type Observation =
  /** Trades of one market not seen before, oldest first. */
  | { kind: 'trades'; marketTicker: string; trades: readonly MarketTrade[] }
  /**
   * A value of an index the plugin asked for (`indices`). Index levels are not money: numbers.
   * `windowedAverage` is the exchange's running settlement average while inside a settlement
   * window (BRTI: the final minute of each quarter-hour), else null.
   */
  | { kind: 'index'; indexId: string; value: number; windowedAverage: number | null; at: number };

/** One market as a decision sees it: the cached book joined with the market's metadata. */
export interface MarketView {
  marketTicker: string;
  seriesTicker: string | null;
  /** On the discovery watchlist (these are evaluated first). */
  watchlist: boolean;
  /** The exchange status as last seen (cache, else read model). */
  status: string | null;
  /** True when orders can be placed now: an open status, or inside open..close time. */
  openForTrading: boolean;
  /** True while the cached book cannot be trusted. */
  stale: boolean;
  staleReason: string | null;
  yesBid: Micros | null;
  yesAsk: Micros | null;
  noBid: Micros | null;
  noAsk: Micros | null;
  lastPrice: Micros | null;
  /** Close time (ms since the epoch) or null when unknown. */
  closeTime: number | null;
  /** The strike as exact decimal text ("97123.45"), when the market has one. */
  floorStrike: string | null;
  strikeType: string | null;
  /** The price grid, or null when the market's metadata is not known yet. */
  priceGrid: readonly PriceBand[] | null;
  /** The series' fee schedule, or null when unknown or undocumented (flat). */
  feeSchedule: FeeSchedule | null;
  /** The cache entry's revision and time (recorded with decisions). */
  revision: number;
  updatedAt: string;
  /** The book as recorded with an intent. */
  snapshot: MarketSnapshot;
}

/** Everything `decide` may use about one market, its own holdings and the time. */
export interface DecisionContext<TParameters> {
  now: number;
  /** What caused this evaluation: a market update, a new index value, or the once-a-minute review. */
  trigger: 'market' | 'index' | 'review';
  market: MarketView;
  parameters: TParameters;
  limits: { orderSize: Centis; maxPosition: Centis };
  /** The agent's signed position in this market: positive YES contracts, negative NO contracts. */
  position: Centis;
  /** Signed count of its intents and orders that are still working (not yet final). */
  working: Centis;
  /** How many intents and orders are still working. */
  workingOrders: number;
  /** When it last sent an intent for this market (ms), or null. */
  lastIntentAt: number | null;
  /** Its own orders resting at the exchange in this market (it may withdraw them: a `cancel` decision). */
  resting: readonly RestingOrder[];
}

/** One of the agent's orders resting in the book. */
export interface RestingOrder {
  clientOrderId: string;
  action: OrderAction;
  side: OutcomeSide;
  /** The limit price of `side`. */
  price: Micros;
  /** Contracts still resting. */
  remaining: Centis;
  /** A cancel was asked for in the last 30 s and has not been answered yet (asking again changes nothing). */
  cancelRequested: boolean;
}

/** An order as a plugin asks for it: the price is the limit of `side` (a NO price for side no). */
export interface OrderRequest {
  action: OrderAction;
  side: OutcomeSide;
  price: Micros;
  count: Centis;
  postOnly: boolean;
  timeInForce: TimeInForce;
  /** True for closing sells: never turns into a position the other way. */
  reduceOnly: boolean;
}

export type Decision =
  | { outcome: 'hold'; reasonCode: string; explanation: string; inputs: z.infer<typeof DecisionInputs> }
  /** Withdraw one of its own resting orders in this market (`context.resting`). */
  | { outcome: 'cancel'; clientOrderId: string; reasonCode: string; explanation: string; inputs: z.infer<typeof DecisionInputs> }
  | {
      outcome: 'order';
      order: OrderRequest;
      /** The agent's score for the trade, 0..1 (a model output, not money). */
      confidence: number;
      reasonCode: string;
      explanation: string;
      inputs: z.infer<typeof DecisionInputs>;
    };

export interface AgentPlugin<TParameters = unknown, TState = unknown> {
  /** Stable id: lower-case letters, digits and dashes (it starts every client order id). */
  readonly agentId: string;
  readonly agentName: string;
  /** One paragraph for the registry and the docs. */
  readonly description: string;
  readonly defaults: AgentDefaults;
  /**
   * The agent's own parameters, read from its configuration (the same JSON object as the
   * defaults). Every field needs a default, so a configuration without them still parses.
   */
  readonly parameters: z.ZodType<TParameters>;
  /** Index ids whose values it observes (for example `["BRTI"]`). A fresh value re-evaluates its markets. */
  readonly indices?: readonly string[];
  /** Whether it looks at a market at all (asked once per market and remembered). */
  interestedIn(market: MarketIdentity): boolean;
  initialState(parameters: TParameters): TState;
  observe(state: TState, observation: Observation, parameters: TParameters): TState;
  decide(state: TState, context: DecisionContext<TParameters>): Decision;
}

/** A plugin whose parameter and state types are hidden (what the runtime holds). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAgentPlugin = AgentPlugin<any, any>;

/** Identity helper that keeps a plugin's types while checking it against the interface. */
export function definePlugin<TParameters, TState>(plugin: AgentPlugin<TParameters, TState>): AgentPlugin<TParameters, TState> {
  return plugin;
}

export const AGENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,23}$/;
