/**
 * The benchmark firehose (`POST /admin/firehose`): as many `orderbook_delta` messages as asked,
 * as fast as possible. Each message is a real book change — a one-contract bid at the bottom of
 * the grid placed, then cancelled — so a client's book stays consistent with the exchange.
 */
import { ONE_DOLLAR, centis, micros } from '@polly/contracts';
import { validPriceBounds } from '@polly/market';
import type { SimulatedExchange } from '../exchange/simulated-exchange';

const FIREHOSE_ACCOUNT = 'sim-firehose';
const CHUNK = 1_000;

export interface FirehoseResult {
  readonly messages: number;
  readonly tickers: string[];
  readonly elapsedMs: number;
}

export async function runFirehose(exchange: SimulatedExchange, messages: number, tickers: readonly string[]): Promise<FirehoseResult> {
  exchange.openAccount(FIREHOSE_ACCOUNT, micros(1_000_000_000_000_000n), false);
  const targets = tickers.filter((ticker) => {
    const market = exchange.universe.markets.get(ticker);
    if (!market || exchange.engine.market(ticker)?.status !== 'active') return false;
    const bestNo = exchange.engine.book(ticker)?.no.best() ?? null;
    return bestNo === null || bestNo + validPriceBounds(market.bands).min < ONE_DOLLAR;
  });
  const started = performance.now();
  let sent = 0;
  let resting: { ticker: string; orderId: string } | null = null;
  let turn = 0;
  while (sent < messages && targets.length > 0) {
    for (let step = 0; step < CHUNK && sent < messages; step += 1) {
      if (resting) {
        exchange.cancelOrder(FIREHOSE_ACCOUNT, resting.orderId);
        resting = null;
      } else {
        const ticker = targets[turn % targets.length] as string;
        turn += 1;
        const market = exchange.universe.markets.get(ticker);
        if (!market) continue;
        const outcome = exchange.placeOrder({
          accountId: FIREHOSE_ACCOUNT,
          ticker,
          side: 'bid',
          yesPrice: validPriceBounds(market.bands).min,
          count: centis(100n),
          timeInForce: 'good_till_canceled',
          selfTradePrevention: 'maker',
        });
        if (outcome.order.status === 'resting') resting = { ticker, orderId: outcome.order.orderId };
      }
      sent += 1;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (resting) exchange.cancelOrder(FIREHOSE_ACCOUNT, resting.orderId);
  return { messages: sent, tickers: targets, elapsedMs: Math.round(performance.now() - started) };
}
