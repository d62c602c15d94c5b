/**
 * An agent's buy published at a moment the test chooses (after the kill switch, to show that
 * nothing comes of it): an `agent.decided` and an `intent.created` for a market the cache knows,
 * priced at its YES ask, exactly as an agent publishes them (libs/testing/src/trading-events.ts
 * builds the same events). Everything after the intent is the real gate, execution and API.
 */
import { randomUUID } from 'node:crypto';
import {
  AgentDecided,
  type Environment,
  IntentCreated,
  type TradeIntent,
  createEvent,
} from '@polly/contracts';
import type { Bus } from '@polly/bus';

export interface QuotedMarket {
  ticker: string;
  yesAsk: string;
  yesBid: string | null;
  noAsk: string | null;
  noBid: string | null;
  lastPrice: string | null;
}

/** A buy of `count` YES contracts at the market's YES ask, with the reasoning given. */
export async function proposeBuy(bus: Bus, environment: Environment, agent: { agentId: string; agentName: string }, market: QuotedMarket, count: string, reasoning: string): Promise<TradeIntent> {
  const decisionId = randomUUID();
  const now = new Date().toISOString();
  const intent: TradeIntent = {
    intentId: randomUUID(),
    decisionId,
    agentId: agent.agentId,
    agentName: agent.agentName,
    clientOrderId: `${agent.agentId}-${Date.now().toString(36)}-${randomUUID().slice(0, 6)}`,
    marketTicker: market.ticker,
    action: 'buy',
    side: 'yes',
    price: market.yesAsk,
    count,
    timeInForce: 'immediate_or_cancel',
    postOnly: false,
    reduceOnly: false,
    estimatedFee: '0.0200',
    confidence: 0.62,
    reasoning,
    marketSnapshot: { marketTicker: market.ticker, yesBid: market.yesBid, yesAsk: market.yesAsk, noBid: market.noBid, noAsk: market.noAsk, lastPrice: market.lastPrice, volume: null, stale: false, observedAt: now },
    createdAt: now,
  };
  await bus.publish(
    createEvent(
      AgentDecided,
      environment,
      { decisionId, agentId: agent.agentId, agentName: agent.agentName, marketTicker: market.ticker, outcome: 'intent', reasonCode: 'TEST_BUY', explanation: reasoning, inputs: {}, intentId: intent.intentId },
      { source: 'agents' },
    ),
  );
  await bus.publish(createEvent(IntentCreated, environment, intent, { source: 'agents' }));
  return intent;
}
