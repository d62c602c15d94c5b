import type { KalshiError } from '@polly/kalshi';
import { type OrderAction, type OutcomeSide, type TradeIntent, formatDollars, parseCount, parseDollars } from '@polly/contracts';
import { finalFailure, mayHaveLanded } from './failures';
import { isClosed, mergeProgress, progressOfCreate, progressOfFills, withOutcome } from './order-lifecycle';
import { initialOrderView, toExchangeDirection } from './order-mapping';
import { evolveSwitch, initialSwitch, switchRefusal } from './trading-switch';
import { type MarketFacts, validateIntent } from './validation';

const intent = (overrides: Partial<TradeIntent> = {}): TradeIntent => ({
  intentId: 'intent-1',
  decisionId: 'decision-1',
  agentId: 'prime',
  agentName: 'Prime',
  clientOrderId: 'prime-lq2k1x-ab12cd',
  marketTicker: 'KXBTC15M-26NOV211015-15',
  action: 'buy',
  side: 'yes',
  price: '0.5600',
  count: '10.00',
  timeInForce: 'good_till_canceled',
  postOnly: false,
  reduceOnly: false,
  estimatedFee: '0.1725',
  confidence: 0.7,
  reasoning: 'taker flow favours YES',
  marketSnapshot: { marketTicker: 'KXBTC15M-26NOV211015-15', yesBid: '0.5500', yesAsk: '0.5700', noBid: '0.4300', noAsk: '0.4500', lastPrice: '0.5600', volume: '120.00', stale: false, observedAt: '2026-11-21T10:00:00.000Z' },
  createdAt: '2026-11-21T10:00:00.000Z',
  ...overrides,
});

const centGrid: MarketFacts = { marketTicker: 'KXBTC15M-26NOV211015-15', seriesTicker: 'KXBTC15M', status: 'active', priceRanges: [{ start: '0.0100', end: '0.9900', step: '0.0100' }] };
const now = Date.parse('2026-11-21T10:00:01.000Z');
const validate = (candidate: TradeIntent, market: MarketFacts | null = centGrid, approvedAt = '2026-11-21T10:00:00.500Z') =>
  validateIntent({ intent: candidate, market, approvedAt, now, maxIntentAgeMs: 120_000 });

const kalshiError = (overrides: Partial<KalshiError>): KalshiError => ({ kind: 'http', operation: 'createOrder', message: 'failed', attempts: 1, ...overrides });

describe('order mapping (outcome terms → V2)', () => {
  it.each<[OrderAction, OutcomeSide, string, string, string]>([
    ['buy', 'yes', '0.56', 'bid', '0.5600'],
    ['sell', 'yes', '0.56', 'ask', '0.5600'],
    ['buy', 'no', '0.30', 'ask', '0.7000'],
    ['sell', 'no', '0.30', 'bid', '0.7000'],
  ])('%s %s @%s is a %s at YES %s', (action, side, price, bookSide, yesPrice) => {
    const direction = toExchangeDirection(action, side, parseDollars(price));
    expect([direction.bookSide, formatDollars(direction.yesPrice)]).toEqual([bookSide, yesPrice]);
  });

  it('a new order view carries both prices and nothing filled', () => {
    const view = initialOrderView(intent({ action: 'buy', side: 'no', price: '0.3000' }), { paper: true, at: '2026-11-21T10:00:01.000Z' });
    expect(view).toMatchObject({ bookSide: 'ask', yesPrice: '0.7000', price: '0.3000', filledCount: '0.00', remainingCount: '10.00', status: 'submitted', paper: true });
  });
});

