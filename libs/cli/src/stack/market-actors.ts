/**
 * Other people at the exchange, for end-to-end tests: accounts of their own at the simulator
 * that quote a market (a maker) and trade into it (a taker), so every book change and public
 * trade reaches the stack the way the exchange reports it. The taker's trades are the public
 * flow Prime follows. `openActor` trades through the real signed REST API (its requests are in
 * the simulator's order log); `insideActor` is an account inside the simulator, like its
 * background traders, for tests that need the order log to hold nothing but the stack's own.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { micros, parseCount, parseDollars } from '@polly/contracts';
import type { UsageTier } from '@polly/exchange-sim';
import { type KalshiClient, createKalshiClient } from '@polly/kalshi';
import type { Stack } from './in-process';

export interface MarketActor {
  keyId: string;
  client: KalshiClient | null;
  /** Place a V2 order (a `bid` is a YES buy, an `ask` a YES sell) and return its id, or throw. */
  order(ticker: string, side: 'bid' | 'ask', price: string, count: string, timeInForce?: 'good_till_canceled' | 'immediate_or_cancel'): Promise<{ orderId: string }>;
}

/** An account inside the simulator: its orders go straight to the matching engine (no REST request). */
export function insideActor(stack: Stack): MarketActor {
  const { exchange } = stack.simulator;
  const accountId = `test-trader-${randomUUID()}`;
  exchange.openAccount(accountId, micros(1_000_000_000_000n), false);
  return {
    keyId: accountId,
    client: null,
    order: async (ticker, side, price, count, timeInForce = 'good_till_canceled') => {
      const outcome = exchange.placeOrder({ accountId, ticker, side, yesPrice: parseDollars(price), count: parseCount(count), timeInForce, selfTradePrevention: 'taker_at_cross' });
      if (outcome.rejection) throw new Error(`${side} ${count} ${ticker} @ ${price}: ${outcome.rejection.message}`);
      return { orderId: outcome.order.orderId };
    },
  };
}

export async function openActor(stack: Stack, options: { balance?: string; tier?: UsageTier } = {}): Promise<MarketActor> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = randomUUID();
  stack.simulator.registerKey(keyId, publicKey.export({ type: 'spki', format: 'pem' }).toString(), {
    balance: options.balance ?? '1000000.00',
    tier: options.tier ?? 'prime',
  });
  const client = createKalshiClient({
    environment: 'demo',
    restBaseUrl: stack.simulator.restUrl,
    keyId,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  const limits = await client.applyAccountLimits();
  if (!limits.ok) throw new Error(`account limits: ${limits.error.message}`);
  return {
    keyId,
    client,
    order: async (ticker, side, price, count, timeInForce = 'good_till_canceled') => {
      const placed = await client.createOrder({ ticker, side, price, count, time_in_force: timeInForce, self_trade_prevention_type: 'taker_at_cross' });
      if (!placed.ok) throw new Error(`${side} ${count} ${ticker} @ ${price}: ${placed.error.message}`);
      return { orderId: placed.value.order_id };
    },
  };
}

/** A maker quotes both sides of a market: YES bid at `bid`, YES ask at `ask`, `size` each. */
export async function quote(maker: MarketActor, ticker: string, bid: string, ask: string, size = '200.00'): Promise<void> {
  await maker.order(ticker, 'bid', bid, size);
  await maker.order(ticker, 'ask', ask, size);
}

/**
 * A taker buys `count` contracts of one outcome at the market, immediate-or-cancel: YES at the
 * given YES ask, or NO by selling YES at the given YES bid. Every trade prints with that taker side.
 */
export function take(taker: MarketActor, ticker: string, outcome: 'yes' | 'no', yesPrice: string, count: string): Promise<{ orderId: string }> {
  return taker.order(ticker, outcome === 'yes' ? 'bid' : 'ask', yesPrice, count, 'immediate_or_cancel');
}
