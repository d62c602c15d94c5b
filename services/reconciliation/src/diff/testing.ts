/**
 * fast-check generators for the diff properties: a "world" of orders, each known to the
 * exchange, to us, or both, in agreeing or disagreeing states; fills and positions likewise.
 */
import fc from 'fast-check';
import { type OrderView, formatCount, formatDollars } from '@polly/contracts';
import type { AccountPosition, LocalPosition, RemoteFill, RemoteOrder } from './model';

export const OLD = '2026-11-21T11:00:00.000Z';
/** Everything in the generated worlds happened before this. */
export const IN_FLIGHT_SINCE = Date.parse('2026-11-21T12:00:00.000Z');
export const CYCLE_AT = '2026-11-21T12:00:10.000Z';
/** The next cycle's in-flight line (after the repairs were written). */
export const NEXT_IN_FLIGHT_SINCE = Date.parse('2026-11-21T13:00:00.000Z');
export const KNOWN_AGENTS = ['prime', 'peritia'];

const TICKERS = ['KXBTC15M-26NOV211215-15', 'KXHIGHNY-26NOV21-B78.5', 'KXINX-26NOV21-T6000'];

const contracts = (whole: number) => formatCount(BigInt(whole) * 100n);
const cents = (value: number) => formatDollars(BigInt(value) * 10_000n);

type ExchangeState = 'resting' | 'canceled' | 'executed' | 'absent';
type LocalState = 'absent' | 'same' | 'resting-unfilled' | 'submitted-without-id' | 'failed-without-id' | 'open-but-gone';

export interface OrderStory {
  ticker: string;
  bookSide: 'bid' | 'ask';
  price: number;
  count: number;
  filled: number;
  exchange: ExchangeState;
  local: LocalState;
  agent: 'prime' | 'peritia' | 'someone' | null;
}

export const orderStory: fc.Arbitrary<OrderStory> = fc
  .record({
    ticker: fc.constantFrom(...TICKERS),
    bookSide: fc.constantFrom('bid' as const, 'ask' as const),
    price: fc.integer({ min: 1, max: 99 }),
    count: fc.integer({ min: 1, max: 40 }),
    filled: fc.integer({ min: 0, max: 40 }),
    exchange: fc.constantFrom<ExchangeState>('resting', 'canceled', 'executed', 'absent'),
    local: fc.constantFrom<LocalState>('absent', 'same', 'resting-unfilled', 'submitted-without-id', 'failed-without-id', 'open-but-gone'),
    agent: fc.constantFrom('prime' as const, 'peritia' as const, 'someone' as const, null),
  })
  .map((story) => ({ ...story, filled: Math.min(story.filled, story.exchange === 'resting' ? story.count - 1 : story.count) }));

export interface OrderWorld {
  local: OrderView[];
  remoteResting: RemoteOrder[];
  remoteLookups: RemoteOrder[];
}

function remoteOf(story: OrderStory, index: number): RemoteOrder | null {
  if (story.exchange === 'absent') return null;
  const filled = story.exchange === 'executed' ? story.count : story.filled;
  return {
    orderId: `order-${index}`,
    clientOrderId: story.agent === null ? null : `${story.agent}-k${index.toString(36)}-${index.toString(36).padStart(6, '0')}`,
    marketTicker: story.ticker,
    bookSide: story.bookSide,
    yesPrice: cents(story.price),
    status: story.exchange,
    count: contracts(story.count),
    filledCount: contracts(filled),
    remainingCount: contracts(story.exchange === 'resting' ? story.count - filled : 0),
    fillCost: cents(story.price * filled),
    fees: '0.0100',
    createdAt: OLD,
    updatedAt: OLD,
    lastUpdateReason: null,
  };
}

/** A resting, unfilled local order: a bid buying YES at 0.40 for 10 unless the story says otherwise. */
export function exampleOrder(index: number, ticker: string, story: Partial<Pick<OrderStory, 'bookSide' | 'price' | 'count'>> = {}): OrderView {
  const bookSide = story.bookSide ?? 'bid';
  const price = story.price ?? 40;
  const count = story.count ?? 10;
  const side = bookSide === 'bid' ? 'yes' : 'no';
  return {
    clientOrderId: `prime-k${index.toString(36)}-${index.toString(36).padStart(6, '0')}`,
    orderId: `order-${index}`,
    agentId: 'prime',
    intentId: `intent-${index}`,
    marketTicker: ticker,
    action: 'buy',
    side,
    bookSide,
    yesPrice: cents(price),
    price: side === 'yes' ? cents(price) : cents(100 - price),
    count: contracts(count),
    filledCount: '0.00',
    remainingCount: contracts(count),
    status: 'resting',
    timeInForce: 'good_till_canceled',
    postOnly: false,
    reduceOnly: false,
    paper: false,
    fillCost: '0.0000',
    fees: '0.0000',
    lastUpdateReason: null,
    errorCode: null,
    createdAt: OLD,
    updatedAt: OLD,
  };
}

