/** The agents' metrics: decisions by reason, intents, failures and restarts, inputs, lifecycle. */
import type { Metrics } from '@polly/runtime';

export interface AgentsMetrics {
  decisions: ReturnType<Metrics['counter']>;
  holdsNotRecorded: ReturnType<Metrics['counter']>;
  intents: ReturnType<Metrics['counter']>;
  failures: ReturnType<Metrics['counter']>;
  publishFailures: ReturnType<Metrics['counter']>;
  invalidInputs: ReturnType<Metrics['counter']>;
  notifications: ReturnType<Metrics['counter']>;
  indexValues: ReturnType<Metrics['counter']>;
  commands: ReturnType<Metrics['counter']>;
  lifecycle: ReturnType<Metrics['gauge']>;
  decisionSeconds: ReturnType<Metrics['histogram']>;
}

export function createAgentsMetrics(metrics: Metrics): AgentsMetrics {
  return {
    decisions: metrics.counter('agents_decisions_total', 'decisions recorded, by agent, outcome and reason code', ['environment', 'agent', 'outcome', 'reason']),
    holdsNotRecorded: metrics.counter('agents_holds_not_recorded_total', 'holds past the first of their market and minute (counted, not recorded)', ['environment', 'agent']),
    intents: metrics.counter('agents_intents_total', 'intents published', ['environment', 'agent', 'action', 'side']),
    failures: metrics.counter('agents_failures_total', 'exceptions thrown by an agent plugin', ['environment', 'agent']),
    publishFailures: metrics.counter('agents_publish_failures_total', 'events the agents could not publish', ['environment', 'type']),
    invalidInputs: metrics.counter('agents_invalid_inputs_total', 'notifications, cache entries or stream messages that failed validation', ['environment', 'source']),
    notifications: metrics.counter('agents_notifications_total', 'cache notifications received', ['environment']),
    indexValues: metrics.counter('agents_index_values_total', 'index values received', ['environment', 'index']),
    commands: metrics.counter('agents_commands_total', 'CONTROL messages handled, by type and outcome', ['environment', 'type', 'outcome']),
    lifecycle: metrics.gauge('agents_lifecycle', '1 for the lifecycle state each agent is in', ['environment', 'agent', 'state']),
    decisionSeconds: metrics.histogram('agents_decision_seconds', 'time a plugin took to decide (excluding publishing)', ['environment', 'agent'], [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01, 0.05]),
  };
}
