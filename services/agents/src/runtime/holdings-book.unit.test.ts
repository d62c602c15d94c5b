/**
 * The holdings book between an order's fill and the agent's position showing it: the filled
 * contracts count as working until a `position.updated` with a higher stream sequence, whatever
 * order the separately followed subjects arrive in.
 */
import {
  type AnyEvent,
  FillRecorded,
  OrderAccepted,
  type OrderView,
  PositionUpdated,
  type TradeIntent,
  createEvent,
  formatCount,
} from '@polly/contracts';
import { HoldingsBook } from './holdings-book';

const intent = { intentId: 'i-1', clientOrderId: 'prime-1', agentId: 'prime', marketTicker: 'M', action: 'sell', side: 'yes', price: '0.4500', count: '1.00' } as TradeIntent;

const order = (overrides: Partial<OrderView>): OrderView => ({
  clientOrderId: 'prime-1',
  orderId: 'o-1',
  agentId: 'prime',
  intentId: 'i-1',
  marketTicker: 'M',
  action: 'sell',
  side: 'yes',
  bookSide: 'ask',
  yesPrice: '0.4500',
  price: '0.4500',
  count: '1.00',
  filledCount: '1.00',
  remainingCount: '0.00',
  status: 'executed',
  timeInForce: 'immediate_or_cancel',
  postOnly: false,
  reduceOnly: true,
  paper: false,
  fillCost: '0.4500',
  fees: '0.0200',
  lastUpdateReason: null,
  errorCode: null,
  createdAt: '2026-11-21T12:00:00.000Z',
  updatedAt: '2026-11-21T12:00:00.000Z',
  ...overrides,
});

const accepted = (overrides: Partial<OrderView> = {}) => createEvent(OrderAccepted, 'demo', { order: order(overrides) }, { source: 'execution' }) as AnyEvent;
const fill = (fillId: string, source: 'exchange' | 'reconciliation' = 'exchange') =>
  createEvent(
    FillRecorded,
    'demo',
    {
      fillId,
      orderId: 'o-1',
      clientOrderId: 'prime-1',
      agentId: 'prime',
      marketTicker: 'M',
      action: 'sell',
      side: 'yes',
      yesPrice: '0.4500',
      price: '0.4500',
      count: '1.00',
      isTaker: true,
      fee: '0.0200',
      filledAt: '2026-11-21T12:00:00.100Z',
      paper: false,
      source,
    },
    { source: 'execution' },
  ) as AnyEvent;
const position = (count: string) =>
  createEvent(
    PositionUpdated,
    'demo',
    { marketTicker: 'M', agentId: 'prime', position: count, costBasis: '0.0000', realizedPnl: '0.0000', feesPaid: '0.0000', markPrice: null, unrealizedPnl: null, source: 'fills' },
    { source: 'execution' },
  ) as AnyEvent;

function heldWith(position: string): HoldingsBook {
  const book = new HoldingsBook((agentId) => agentId === 'prime');
  book.load({ positions: [{ holder: 'prime', market_ticker: 'M', position }], orders: [] }, 0, 10);
  return book;
}

