/** Every order-entry request the exchange received, for tests and debugging (`GET /admin/order-log`). */
export interface OrderLogEntry {
  /** When the request was processed (the order applied to the book), as ISO text. */
  readonly at: string;
  /**
   * When the request arrived and when it was processed, in unix milliseconds with a fraction
   * (the same clock as `at`, finer): latency measurements need better than whole milliseconds.
   */
  readonly receivedAtMs: number;
  readonly processedAtMs: number;
  readonly keyId: string | null;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly clientOrderId: string | null;
}

export class OrderLog {
  private readonly entries: OrderLogEntry[] = [];

  constructor(private readonly capacity = 50_000) {}

  add(entry: OrderLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  list(): readonly OrderLogEntry[] {
    return this.entries;
  }
}
