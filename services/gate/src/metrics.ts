/** The gate's metrics: decisions by outcome and code, pending approvals, time to decide, snapshots. */
import type { AnyEvent } from '@polly/contracts';
import type { Metrics } from '@polly/runtime';

export interface GateMetrics {
  decisions: ReturnType<Metrics['counter']>;
  pendingApprovals: ReturnType<Metrics['gauge']>;
  decisionSeconds: ReturnType<Metrics['histogram']>;
  snapshots: ReturnType<Metrics['counter']>;
  countDecision(environment: string, event: AnyEvent): void;
}

export function createGateMetrics(metrics: Metrics): GateMetrics {
  const decisions = metrics.counter('gate_decisions_total', 'gate decisions by outcome and code (denial code, approval route or resolution)', ['environment', 'outcome', 'code']);
  return {
    decisions,
    pendingApprovals: metrics.gauge('gate_pending_approvals', 'SemiAuto buys waiting for a human', ['environment']),
    decisionSeconds: metrics.histogram('gate_decision_seconds', 'from an intent reaching the gate to its decision being published', ['environment'], [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1, 0.5]),
    snapshots: metrics.counter('gate_snapshots_total', 'state snapshots stored (saved) or not (failed)', ['environment', 'outcome']),
    countDecision(environment, event) {
      if (event.type === 'intent.approved') decisions.inc({ environment, outcome: 'approved', code: event.data.route });
      else if (event.type === 'intent.denied') decisions.inc({ environment, outcome: 'denied', code: event.data.code });
      else if (event.type === 'approval.requested') decisions.inc({ environment, outcome: 'approval-requested', code: 'SEMI_AUTO_BUY' });
      else if (event.type === 'approval.resolved') decisions.inc({ environment, outcome: `approval-${event.data.outcome}`, code: event.data.resolvedBy });
    },
  };
}
