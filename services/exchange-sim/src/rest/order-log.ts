/** Every order-entry request the exchange received, for tests and debugging (`GET /admin/order-log`). */
export interface OrderLogEntry {
  readonly at: string;
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