describe('validation', () => {
  it('accepts an open market, a positive count and a price on the grid', () => expect(validate(intent())).toEqual({ ok: true }));

  it('refuses an unknown market with MARKET_UNKNOWN', () => expect(validate(intent(), null)).toMatchObject({ ok: false, code: 'MARKET_UNKNOWN' }));

  it('refuses a market that is not active with MARKET_NOT_OPEN', () =>
    expect(validate(intent(), { ...centGrid, status: 'closed' })).toMatchObject({ ok: false, code: 'MARKET_NOT_OPEN', details: { status: 'closed' } }));

  it('refuses a zero count with INVALID_COUNT', () => expect(validate(intent({ count: '0.00' }))).toMatchObject({ ok: false, code: 'INVALID_COUNT' }));

  it('refuses a price off the cent grid with INVALID_PRICE', () => expect(validate(intent({ price: '0.5650' }))).toMatchObject({ ok: false, code: 'INVALID_PRICE' }));

  it('checks the YES price the order will carry: NO 0.305 is YES 0.695, off a cent grid', () =>
    expect(validate(intent({ side: 'no', price: '0.3050' }))).toMatchObject({ ok: false, code: 'INVALID_PRICE' }));

  it('accepts deci-cent prices where the grid has them', () => {
    const tapered: MarketFacts = { ...centGrid, priceRanges: [{ start: '0.0000', end: '0.1000', step: '0.0010' }, { start: '0.1000', end: '0.9000', step: '0.0100' }, { start: '0.9000', end: '1.0000', step: '0.0010' }] };
    expect(validate(intent({ price: '0.0450' }), tapered)).toEqual({ ok: true });
    expect(validate(intent({ price: '0.4550' }), tapered)).toMatchObject({ ok: false, code: 'INVALID_PRICE' });
  });

  it('refuses $0 and $1 and prices outside (0, 1)', () => {
    expect(validate(intent({ price: '1.0000' }))).toMatchObject({ ok: false, code: 'INVALID_PRICE' });
    expect(validate(intent({ side: 'no', price: '1.0000' }))).toMatchObject({ ok: false, code: 'INVALID_PRICE' });
  });

  it('refuses an intent approved too long ago with INTENT_EXPIRED', () =>
    expect(validate(intent(), centGrid, '2026-11-21T09:50:00.000Z')).toMatchObject({ ok: false, code: 'INTENT_EXPIRED' }));
});

describe('failures after the last attempt', () => {
  it.each<[Partial<KalshiError>, string, string, boolean]>([
    [{ kind: 'rate-limited', status: 429, attempts: 6 }, 'failed', 'RATE_LIMITED_RETRIES_EXHAUSTED', false],
    [{ kind: 'http', status: 500, attempts: 4 }, 'failed', 'SERVER_ERROR_RETRIES_EXHAUSTED', false],
    [{ kind: 'http', status: 503, attempts: 4 }, 'failed', 'SERVER_ERROR_RETRIES_EXHAUSTED', false],
    [{ kind: 'timeout', attempts: 4 }, 'failed', 'TIMEOUT_RETRIES_EXHAUSTED', false],
    [{ kind: 'network', attempts: 4 }, 'failed', 'TIMEOUT_RETRIES_EXHAUSTED', false],
    [{ kind: 'unauthorized', status: 401, code: 'authentication_error' }, 'rejected', 'UNAUTHORIZED', true],
    [{ kind: 'http', status: 400, code: 'invalid_price' }, 'rejected', 'INVALID_PRICE', false],
    [{ kind: 'http', status: 400, code: 'market_closed' }, 'rejected', 'MARKET_NOT_OPEN', false],
    [{ kind: 'http', status: 400, code: 'available_balance_too_low' }, 'rejected', 'EXCHANGE_REJECTED', false],
    [{ kind: 'http', status: 404, code: 'market_not_found' }, 'rejected', 'MARKET_UNKNOWN', false],
    [{ kind: 'http', status: 409, code: 'order_already_exists' }, 'rejected', 'DUPLICATE_CLIENT_ORDER_ID', false],
    [{ kind: 'not-configured', attempts: 0 }, 'rejected', 'KEYS_NOT_LOADED', false],
  ])('%j → order.%s with %s', (error, event, code, halt) => {
    expect(finalFailure(kalshiError(error))).toMatchObject({ event, code, haltTrading: halt });
  });

  it('keeps the exchange code for the record', () => expect(finalFailure(kalshiError({ status: 400, code: 'available_balance_too_low' })).exchangeCode).toBe('available_balance_too_low'));

  it('an attempt without an answer may have placed the order; a 4xx did not', () => {
    expect(mayHaveLanded(kalshiError({ kind: 'timeout' }))).toBe(true);
    expect(mayHaveLanded(kalshiError({ kind: 'http', status: 502 }))).toBe(true);
    expect(mayHaveLanded(kalshiError({ kind: 'rate-limited', status: 429 }))).toBe(false);
    expect(mayHaveLanded(kalshiError({ kind: 'http', status: 400 }))).toBe(false);
  });
});

