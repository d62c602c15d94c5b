/**
 * Index values (`md.{environment}.index.updated.{index}`: BRTI from CF Benchmarks) for the agents
 * that ask for them. At start it reads back the last `historyMinutes` from MARKET_DATA so an
 * agent's volatility is warm at once, then follows live. The same history is kept in memory and
 * replayed into an agent that (re)starts. A value older than `freshMs` when it arrives is history:
 * agents fold it but do not decide on it.
 */
import type { Bus } from '@polly/bus';
import type { Environment } from '@polly/contracts';
import type { Observation } from '../plugin';
import { follow } from './streams';

export type IndexObservation = Extract<Observation, { kind: 'index' }>;

export interface IndexFeedOptions {
  bus: Bus;
  environment: Environment;
  historyMinutes: number;
  freshMs: number;
  now: () => number;
  deliver(observation: IndexObservation, fresh: boolean): void;
  onInvalid(reason: string): void;
  onError(error: unknown): void;
}

export class IndexFeed {
  private readonly history: IndexObservation[] = [];
  received = 0;

  constructor(private readonly options: IndexFeedOptions) {}

  /** Every value kept, oldest first (replayed into agents that start). */
  recent(): readonly IndexObservation[] {
    return this.history;
  }

  start(signal: AbortSignal): Promise<void> {
    const { bus, environment, historyMinutes } = this.options;
    const run = async (): Promise<void> => {
      let since = new Date(this.options.now() - historyMinutes * 60_000);
      while (!signal.aborted) {
        try {
          await follow(bus, { stream: 'MARKET_DATA', filter: `md.${environment}.index.updated.>`, start: { time: since } }, signal, (event) => this.onEvent(event), this.options.onInvalid);
        } catch (error) {
          if (signal.aborted) return;
          this.options.onError(error);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        const newest = this.history[this.history.length - 1];
        if (newest) since = new Date(newest.at + 1);
      }
    };
    return run();
  }

  private onEvent(event: Parameters<Parameters<typeof follow>[3]>[0]): void {
    if (event.type !== 'index.updated') return;
    const value = Number(event.data.value);
    const windowedAverage = event.data.windowedAverage === null ? null : Number(event.data.windowedAverage);
    const observation: IndexObservation = { kind: 'index', indexId: event.data.indexId, value, windowedAverage, at: event.data.exchangeTimestampMs };
    const newest = this.history[this.history.length - 1];
    if (newest && newest.indexId === observation.indexId && observation.at <= newest.at) return;
    this.received += 1;
    this.history.push(observation);
    const horizon = this.options.now() - this.options.historyMinutes * 60_000;
    while (this.history.length > 0 && (this.history[0] as IndexObservation).at < horizon) this.history.shift();
    this.options.deliver(observation, this.options.now() - observation.at <= this.options.freshMs);
  }
}
