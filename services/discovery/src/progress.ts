/**
 * How far a cycle has come: pages, items per phase, retries and cursor restarts, summed over the
 * cycle's listings (each status is its own listing) and single reads. Every few pages, and at
 * the end of each phase, it reports (a log line and a SYSTEM `discovery.progressed` event).
 */
import type { PaginationProgress } from '@polly/kalshi';

export type Phase = 'series' | 'events' | 'markets';

export interface ProgressSnapshot {
  cycleId: string;
  phase: Phase;
  pages: number;
  items: number;
  retries: number;
  restarts: number;
  elapsedMs: number;
}

export interface ProgressDelta {
  pages: number;
  items: number;
  retries: number;
  restarts: number;
}

export interface ProgressListener {
  /** Every change (for counters). */
  counted(phase: Phase, delta: ProgressDelta): void;
  /** Every few pages, on a cursor restart and at the end of each phase (for people). */
  reported(snapshot: ProgressSnapshot): void;
}

export class CycleProgress {
  pages = 0;
  retries = 0;
  restarts = 0;
  readonly items: Record<Phase, number> = { series: 0, events: 0, markets: 0 };
  private lastReportedPages = 0;

  constructor(
    readonly cycleId: string,
    private readonly startedAt: number,
    private readonly now: () => number,
    private readonly everyPages: number,
    private readonly listener: ProgressListener,
  ) {}

  get elapsedMs(): number {
    return Math.max(0, this.now() - this.startedAt);
  }

  snapshot(phase: Phase): ProgressSnapshot {
    return { cycleId: this.cycleId, phase, pages: this.pages, items: this.items[phase], retries: this.retries, restarts: this.restarts, elapsedMs: this.elapsedMs };
  }

  /** The onProgress callback of one listing: adds what changed since its previous call. */
  listing(phase: Phase): (progress: PaginationProgress) => void {
    let previous = { pages: 0, items: 0, retries: 0, restarts: 0 };
    return (progress) => {
      const delta = {
        pages: progress.pages - previous.pages,
        items: progress.items - previous.items,
        retries: progress.retries - previous.retries,
        restarts: progress.restarts - previous.restarts,
      };
      previous = progress;
      this.add(phase, delta);
    };
  }

  /** A page read on its own (the series list, which has no cursor). */
  page(phase: Phase, attempts: number, items: number): void {
    this.add(phase, { pages: 1, items, retries: Math.max(0, attempts - 1), restarts: 0 });
  }

  /** Requests sent again while reading single objects (a market, an event or a series). */
  retried(phase: Phase, retries: number): void {
    if (retries > 0) this.add(phase, { pages: 0, items: 0, retries, restarts: 0 });
  }

  private add(phase: Phase, delta: ProgressDelta): void {
    this.pages += delta.pages;
    this.items[phase] += delta.items;
    this.retries += delta.retries;
    this.restarts += delta.restarts;
    this.listener.counted(phase, delta);
    if (this.pages - this.lastReportedPages >= this.everyPages || delta.restarts > 0) this.endPhase(phase);
  }

  /** Report now (the end of a phase, whatever the page count). */
  endPhase(phase: Phase): void {
    this.lastReportedPages = this.pages;
    this.listener.reported(this.snapshot(phase));
  }
}
