/**
 * Which delivered messages may be acknowledged. Messages are folded in stream order; a message
 * that changed a market is durable once that market has been written at (or past) the version the
 * message produced; a message that changed nothing is durable at once. With an ack-all consumer,
 * acknowledging one message acknowledges every earlier one, so only the newest message of the
 * durable prefix needs an acknowledgement.
 */

interface Pending<T> {
  readonly item: T;
  readonly market: string | null;
  readonly version: number;
}

export class AckFrontier<T> {
  private entries: Array<Pending<T> | undefined> = [];
  private head = 0;

  get size(): number {
    return this.entries.length - this.head;
  }

  /** A folded message, and the market version it needs written (null market: nothing to wait for). */
  push(item: T, market: string | null, version: number): void {
    this.entries.push({ item, market, version });
  }

  /**
   * Drop the durable prefix and return its newest item that is not null (to acknowledge: null
   * items are covered by a later one), or null when there is none.
   */
  advance(isWritten: (market: string, version: number) => boolean): NonNullable<T> | null {
    let newest: NonNullable<T> | null = null;
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head] as Pending<T>;
      if (entry.market !== null && !isWritten(entry.market, entry.version)) break;
      if (entry.item !== null && entry.item !== undefined) newest = entry.item;
      this.entries[this.head] = undefined;
      this.head += 1;
    }
    if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return newest;
  }
}
