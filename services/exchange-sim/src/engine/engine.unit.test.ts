import fc from 'fast-check';
import { type Micros, ONE_DOLLAR, centis, micros, parseDollars, wholeContracts } from '@polly/contracts';
import { type FeeType, feeSchedule, gridPrices, priceBandsFor } from '@polly/market';
import { MatchingEngine, type PlaceOrderInput } from './engine';
import { type EngineEvent, type Fill, OrderRejected } from './types';

const d = (text: string): Micros => parseDollars(text);
const options = { precision: 'centicent' as const, reserveAllowance: micros(20_000n) };

function counterIds(): { next(): string } {
  let counter = 0;
  return { next: () => `id-${(counter += 1)}` };
}

function newEngine(feeType: FeeType = 'quadratic', structure = 'linear_cent', deposit = d('1000')): MatchingEngine {
  const engine = new MatchingEngine(options, counterIds());
  engine.addMarket({ ticker: 'M', eventTicker: 'E', bands: priceBandsFor(structure), fees: feeSchedule(feeType), status: 'active' });
  for (const name of ['alice', 'bob', 'carol']) engine.openAccount(name, `user-${name}`, deposit, true, 0);
  return engine;
}

const order = (accountId: string, side: 'bid' | 'ask', price: string, count: number, extra: Partial<PlaceOrderInput> = {}): PlaceOrderInput => ({
  accountId,
  ticker: 'M',
  side,
  yesPrice: d(price),
  count: wholeContracts(count),
  timeInForce: 'good_till_canceled',
  selfTradePrevention: 'taker_at_cross',
  ...extra,
});

const fills = (events: EngineEvent[]): Fill[] => events.flatMap((event) => (event.kind === 'fill' ? [event.fill] : []));

describe('when a YES bid meets a resting NO bid', () => {
  it('trades at the maker price once p + q ≥ $1, charging the taker fee only on a quadratic series', () => {
    const engine = newEngine();
    engine.place(order('alice', 'ask', '0.40', 10), 1); // NO bid at 0.60
    const { order: taker, events } = engine.place(order('bob', 'bid', '0.45', 4), 2);
    const [makerFill, takerFill] = fills(events);
    expect(takerFill).toMatchObject({ accountId: 'bob', isTaker: true, yesPrice: d('0.40'), count: wholeContracts(4), fee: d('0.0672') });
    expect(makerFill).toMatchObject({ accountId: 'alice', isTaker: false, yesPrice: d('0.40'), fee: 0n });
    expect(taker.status).toBe('executed');
    expect(engine.account('bob')?.positions.get('M')?.position).toBe(wholeContracts(4));
    expect(engine.account('alice')?.positions.get('M')?.position).toBe(-wholeContracts(4));
    expect(engine.market('M')).toMatchObject({ volume: wholeContracts(4), openInterest: wholeContracts(4), lastPrice: d('0.40') });
    // bob paid 4 × 0.40 + 0.0672; alice still holds collateral for her 6 remaining NO contracts
    expect(engine.account('bob')?.balance).toBe(d('1000') - d('1.6672'));
  });

  it('nets positions: selling what you hold closes it and leaves open interest with the buyer', () => {
    const engine = newEngine();
    engine.place(order('alice', 'ask', '0.40', 3), 1);
    engine.place(order('bob', 'bid', '0.40', 3), 2); // bob long 3, alice short 3
    engine.place(order('carol', 'bid', '0.45', 3), 3);
    const { events } = engine.place(order('bob', 'ask', '0.45', 3), 4); // bob sells to carol
    expect(fills(events).find((fill) => fill.isTaker)).toMatchObject({ accountId: 'bob', postPosition: 0n });
    expect(engine.account('bob')?.positions.get('M')).toMatchObject({ position: 0n, cost: 0n, realizedPnl: d('0.15') });
    expect(engine.market('M')?.openInterest).toBe(wholeContracts(3));
  });

  it('does not trade when p + q < $1', () => {
    const engine = newEngine();
    engine.place(order('alice', 'ask', '0.50', 10), 1);
    const { events } = engine.place(order('bob', 'bid', '0.49', 10), 2);
    expect(fills(events)).toHaveLength(0);
    expect(engine.book('M')?.yes.best()).toBe(d('0.49'));
    expect(engine.book('M')?.no.best()).toBe(d('0.50'));
  });

  it('charges makers on a maker-fee series', () => {
    const engine = newEngine('quadratic_with_maker_fees');
    engine.place(order('alice', 'ask', '0.50', 100), 1);
    const { events } = engine.place(order('bob', 'bid', '0.50', 100), 2);
    expect(fills(events).map((fill) => fill.fee)).toEqual([d('0.4375'), d('1.75')]);
  });
});