describe('the holdings book while a fill reaches the position', () => {
  describe('when the order is reported filled before its fill is recorded', () => {
    it('keeps the sell working until the position shows it, so the agent does not sell the same contract again', () => {
      const book = heldWith('1.00');
      book.addIntent(intent, 1000);
      book.apply(accepted(), 12);
      expect(book.holdings('prime', 'M')).toMatchObject({ position: 100n, workingOrders: 1 });
      expect(formatCount(book.holdings('prime', 'M').working)).toBe('-1.00');
      book.apply(fill('f-1'), 13);
      expect(book.holdings('prime', 'M').workingOrders).toBe(1);
      book.apply(position('0.00'), 14);
      expect(book.holdings('prime', 'M')).toEqual({ position: 0n, working: 0n, workingOrders: 0, lastIntentAt: 1000, resting: [] });
    });
  });

  describe('when the position update is read before the fill and the order report', () => {
    it('counts nothing twice: the later sequence says the position already shows the fill', () => {
      const book = heldWith('1.00');
      book.addIntent(intent, 1000);
      book.apply(position('0.00'), 14);
      book.apply(fill('f-1'), 13);
      book.apply(accepted(), 12);
      expect(book.holdings('prime', 'M')).toEqual({ position: 0n, working: 0n, workingOrders: 0, lastIntentAt: 1000, resting: [] });
    });
  });

  describe('when the fill is recorded before the order reports it', () => {
    it('counts the fill as working until the position shows it', () => {
      const book = heldWith('1.00');
      book.apply(fill('f-1'), 13);
      expect(formatCount(book.holdings('prime', 'M').working)).toBe('-1.00');
      book.apply(accepted(), 12);
      expect(formatCount(book.holdings('prime', 'M').working)).toBe('-1.00');
      book.apply(position('0.00'), 14);
      expect(book.holdings('prime', 'M').workingOrders).toBe(0);
    });
  });

  describe('when reconciliation records the fill', () => {
    it('does not wait for a position update execution never publishes for it', () => {
      const book = heldWith('1.00');
      book.apply(accepted(), 12);
      book.apply(fill('f-1', 'reconciliation'), 13);
      expect(book.holdings('prime', 'M')).toMatchObject({ working: 0n, workingOrders: 0 });
    });
  });

  describe('when the fill report never comes', () => {
    it('lets the filled order go after the intent timeout', () => {
      const book = heldWith('1.00');
      book.apply(accepted(), 12);
      expect(book.expire(1_000, 120_000)).toBe(0);
      expect(book.holdings('prime', 'M').workingOrders).toBe(1);
      expect(book.expire(122_000, 120_000)).toBe(1);
      expect(book.holdings('prime', 'M').workingOrders).toBe(0);
    });
  });

  describe('when an order rested and partly filled before a restart', () => {
    it('takes the fills the snapshot position shows as already counted', () => {
      const book = new HoldingsBook((agentId) => agentId === 'prime');
      book.load(
        {
          positions: [{ holder: 'prime', market_ticker: 'M', position: '-1.00' }],
          orders: [{ client_order_id: 'prime-1', agent_id: 'prime', intent_id: 'i-1', market_ticker: 'M', action: 'sell', side: 'yes', filled_count: '1.00', remaining_count: '1.00', status: 'resting' }],
        },
        0,
        10,
      );
      expect(formatCount(book.holdings('prime', 'M').working)).toBe('-1.00');
      book.apply(accepted({ count: '2.00', filledCount: '2.00', remainingCount: '0.00' }), 12);
      expect(formatCount(book.holdings('prime', 'M').working)).toBe('-1.00');
      book.apply(fill('f-2'), 13);
      book.apply(position('-2.00'), 14);
      expect(book.holdings('prime', 'M')).toMatchObject({ working: 0n, workingOrders: 0 });
    });
  });

  describe('resting orders and cancel requests', () => {
    const restingBuy = (overrides: Partial<OrderView> = {}) =>
      accepted({ action: 'buy', bookSide: 'bid', price: '0.4800', yesPrice: '0.4800', count: '2.00', filledCount: '0.00', remainingCount: '2.00', status: 'resting', timeInForce: 'good_till_canceled', reduceOnly: false, ...overrides });

    it('shows the agent its resting orders with their price, and marks one it asked to cancel until the answer or 30 s', () => {
      const book = new HoldingsBook((agentId) => agentId === 'prime');
      book.apply(restingBuy(), 1);
      expect(book.holdings('prime', 'M', 0).resting).toEqual([{ clientOrderId: 'prime-1', action: 'buy', side: 'yes', price: 480_000n, remaining: 200n, cancelRequested: false }]);
      expect(book.requestCancel('peritia', 'M', 'prime-1', 1_000)).toBe('not-resting');
      expect(book.requestCancel('prime', 'OTHER', 'prime-1', 1_000)).toBe('not-resting');
      expect(book.requestCancel('prime', 'M', 'prime-1', 1_000)).toBe('requested');
      expect(book.holdings('prime', 'M', 2_000).resting[0]?.cancelRequested).toBe(true);
      expect(book.requestCancel('prime', 'M', 'prime-1', 2_000)).toBe('already-requested');
      expect(book.holdings('prime', 'M', 31_000).resting[0]?.cancelRequested).toBe(false);
      book.cancelNotRequested('prime-1');
      expect(book.holdings('prime', 'M', 2_000).resting[0]?.cancelRequested).toBe(false);
      book.apply(restingBuy({ status: 'canceled', remainingCount: '0.00' }), 2);
      expect(book.holdings('prime', 'M', 2_000).resting).toEqual([]);
      expect(book.requestCancel('prime', 'M', 'prime-1', 3_000)).toBe('not-resting');
    });

    it('reads resting orders and their prices from the snapshot at start', () => {
      const book = new HoldingsBook((agentId) => agentId === 'prime');
      book.load(
        {
          positions: [],
          orders: [{ client_order_id: 'prime-9', agent_id: 'prime', intent_id: 'i-9', market_ticker: 'M', action: 'buy', side: 'no', price: '0.310000', filled_count: '0.00', remaining_count: '3.00', status: 'resting' }],
        },
        0,
        10,
      );
      expect(book.holdings('prime', 'M', 0).resting).toEqual([{ clientOrderId: 'prime-9', action: 'buy', side: 'no', price: 310_000n, remaining: 300n, cancelRequested: false }]);
    });
  });
});
