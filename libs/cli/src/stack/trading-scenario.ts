/**
 * Steps the trading-path end-to-end tests share: waiting for agents, picking markets nobody else
 * trades, making Prime's signal (a maker quotes, a taker's trades dominate one side), and
 * reading the read models and the simulator's account side by side.
 */
import { type AgentLifecycle, type AgentMode, type EventType } from '@polly/contracts';
import type { OrderLogEntry, SimulatorOptions } from '@polly/exchange-sim';
import { eventually } from '@polly/testing';
import { connectDemoKeys } from './cockpit-client';
import type { Stack } from './in-process';
import { type MarketActor, quote, take } from './market-actors';
import type { EventOf } from './recorder';

export const AGENTS = ['prime', 'peritia'] as const;

/** The simulator these tests trade against: 500 markets, its background traders on. */
export const SIMULATOR_WITH_TRADERS: SimulatorOptions = { markets: 500, seed: 7, traders: true };

/** The order-entry requests the stack's own account sent (`POST` only unless `every`). */
export async function stackOrderLog(stack: Stack, options: { every?: boolean } = {}): Promise<OrderLogEntry[]> {
  return ((await stack.admin('GET', '/order-log')) as OrderLogEntry[]).filter((entry) => entry.keyId === stack.keys.keyId && (options.every || entry.method === 'POST'));
}

/** The agent's current lifecycle and mode, from the events it published. */
export function agentStatus(stack: Stack, agentId: string): { lifecycle: AgentLifecycle | null; mode: AgentMode | null } {
  const lifecycle = stack.recorder.events('agent.state-changed', (event) => event.data.agentId === agentId).at(-1)?.data.to ?? null;
  const configured = stack.recorder.events('agent.configured', (event) => event.data.agentId === agentId).at(-1)?.data.mode;
  const registered = stack.recorder.events('agent.registered', (event) => event.data.agentId === agentId).at(-1)?.data.mode;
  return { lifecycle, mode: configured ?? registered ?? null };
}

export async function waitForAgents(stack: Stack, wanted: { lifecycle: AgentLifecycle; mode: AgentMode }, agents: readonly string[] = AGENTS, timeoutMs = 90_000): Promise<void> {
  await eventually(
    async () => agents.every((agentId) => {
      const status = agentStatus(stack, agentId);
      return status.lifecycle === wanted.lifecycle && status.mode === wanted.mode;
    }),
    { timeoutMs, intervalMs: 100, what: `agents ${agents.join(', ')} ${wanted.lifecycle} in ${wanted.mode}: ${agents.map((id) => JSON.stringify(agentStatus(stack, id))).join(' ')}` },
  );
}

/** Connect the demo keys as the cockpit does, wait for the agents to activate (SemiAuto), then turn the dial to `mode`. */
export async function activateAgents(stack: Stack, mode: AgentMode): Promise<void> {
  const connected = await connectDemoKeys(stack);
  if (connected.status !== 200) throw new Error(`keys/connect: ${connected.status} ${JSON.stringify(connected.json)}`);
  await waitForAgents(stack, { lifecycle: 'ACTIVE', mode: 'SemiAuto' });
  if (mode !== 'SemiAuto') await setAllModes(stack, mode);
}

/** Every agent in one mode, through the control API's global dial. */
export async function setAllModes(stack: Stack, mode: AgentMode): Promise<void> {
  const answer = await stack.control('POST', '/control/agents/set_mode', { environment: 'demo', mode });
  if (answer.status !== 202) throw new Error(`set_mode ${mode}: ${answer.status} ${JSON.stringify(answer.json)}`);
  await waitForAgents(stack, { lifecycle: mode === 'FullStop' ? 'IDLE' : 'ACTIVE', mode });
}

/**
 * Open markets on a one-cent grid that stay open for hours, with empty books once the
 * background traders have been at work for a while; the traders are then told to leave them
 * alone (in the same tick, so no background order slips in), and the flow in them is the
 * test's own.
 */