describe('time in force, post-only, reduce-only and self-trade prevention', () => {
  it('cancels an immediate-or-cancel remainder', () => {
    const engine = newEngine();
    engine.place(order('alice', 'ask', '0.40', 3), 1);
    const { order: taker } = engine.place(order('bob', 'bid', '0.40', 5, { timeInForce: 'immediate_or_cancel' }), 2);
    expect(taker).toMatchObject({ status: 'canceled', filledCount: wholeContracts(3), remainingCount: 0n });
    expect(engine.book('M')?.yes.best()).toBeNull();
  });

  it('kills a fill-or-kill order that cannot fill completely, without any fill', () => {
    const engine = newEngine();
    engine.place(order('alice', 'ask', '0.40', 3), 1);
    const { order: taker, events } = engine.place(order('bob', 'bid', '0.40', 5, { timeInForce: 'fill_or_kill' }), 2);
    expect(fills(events)).toHaveLength(0);
    expect(taker.status).toBe('canceled');
    expect(engine.book('M')?.no.sizeAt(d('0.60'))).toBe(wholeContracts(3));
  });

  it('refuses a post-only order that would cross and records it as PostOnlyCrossCancel', () => {
    const engine = newEngine();
    engine.place(order('alice', 'ask', '0.40', 3), 1);
    const outcome = engine.place(order('bob', 'bid', '0.41', 1, { postOnly: true }), 2);
    expect(outcome.rejection).toMatchObject({ status: 400, code: 'invalid_order', details: 'post only cross' });
    expect(outcome.order).toMatchObject({ status: 'canceled', lastUpdateReason: 'PostOnlyCrossCancel' });
  });

  it('caps a reduce-only order at the position it reduces', () => {
    const engine = newEngine();
    engine.place(order('alice', 'ask', '0.40', 3), 1);
    engine.place(order('bob', 'bid', '0.40', 3), 2); // bob long 3 YES
    const { order: reducing } = engine.place(order('bob', 'ask', '0.60', 10, { reduceOnly: true }), 3);
    expect(reducing).toMatchObject({ initialCount: wholeContracts(3), lastUpdateReason: 'ReduceOnlyCancel' });
    expect(() => engine.place(order('carol', 'ask', '0.60', 1, { reduceOnly: true }), 4)).toThrow(OrderRejected);
  });

  it('cancels the taker at a self-cross with taker_at_cross, keeping earlier fills', () => {
    const engine = newEngine();
    engine.place(order('alice', 'ask', '0.40', 2), 1);
    engine.place(order('bob', 'ask', '0.45', 2), 2);
    const { order: taker } = engine.place(order('bob', 'bid', '0.50', 5), 3);
    expect(taker).toMatchObject({ status: 'canceled', filledCount: wholeContracts(2), lastUpdateReason: 'SelfTradeCancel' });
    expect(engine.book('M')?.no.best()).toBe(d('0.55'));
  });

  it('cancels the resting order at a self-cross with maker and goes on matching', () => {
    const engine = newEngine();
    engine.place(order('bob', 'ask', '0.40', 2), 1);
    engine.place(order('alice', 'ask', '0.45', 2), 2);
    const { order: taker } = engine.place(order('bob', 'bid', '0.50', 2, { selfTradePrevention: 'maker' }), 3);
    expect(taker).toMatchObject({ status: 'executed', filledCount: wholeContracts(2) });
    expect(engine.book('M')?.no.best()).toBeNull();
  });

  it('refuses a duplicate client order id with 409', () => {
    const engine = newEngine();
    engine.place(order('alice', 'bid', '0.30', 1, { clientOrderId: 'same' }), 1);
    expect(() => engine.place(order('alice', 'bid', '0.31', 1, { clientOrderId: 'same' }), 2)).toThrow(
      expect.objectContaining({ status: 409, code: 'order_already_exists' }),
    );
  });

  it('refuses an off-grid price with invalid_price', () => {
    const engine = newEngine();
    expect(() => engine.place(order('alice', 'bid', '0.305', 1), 1)).toThrow(expect.objectContaining({ code: 'invalid_price' }));
  });
});

