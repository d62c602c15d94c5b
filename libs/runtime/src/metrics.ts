/** One prom-client registry per service, with default process metrics and a `polly_` prefix. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  counter(name: string, help: string, labelNames?: string[]): Counter<string>;
  gauge(name: string, help: string, labelNames?: string[]): Gauge<string>;
  histogram(name: string, help: string, labelNames?: string[], buckets?: number[]): Histogram<string>;
}

export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'polly_' });
  const made = new Map<string, Counter<string> | Gauge<string> | Histogram<string>>();
  const remember = <T extends Counter<string> | Gauge<string> | Histogram<string>>(name: string, create: () => T): T => {
    const existing = made.get(name);
    if (existing) return existing as T;
    const metric = create();
    made.set(name, metric);
    return metric;
  };
  return {
    registry,
    counter: (name, help, labelNames = []) =>
      remember(name, () => new Counter({ name: `polly_${name}`, help, labelNames, registers: [registry] })),
    gauge: (name, help, labelNames = []) =>
      remember(name, () => new Gauge({ name: `polly_${name}`, help, labelNames, registers: [registry] })),
    histogram: (name, help, labelNames = [], buckets) =>
      remember(name, () => new Histogram({ name: `polly_${name}`, help, labelNames, registers: [registry], ...(buckets ? { buckets } : {}) })),
  };
}
