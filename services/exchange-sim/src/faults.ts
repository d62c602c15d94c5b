/**
 * Injected faults for resilience tests (docs/exchange-sim.md, `POST /admin/faults`): HTTP error
 * storms, held (timed-out) responses, added latency, skipped WebSocket sequence numbers. Pausing
 * the exchange and dropping connections act at once and are handled by the admin endpoint.
 */
import { z } from 'zod';

export const FaultsRequest = z
  .object({
    http: z.object({ status: z.union([z.literal(429), z.literal(500), z.literal(503)]), count: z.number().int().positive(), pathPrefix: z.string().optional() }).optional(),
    timeouts: z.object({ count: z.number().int().positive(), pathPrefix: z.string().optional() }).optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    paused: z.boolean().optional(),
    dropConnections: z.boolean().optional(),
    skipSeq: z.object({ count: z.number().int().positive() }).optional(),
  })
  .strict();
export type FaultsRequest = z.infer<typeof FaultsRequest>;

interface Counted {
  remaining: number;
  readonly pathPrefix?: string;
}

const API_PREFIX = '/trade-api/v2';

/** A prefix may be written with or without /trade-api/v2. */
const matches = (fault: Counted, path: string): boolean => {
  if (!fault.pathPrefix) return true;
  const full = fault.pathPrefix.startsWith(API_PREFIX) ? fault.pathPrefix : `${API_PREFIX}${fault.pathPrefix}`;
  return path.startsWith(full);
};

export class Faults {
  private http: (Counted & { status: 429 | 500 | 503 }) | null = null;
  private timeouts: Counted | null = null;
  latencyMs = 0;
  /** Sequenced WebSocket messages still to skip a number. */
  skipSeq = 0;

  apply(request: FaultsRequest): void {
    if (request.http) this.http = { status: request.http.status, remaining: request.http.count, pathPrefix: request.http.pathPrefix };
    if (request.timeouts) this.timeouts = { remaining: request.timeouts.count, pathPrefix: request.timeouts.pathPrefix };
    if (request.latencyMs !== undefined) this.latencyMs = request.latencyMs;
    if (request.skipSeq) this.skipSeq += request.skipSeq.count;
  }

  clear(): void {
    this.http = null;
    this.timeouts = null;
    this.latencyMs = 0;
    this.skipSeq = 0;
  }

  /** The status to fail this request with, if an HTTP storm is active for its path. */
  takeHttp(path: string): 429 | 500 | 503 | null {
    if (!this.http || !matches(this.http, path)) return null;
    const status = this.http.status;
    this.http.remaining -= 1;
    if (this.http.remaining <= 0) this.http = null;
    return status;
  }

  takeTimeout(path: string): boolean {
    if (!this.timeouts || !matches(this.timeouts, path)) return false;
    this.timeouts.remaining -= 1;
    if (this.timeouts.remaining <= 0) this.timeouts = null;
    return true;
  }

  /** True once per sequenced message while a skip is pending. */
  takeSkip(): boolean {
    if (this.skipSeq <= 0) return false;
    this.skipSeq -= 1;
    return true;
  }

  describe(paused: boolean): Record<string, unknown> {
    return {
      http: this.http ? { status: this.http.status, count: this.http.remaining, pathPrefix: this.http.pathPrefix ?? null } : null,
      timeouts: this.timeouts ? { count: this.timeouts.remaining, pathPrefix: this.timeouts.pathPrefix ?? null } : null,
      latencyMs: this.latencyMs,
      paused,
      skipSeq: this.skipSeq,
    };
  }
}
