/** Reconciliation metrics: cycles by trigger and outcome, discrepancies by kind, cycle time. */
import type { Metrics } from '@polly/runtime';

export interface ReconciliationMetrics {
  cycles: ReturnType<Metrics['counter']>;
  discrepancies: ReturnType<Metrics['counter']>;
  cycleSeconds: ReturnType<Metrics['histogram']>;
}

export function createReconciliationMetrics(metrics: Metrics): ReconciliationMetrics {
  return {
    cycles: metrics.counter('reconciliation_cycles_total', 'cycles by trigger and outcome (clean, discrepancies, failed, skipped-no-keys, skipped-paper)', ['environment', 'trigger', 'outcome']),
    discrepancies: metrics.counter('reconciliation_discrepancies_total', 'differences found between the read models and the exchange', ['environment', 'kind', 'resolution']),
    cycleSeconds: metrics.histogram('reconciliation_cycle_seconds', 'how long a cycle took', ['environment'], [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]),
  };
}
