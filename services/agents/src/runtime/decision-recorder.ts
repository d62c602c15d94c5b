/**
 * Every decision becomes a record: `agent.decided` with its reason and the inputs it used, and
 * for an order the `intent.created` that follows it (caused by the decision). Holds pass the
 * throttle first (one per agent, market and minute). An order the runtime cannot turn into an
 * intent (no price grid yet, an invalid count) is recorded as a hold with the runtime's reason.
 *
 * The intent enters the holdings book before it is published, so the agent's next decision
 * already sees it working; if publishing fails, it is taken out again.
 *
 * A cancel of one of the agent's own resting orders becomes `agent.decided` (outcome `cancel`)
 * and `order.cancel-requested`, sent back to back; the book marks the order as asked for, so the
 * next decisions do not ask again while execution answers. A cancel asked for again meanwhile
 * (CANCEL_ALREADY_REQUESTED), or of an order that is not the agent's or no longer rests
 * (CANCEL_NOT_POSSIBLE), is recorded as a hold and sends nothing.
 */
import { randomUUID } from 'node:crypto';
import { AgentDecided, type DecisionInputs, type Environment, IntentCreated, OrderCancelRequested, formatDollars } from '@polly/contracts';
import type { Logger } from '@polly/runtime';
import type { z } from 'zod';
import type { HoldThrottle } from '../domain/hold-throttle';
import { buildIntent, newClientOrderId } from '../domain/intent';
import type { AgentsMetrics } from '../metrics';
import type { Decision, MarketView } from '../plugin';
import type { HoldingsBook } from './holdings-book';
import type { Publisher } from './publisher';

type Inputs = z.infer<typeof DecisionInputs>;

export interface DecisionRecorderOptions {
  environment: Environment;
  publisher: Publisher;
  book: HoldingsBook;
  throttle: HoldThrottle;
  metrics: AgentsMetrics;
  logger: Logger;
  now: () => number;
  random: () => number;
  /** Called with the time of each recorded decision (the registry's last_decision_at). */
  onRecorded(agentId: string, at: string): void;
}

/** Plugin inputs made safe for the record: finite numbers only, bounded text. */
function cleanInputs(inputs: Record<string, unknown>): Inputs {
  const cleaned: Inputs = {};
  for (const [name, value] of Object.entries(inputs)) {
    if (typeof value === 'number') cleaned[name] = Number.isFinite(value) ? value : null;
    else if (typeof value === 'string') cleaned[name] = value.slice(0, 500);
    else if (typeof value === 'boolean' || value === null) cleaned[name] = value;
    else if (typeof value === 'bigint') cleaned[name] = value.toString();
  }
  return cleaned;
}

export class DecisionRecorder {
  constructor(private readonly options: DecisionRecorderOptions) {}

  async record(agent: { agentId: string; agentName: string }, market: MarketView, decision: Decision, trigger: string): Promise<void> {
    const { metrics, environment } = this.options;
    const now = this.options.now();
    const inputs = cleanInputs({ ...decision.inputs, trigger, marketRevision: market.revision, marketUpdatedAt: market.updatedAt });
    if (decision.outcome === 'hold') return this.hold(agent, market.marketTicker, decision.reasonCode, decision.explanation, inputs, now);
    if (decision.outcome === 'cancel') return this.cancel(agent, market.marketTicker, decision, inputs, now);
    const identity = {
      ...agent,
      intentId: randomUUID(),
      decisionId: randomUUID(),
      clientOrderId: newClientOrderId(agent.agentId, now, this.options.random),
    };
    const built = buildIntent(decision, market, identity, now);
    if (!built.ok) return this.hold(agent, market.marketTicker, built.reasonCode, `${built.explanation} (wanted: ${decision.explanation})`, inputs, now);
    if (built.snappedFrom !== null) inputs.priceBeforeGrid = formatDollars(built.snappedFrom);
    const intent = built.intent;
    this.options.book.addIntent(intent, now);
    try {
      // The decision and its intent go out back to back: one round trip, the decision stored first.
      const { publisher } = this.options;
      const decided = publisher.prepare(
        AgentDecided,
        { decisionId: identity.decisionId, agentId: agent.agentId, agentName: agent.agentName, marketTicker: market.marketTicker, outcome: 'intent', reasonCode: decision.reasonCode.slice(0, 80), explanation: decision.explanation.slice(0, 2000), inputs, intentId: intent.intentId },
        null,
        now,
      );
      await publisher.send(decided, publisher.prepare(IntentCreated, intent, decided, now));
    } catch (error) {
      this.options.book.withdraw(intent.clientOrderId);
      metrics.publishFailures.inc({ environment, type: 'intent.created' });
      this.options.logger.error({ environment, agentId: agent.agentId, error: String(error) }, 'could not publish a decision and its intent');
      return;
    }
    metrics.decisions.inc({ environment, agent: agent.agentId, outcome: 'intent', reason: decision.reasonCode });
    metrics.intents.inc({ environment, agent: agent.agentId, action: intent.action, side: intent.side });
    this.options.onRecorded(agent.agentId, intent.createdAt);
  }