describe('order lifecycle', () => {
  const view = initialOrderView(intent(), { paper: false, at: '2026-11-21T10:00:01.000Z' });
  const later = '2026-11-21T10:00:02.000Z';

  it('the create answer rests what did not fill', () => {
    const merged = mergeProgress(view, progressOfCreate(view, { orderId: 'o-1', fillCount: parseCount('4.00'), remainingCount: parseCount('6.00') }), later);
    expect(merged).toMatchObject({ orderId: 'o-1', status: 'resting', filledCount: '4.00', remainingCount: '6.00', updatedAt: later });
  });

  it('an immediate-or-cancel that filled part of its count is canceled, not executed', () => {
    expect(progressOfCreate(view, { orderId: 'o-1', fillCount: parseCount('4.00'), remainingCount: parseCount('0.00') }).status).toBe('canceled');
    expect(progressOfCreate(view, { orderId: 'o-1', fillCount: parseCount('10.00'), remainingCount: parseCount('0.00') }).status).toBe('executed');
  });

  it('reports in any order only move forward: a late "resting" never reopens an executed order', () => {
    const executed = mergeProgress(view, { orderId: 'o-1', status: 'executed', filledCount: parseCount('10.00'), remainingCount: parseCount('0.00') }, later);
    const stale = mergeProgress(executed, { status: 'resting', filledCount: parseCount('2.00'), remainingCount: parseCount('8.00') }, later);
    expect(stale).toBe(executed);
  });

  it('fills close a resting order when nothing remains', () => {
    const resting = mergeProgress(view, { orderId: 'o-1', status: 'resting' }, later);
    const filled = mergeProgress(resting, progressOfFills(resting, { count: parseCount('10.00'), cost: parseDollars('5.6'), fees: parseDollars('0.1725') }), later);
    expect(filled).toMatchObject({ status: 'executed', filledCount: '10.00', remainingCount: '0.00', fillCost: '5.6000', fees: '0.1725' });
    expect(isClosed(filled.status)).toBe(true);
  });

  it('the exchange wins over a local failure: a failed order reported resting is resting', () => {
    const failed = withOutcome(view, 'failed', 'TIMEOUT_RETRIES_EXHAUSTED', later);
    expect(mergeProgress(failed, { orderId: 'o-1', status: 'resting', remainingCount: parseCount('10.00') }, later)).toMatchObject({ status: 'resting', errorCode: null });
  });
});

describe('kill switch', () => {
  describe('when nothing was said yet', () => {
    it('follows the default: demo on', () => expect(switchRefusal(initialSwitch(true))).toBeNull());
    it('follows the default: live off, refused with GLOBAL_TRADING_DISABLED', () => expect(switchRefusal(initialSwitch(false))).toMatchObject({ code: 'GLOBAL_TRADING_DISABLED' }));
  });

  describe('when trading was disabled', () => {
    const disabled = evolveSwitch(initialSwitch(true), { id: 'e1', type: 'trading.disable', occurredAt: '2026-11-21T10:00:00.000Z', reason: 'manual stop' });
    it('refuses with GLOBAL_TRADING_DISABLED and the reason', () => expect(switchRefusal(disabled)).toEqual({ code: 'GLOBAL_TRADING_DISABLED', message: 'trading is disabled: manual stop' }));
    it('is on again after trading.enable', () => expect(switchRefusal(evolveSwitch(disabled, { id: 'e2', type: 'trading.enable', occurredAt: '2026-11-21T10:01:00.000Z', reason: 'ok' }))).toBeNull());
  });

  describe('when a service halted trading', () => {
    it('refuses with TRADING_HALTED', () =>
      expect(switchRefusal(evolveSwitch(initialSwitch(true), { id: 'e3', type: 'trading.halted', occurredAt: '2026-11-21T10:00:00.000Z', reason: 'UNAUTHORIZED' }))).toMatchObject({ code: 'TRADING_HALTED' }));
  });
});