describe('amend, decrease, expiry and settlement', () => {
  it('keeps priority when only the count goes down, loses it when the price moves', () => {
    const engine = newEngine();
    const first = engine.place(order('alice', 'bid', '0.30', 5), 1).order;
    engine.place(order('bob', 'bid', '0.30', 5), 2);
    engine.amend('alice', first.orderId, { ticker: 'M', side: 'bid', yesPrice: d('0.30'), count: wholeContracts(3) }, 3);
    let { events } = engine.place(order('carol', 'ask', '0.30', 1), 4);
    expect(fills(events)[0]?.accountId).toBe('alice');
    engine.amend('alice', first.orderId, { ticker: 'M', side: 'bid', yesPrice: d('0.31'), count: wholeContracts(3) }, 5);
    engine.amend('alice', first.orderId, { ticker: 'M', side: 'bid', yesPrice: d('0.30'), count: wholeContracts(3) }, 6);
    ({ events } = engine.place(order('carol', 'ask', '0.30', 1), 7));
    expect(fills(events)[0]?.accountId).toBe('bob');
  });

  it('decreases and cancels on reaching zero', () => {
    const engine = newEngine();
    const placed = engine.place(order('alice', 'bid', '0.30', 5), 1).order;
    engine.decrease('alice', placed.orderId, { reduceBy: wholeContracts(2) }, 2);
    expect(engine.book('M')?.yes.sizeAt(d('0.30'))).toBe(wholeContracts(3));
    engine.decrease('alice', placed.orderId, { reduceTo: centis(0n) }, 3);
    expect(placed.status).toBe('canceled');
    expect(engine.account('alice')?.balance).toBe(d('1000'));
  });

  it('expires good-till-time orders', () => {
    const engine = newEngine();
    const placed = engine.place(order('alice', 'bid', '0.30', 5, { expirationTime: 10_000 }), 1).order;
    expect(engine.expire(9_999)).toHaveLength(0);
    engine.expire(10_000);
    expect(placed).toMatchObject({ status: 'canceled', lastUpdateReason: 'ExpiryCancel' });
  });

  it('pays $1 per winning contract at settlement and records it', () => {
    const engine = newEngine();
    engine.place(order('alice', 'ask', '0.40', 10), 1);
    engine.place(order('bob', 'bid', '0.40', 10), 2);
    engine.settle('M', 'yes', 3);
    const bob = engine.account('bob');
    expect(bob?.positions.size).toBe(0);
    expect(bob?.settlements[0]).toMatchObject({ result: 'yes', yesCount: wholeContracts(10), payout: d('10') });
    expect(bob?.balance).toBe(d('1000') - d('4') - d('0.168') + d('10'));
    expect(engine.account('alice')?.balance).toBe(d('1000') - d('6')); // no maker fee on a quadratic series
  });
});

// ---- properties ------------------------------------------------------------------------------