  private async cancel(agent: { agentId: string; agentName: string }, marketTicker: string, decision: Extract<Decision, { outcome: 'cancel' }>, inputs: Inputs, now: number): Promise<void> {
    const { metrics, environment, book, publisher } = this.options;
    const { clientOrderId } = decision;
    const requested = book.requestCancel(agent.agentId, marketTicker, clientOrderId, now);
    if (requested === 'already-requested') return this.hold(agent, marketTicker, 'CANCEL_ALREADY_REQUESTED', `the cancel of ${clientOrderId} is on its way (wanted: ${decision.explanation})`, inputs, now);
    if (requested === 'not-resting') {
      return this.hold(agent, marketTicker, 'CANCEL_NOT_POSSIBLE', `wanted to cancel ${clientOrderId}, which is not its resting order in this market (wanted: ${decision.explanation})`, inputs, now);
    }
    const decisionId = randomUUID();
    const reasonCode = decision.reasonCode.slice(0, 80);
    const explanation = decision.explanation.slice(0, 2000);
    try {
      const decided = publisher.prepare(
        AgentDecided,
        { decisionId, agentId: agent.agentId, agentName: agent.agentName, marketTicker, outcome: 'cancel', reasonCode, explanation, inputs: { ...inputs, clientOrderId }, intentId: null },
        null,
        now,
      );
      await publisher.send(decided, publisher.prepare(OrderCancelRequested, { agentId: agent.agentId, clientOrderId, marketTicker, decisionId, reasonCode, explanation }, decided, now));
    } catch (error) {
      book.cancelNotRequested(clientOrderId);
      metrics.publishFailures.inc({ environment, type: 'order.cancel-requested' });
      this.options.logger.error({ environment, agentId: agent.agentId, clientOrderId, error: String(error) }, 'could not publish a cancel request');
      return;
    }
    metrics.decisions.inc({ environment, agent: agent.agentId, outcome: 'cancel', reason: reasonCode });
    this.options.onRecorded(agent.agentId, new Date(now).toISOString());
  }

  private async hold(agent: { agentId: string; agentName: string }, marketTicker: string, reasonCode: string, explanation: string, inputs: Inputs, now: number): Promise<void> {
    const { metrics, environment } = this.options;
    const admitted = this.options.throttle.admit(agent.agentId, marketTicker, now);
    if (!admitted.record) {
      metrics.holdsNotRecorded.inc({ environment, agent: agent.agentId });
      return;
    }
    try {
      await this.options.publisher.publish(
        AgentDecided,
        {
          decisionId: randomUUID(),
          agentId: agent.agentId,
          agentName: agent.agentName,
          marketTicker,
          outcome: 'hold',
          reasonCode: reasonCode.slice(0, 80),
          explanation: explanation.slice(0, 2000),
          inputs: { ...inputs, holdsNotRecordedBefore: admitted.suppressed },
          intentId: null,
        },
        null,
        now,
      );
    } catch (error) {
      metrics.publishFailures.inc({ environment, type: 'agent.decided' });
      this.options.logger.warn({ environment, agentId: agent.agentId, error: String(error) }, 'could not record a hold');
      return;
    }
    metrics.decisions.inc({ environment, agent: agent.agentId, outcome: 'hold', reason: reasonCode });
    this.options.onRecorded(agent.agentId, new Date(now).toISOString());
  }
}