function localOf(story: OrderStory, index: number, remote: RemoteOrder | null): OrderView | null {
  if (story.local === 'absent') return null;
  const base: OrderView = {
    ...exampleOrder(index, story.ticker, story),
    clientOrderId: remote?.clientOrderId ?? exampleOrder(index, story.ticker).clientOrderId,
    agentId: story.agent === 'someone' ? null : story.agent,
  };
  switch (story.local) {
    case 'same':
      return remote
        ? { ...base, status: remote.status, filledCount: remote.filledCount, remainingCount: remote.remainingCount, fillCost: remote.fillCost, fees: remote.fees }
        : { ...base, status: 'canceled', remainingCount: '0.00' };
    case 'resting-unfilled':
    case 'open-but-gone':
      return base;
    case 'submitted-without-id':
      return { ...base, orderId: null, status: 'submitted' };
    case 'failed-without-id':
      return { ...base, orderId: null, status: 'failed', remainingCount: '0.00', errorCode: 'TIMEOUT_RETRIES_EXHAUSTED' };
  }
}

const OPEN = new Set(['submitted', 'resting']);

/** The inputs a cycle would have: the exchange's resting list, and lookups for our open orders that were not in it. */
export function buildOrderWorld(stories: readonly OrderStory[]): OrderWorld {
  const world: OrderWorld = { local: [], remoteResting: [], remoteLookups: [] };
  stories.forEach((story, index) => {
    const remote = remoteOf(story, index);
    const local = localOf(story, index, remote);
    if (local) world.local.push(local);
    if (remote?.status === 'resting') world.remoteResting.push(remote);
    else if (remote && local && OPEN.has(local.status)) world.remoteLookups.push(remote);
  });
  return world;
}

export const orderWorld = fc.array(orderStory, { maxLength: 30 }).map(buildOrderWorld);

export interface FillWorld {
  remoteFills: RemoteFill[];
  localFillIds: string[];
  localOrders: OrderView[];
}

export const fillWorld: fc.Arbitrary<FillWorld> = fc
  .array(
    fc.record({
      order: fc.integer({ min: 0, max: 5 }),
      bookSide: fc.constantFrom('bid' as const, 'ask' as const),
      price: fc.integer({ min: 1, max: 99 }),
      count: fc.integer({ min: 1, max: 20 }),
      recorded: fc.boolean(),
    }),
    { maxLength: 30 },
  )
  .chain((fills) =>
    fc.record({ ordersKnown: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }) }).map(({ ordersKnown }) => {
      const remoteFills = fills.map((fill, index): RemoteFill => ({
        fillId: `fill-${index}`,
        orderId: `order-${fill.order}`,
        marketTicker: TICKERS[fill.order % TICKERS.length] as string,
        bookSide: fill.bookSide,
        yesPrice: cents(fill.price),
        count: contracts(fill.count),
        fee: '0.0200',
        isTaker: index % 2 === 0,
        filledAt: OLD,
      }));
      // Known orders are sells of YES by peritia: the fills must take those terms, not the book side's.
      const localOrders = ordersKnown.flatMap((known, order) =>
        known ? [{ ...exampleOrder(order, TICKERS[order % TICKERS.length] as string), agentId: 'peritia', action: 'sell' as const, side: 'yes' as const, bookSide: 'ask' as const }] : [],
      );
      return { remoteFills, localFillIds: remoteFills.filter((_, index) => fills[index]?.recorded).map((fill) => fill.fillId), localOrders };
    }),
  );

export interface PositionWorld {
  local: LocalPosition[];
  remote: AccountPosition[];
}

export const positionWorld: fc.Arbitrary<PositionWorld> = fc
  .array(
    fc.record({
      ticker: fc.constantFrom(...TICKERS, 'KXA-1', 'KXB-2'),
      local: fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined }),
      remote: fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined }),
    }),
    { maxLength: 12 },
  )
  .map((rows) => {
    const byTicker = new Map(rows.map((row) => [row.ticker, row]));
    const local: LocalPosition[] = [];
    const remote: AccountPosition[] = [];
    for (const row of byTicker.values()) {
      if (row.local !== undefined) local.push({ marketTicker: row.ticker, position: contracts(row.local), costBasis: '1.0000', realizedPnl: '0.0000', feesPaid: '0.0100', updatedAt: OLD });
      if (row.remote !== undefined) remote.push({ marketTicker: row.ticker, position: contracts(row.remote), costBasis: '2.0000', realizedPnl: '0.5000', feesPaid: '0.0300' });
    }
    return { local, remote };
  });

/** The same items in another order, some of them twice. */
export function shuffledWithDuplicates<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  if (items.length === 0) return fc.constant([]);
  return fc
    .tuple(fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length }), fc.array(fc.integer({ min: 0, max: items.length - 1 }), { maxLength: items.length }))
    .chain(([shuffled, repeated]) => {
      const withRepeats = [...shuffled, ...repeated.map((index) => items[index] as T)];
      return fc.shuffledSubarray(withRepeats, { minLength: withRepeats.length, maxLength: withRepeats.length });
    });
}