const accountIds = ['alice', 'bob', 'carol'];
const rarely = fc.constantFrom(false, false, false, true);
/** Mostly prices near the middle of the grid, where bids and asks cross; sometimes anywhere. */
const pricePick = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -6, max: 6 }) }, { weight: 1, arbitrary: fc.integer({ min: 100, max: 10_099 }) });
const pickPrice = (prices: readonly Micros[], pick: number): Micros =>
  (pick < 100 ? prices[Math.floor(prices.length / 2) + pick] : prices[Math.floor(((pick - 100) / 10_000) * prices.length)]) as Micros;
const operation = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      account: fc.constantFrom(...accountIds),
      side: fc.constantFrom('bid' as const, 'ask' as const),
      priceIndex: pricePick,
      count: fc.integer({ min: 1, max: 2_000 }),
      timeInForce: fc.constantFrom('good_till_canceled' as const, 'good_till_canceled' as const, 'immediate_or_cancel' as const, 'fill_or_kill' as const),
      selfTradePrevention: fc.constantFrom('taker_at_cross' as const, 'maker' as const),
      postOnly: rarely,
      reduceOnly: rarely,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('amend' as const), pick: fc.nat(), priceIndex: pricePick, count: fc.integer({ min: 1, max: 2_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decrease' as const), pick: fc.nat(), count: fc.integer({ min: 0, max: 500 }) }) },
);

interface Ledger {
  fees: bigint;
  fills: Fill[];
}

function run(engine: MatchingEngine, operations: ReadonlyArray<object>, prices: Micros[], ledger: Ledger, check: () => void): void {
  let now = 1;
  for (const raw of operations) {
    now += 1;
    const step = raw as { kind: string; [key: string]: unknown };
    const resting = [...engine.accounts()].flatMap((account) => [...account.orders.values()].filter((entry) => entry.status === 'resting'));
    const target = resting.length > 0 ? resting[(step.pick as number) % resting.length] : undefined;
    let events: EngineEvent[] = [];
    try {
      if (step.kind === 'place') {
        const outcome = engine.place(
          {
            accountId: step.account as string,
            ticker: 'M',
            side: step.side as 'bid' | 'ask',
            yesPrice: pickPrice(prices, step.priceIndex as number),
            count: centis(BigInt(step.count as number)),
            timeInForce: step.timeInForce as PlaceOrderInput['timeInForce'],
            selfTradePrevention: step.selfTradePrevention as PlaceOrderInput['selfTradePrevention'],
            postOnly: step.postOnly as boolean,
            reduceOnly: step.reduceOnly as boolean,
          },
          now,
        );
        events = outcome.events;
      } else if (target && step.kind === 'cancel') {
        events = engine.cancel(target.accountId, target.orderId, now).events;
      } else if (target && step.kind === 'amend') {
        const yesPrice = pickPrice(prices, step.priceIndex as number);
        const count = centis(target.filledCount + BigInt(step.count as number));
        events = engine.amend(target.accountId, target.orderId, { ticker: 'M', side: target.side, yesPrice, count }, now).events;
      } else if (target && step.kind === 'decrease') {
        events = engine.decrease(target.accountId, target.orderId, { reduceBy: centis(BigInt(step.count as number)) }, now).events;
      }
    } catch (error) {
      if (!(error instanceof OrderRejected)) throw error;
    }
    for (const event of events) {
      if (event.kind === 'fill') {
        ledger.fees += event.fill.fee;
        ledger.fills.push(event.fill);
      }
    }
    check();
  }
}

function totalMoney(engine: MatchingEngine, ledger: Ledger): bigint {
  let total = ledger.fees + (engine.market('M')?.openInterest ?? 0n) * 10_000n;
  for (const account of engine.accounts()) {
    total += account.balance;
    for (const entry of account.orders.values()) if (entry.status === 'resting') total += entry.reserved;
  }
  return total;
}

describe('matching engine properties', () => {
  const scenario = fc.record({
    feeType: fc.constantFrom<FeeType>('quadratic', 'quadratic_with_maker_fees', 'quadratic_with_combo_maker_fees'),
    structure: fc.constantFrom('linear_cent', 'tapered_deci_cent'),
    operations: fc.array(operation, { minLength: 1, maxLength: 60 }),
    result: fc.constantFrom('yes' as const, 'no' as const),
  });

  it('conserves contracts and money, never crosses the book, and never overdraws (including settlement)', () => {
    fc.assert(
      fc.property(scenario, ({ feeType, structure, operations, result }) => {
        // small deposits so that orders run into the balance check
        const engine = newEngine(feeType, structure, d('25'));
        const prices = gridPrices(priceBandsFor(structure));
        const deposits = 3n * d('25');
        const ledger: Ledger = { fees: 0n, fills: [] };
        run(engine, operations, prices, ledger, () => {
          const book = engine.book('M');
          const bestYes = book?.yes.best();
          const bestNo = book?.no.best();
          if (bestYes != null && bestNo != null) expect(bestYes + bestNo < ONE_DOLLAR).toBe(true);
          let signed = 0n;
          let long = 0n;
          for (const account of engine.accounts()) {
            expect(account.balance >= 0n).toBe(true);
            const held = account.positions.get('M')?.position ?? 0n;
            signed += held;
            if (held > 0n) long += held;
          }
          expect(signed).toBe(0n); // every YES bought was sold as a NO
          expect(long).toBe(engine.market('M')?.openInterest);
          expect(totalMoney(engine, ledger)).toBe(deposits);
        });
        const bought = ledger.fills.filter((fill) => fill.leg === 'yes').reduce((sum, fill) => sum + fill.count, 0n);
        const sold = ledger.fills.filter((fill) => fill.leg === 'no').reduce((sum, fill) => sum + fill.count, 0n);
        expect(bought).toBe(sold);
        engine.settle('M', result, 10_000);
        expect(totalMoney(engine, ledger)).toBe(deposits);
        for (const account of engine.accounts()) expect([...account.orders.values()].every((entry) => entry.status !== 'resting')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('fills resting orders best price first, then oldest first', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ account: fc.constantFrom('alice', 'bob'), priceIndex: fc.nat(), count: fc.integer({ min: 1, max: 500 }) }), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.integer({ min: 1, max: 20_000 }),
        (resting, takerCount) => {
          const engine = newEngine();
          const prices = gridPrices(priceBandsFor('linear_cent'));
          const placed = resting.map((entry, index) =>
            engine.place(
              { ...order(entry.account, 'ask', '0.50', 1), yesPrice: prices[entry.priceIndex % prices.length] as Micros, count: centis(BigInt(entry.count)) },
              index + 1,
            ).order,
          );
          const { events } = engine.place({ ...order('carol', 'bid', '0.99', 1), count: centis(BigInt(takerCount)), timeInForce: 'immediate_or_cancel' }, 1_000);
          const makerFills = fills(events).filter((fill) => !fill.isTaker);
          const rank = (orderId: string) => {
            const entry = placed.find((candidate) => candidate.orderId === orderId);
            return { price: entry?.legPrice ?? 0n, priority: entry?.priority ?? 0 };
          };
          for (let index = 1; index < makerFills.length; index += 1) {
            const before = rank((makerFills[index - 1] as Fill).orderId);
            const after = rank((makerFills[index] as Fill).orderId);
            expect(before.price > after.price || (before.price === after.price && before.priority < after.priority)).toBe(true);
          }
          // nothing better than the last filled order is left resting
          const last = makerFills.at(-1);
          if (last) {
            const worst = rank(last.orderId);
            for (const entry of placed) {
              if (entry.status !== 'resting' || entry.orderId === last.orderId) continue;
              expect(entry.legPrice < worst.price || (entry.legPrice === worst.price && entry.priority > worst.priority)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
