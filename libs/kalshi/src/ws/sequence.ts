/**
 * Sequence numbers per subscription (PROTOCOL §7.7). `seq` sits on the envelope, counts per `sid`
 * across every market of that subscription, and starts at 1 with the first snapshot. A number
 * above last + 1 is a gap (messages were lost: the books of that sid are no longer trustworthy);
 * a number at or below the last one is a duplicate and is dropped.
 */

export type SequenceVerdict =
  /** No baseline yet for this sid: this number becomes it. */
  | { kind: 'first' }
  | { kind: 'next' }
  | { kind: 'duplicate'; last: number }
  | { kind: 'gap'; expected: number; received: number };

export class SequenceTracker {
  private readonly last = new Map<number, number>();

  /** A fresh subscription: its first message must carry seq 1. */
  expectFromStart(sid: number): void {
    this.last.set(sid, 0);
  }

  /** Judge a data message's seq and move the baseline (a gap resumes counting from the received number). */
  observe(sid: number, seq: number): SequenceVerdict {
    const last = this.last.get(sid);
    if (last === undefined) {
      this.last.set(sid, seq);
      return { kind: 'first' };
    }
    if (seq <= last) return { kind: 'duplicate', last };
    this.last.set(sid, seq);
    return seq === last + 1 ? { kind: 'next' } : { kind: 'gap', expected: last + 1, received: seq };
  }

  /**
   * A command reply that carries a seq (`ok`, `unsubscribed`). Whether replies consume a number of
   * the data sequence is not documented, so a reply only moves the baseline when it is exactly the
   * next number; it is never judged a gap or duplicate.
   */
  observeReply(sid: number, seq: number): void {
    const last = this.last.get(sid);
    if (last !== undefined && seq === last + 1) this.last.set(sid, seq);
  }

  lastSeq(sid: number): number | undefined {
    return this.last.get(sid);
  }

  forget(sid: number): void {
    this.last.delete(sid);
  }

  /** After a reconnect every sid is new. */
  reset(): void {
    this.last.clear();
  }
}
