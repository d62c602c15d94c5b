/**
 * Simulated exchange time. In `real` mode it runs with the wall clock from a chosen start (plus
 * every advance); in `manual` mode it stands still until advanced, which makes tests exact.
 * Advancing only ever moves time forward.
 */
export type ClockMode = 'real' | 'manual';

export interface Clock {
  now(): number;
}

export class SimulatedClock implements Clock {
  private offset = 0;
  private readonly wallStart: number;

  constructor(
    private readonly start: number,
    readonly mode: ClockMode,
    private readonly wallNow: () => number = Date.now,
  ) {
    this.wallStart = wallNow();
  }

  now(): number {
    const elapsed = this.mode === 'real' ? this.wallNow() - this.wallStart : 0;
    return this.start + elapsed + this.offset;
  }

  advance(milliseconds: number): void {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) throw new RangeError(`cannot advance by ${milliseconds} ms`);
    this.offset += milliseconds;
  }
}