export async function quietMarkets(stack: Stack, count: number, options: { afterBackgroundOrders?: number } = {}): Promise<string[]> {
  const { exchange } = stack.simulator;
  // With traders on, let them reach every market they trade first (30 orders a second by default).
  const wanted = options.afterBackgroundOrders ?? 900;
  await eventually(async () => (await stack.admin('GET', '/stats')).backgroundOrders >= wanted, { timeoutMs: 120_000, intervalMs: 500, what: 'the background traders at work' });
  const now = exchange.now();
  const chosen = exchange.universe.listed
    .filter(
      (market) =>
        market.status === 'active' &&
        market.priceLevelStructure === 'linear_cent' &&
        !market.seriesTicker.startsWith('KXBTC') &&
        !market.seriesTicker.startsWith('KXHIGH') &&
        market.closeTime > now + 6 * 3600_000 &&
        (exchange.engine.book(market.ticker)?.empty ?? true),
    )
    .slice(0, count)
    .map((market) => market.ticker);
  if (chosen.length < count) throw new Error(`only ${chosen.length} quiet markets in the simulated universe`);
  stack.simulator.traders.leaveAlone(chosen);
  return chosen;
}

/** Wait until the cache holds a fresh book for each market with the given YES bid (ingest subscribed, cache folded it). */
export async function waitForCachedBooks(stack: Stack, tickers: readonly string[], yesBid: string, timeoutMs = 60_000): Promise<void> {
  let last: unknown;
  try {
    await eventually(
      async () => {
        for (const ticker of tickers) {
          const answer = await stack.control('GET', `/state/markets/${encodeURIComponent(ticker)}?environment=demo`);
          const live = answer.json?.market?.live;
          last = { ticker, status: answer.status, live: live ?? null, detail: answer.json?.detail };
          if (!live || live.stale || live.yesBid !== yesBid) return false;
        }
        return true;
      },
      { timeoutMs, intervalMs: 250, what: `cached books of ${tickers.join(', ')}` },
    );
  } catch (error) {
    throw new Error(`${String(error)}; last seen ${JSON.stringify(last)}`);
  }
}

/** The maker quotes Prime's markets at 0.45 / 0.50, and the cache shows it. */
export async function quoteMarkets(stack: Stack, maker: MarketActor, tickers: readonly string[]): Promise<void> {
  for (const ticker of tickers) await quote(maker, ticker, '0.4500', '0.5000');
  await waitForCachedBooks(stack, tickers, '0.4500');
}

/** Prime's signal in one quoted market: the taker buys `count` of `outcome` at the touch, so that outcome's takers dominate the minute's flow. */
export async function makeFlow(taker: MarketActor, ticker: string, outcome: 'yes' | 'no', count = '40.00'): Promise<void> {
  await take(taker, ticker, outcome, outcome === 'yes' ? '0.5000' : '0.4500', count);
}

/** The first event of `type` for `ticker` from `agentId` after `since` (index into the recording). */
export function eventsFor<T extends EventType>(stack: Stack, type: T, where: (event: EventOf<T>) => boolean): Array<EventOf<T>> {
  return stack.recorder.events(type, where);
}

/** Wait until the projector has folded everything published so far on the streams it projects. */
export async function projectorCaughtUp(stack: Stack, timeoutMs = 60_000): Promise<void> {
  const streams = ['MARKETS', 'TRADING', 'CONTROL', 'SYSTEM'] as const;
  const targets = await Promise.all(streams.map((stream) => stack.bus.lastSequence(stream)));
  await eventually(
    async () => {
      const rows = await stack.database.db.selectFrom('projection_checkpoints').select(['stream', 'last_sequence']).where('projection', '=', 'main').execute();
      const folded = new Map(rows.map((row) => [row.stream, Number(row.last_sequence)]));
      return streams.every((stream, index) => (folded.get(stream) ?? 0) >= (targets[index] ?? 0));
    },
    { timeoutMs, intervalMs: 200, what: 'the projector to fold every published event' },
  );
}

/** What Prime decided in a market and what the gate said, for a failure message: the last few decisions, intents and denials. */
export function primeTrail(stack: Stack, ticker: string): string {
  const decisions = stack.recorder.events('agent.decided', (event) => event.data.agentId === 'prime' && event.data.marketTicker === ticker).slice(-5);
  const intents = new Set(stack.recorder.events('intent.created', (event) => event.data.marketTicker === ticker).map((event) => event.data.intentId));
  const denials = stack.recorder.events('intent.denied', (event) => intents.has(event.data.intentId));
  return [
    `Prime's last decisions in ${ticker}: ${JSON.stringify(decisions.map((event) => ({ at: event.occurredAt, outcome: event.data.outcome, reason: event.data.reasonCode, explanation: event.data.explanation })))}`,
    `intents: ${intents.size}, denied: ${JSON.stringify(denials.map((event) => ({ code: event.data.code, message: event.data.message })))}`,
  ].join('; ');
}
