/**
 * Opaque pagination cursors: the last listing key served, which listing it belongs to, and the
 * filters it was issued for, signed so a client cannot forge or reuse one across queries.
 * A cursor expires after 15 minutes of wall time; an expired, altered or foreign cursor is a
 * 400 with code `invalid_cursor`. The last page answers cursor "".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http';

export const CURSOR_LIFETIME_MS = 15 * 60_000;

interface CursorBody {
  /** Which listing: markets, events, trades, orders, fills, settlements, positions. */
  readonly s: string;
  /** The last key served. */
  readonly k: number;
  /** A digest of the filters. */
  readonly f: string;
  /** Expiry (wall ms). */
  readonly x: number;
}

export class CursorCodec {
  constructor(private readonly secret: string) {}

  encode(scope: string, lastKey: number, filters: string, wallNow: number): string {
    const body: CursorBody = { s: scope, k: lastKey, f: this.digest(filters), x: wallNow + CURSOR_LIFETIME_MS };
    const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The last key served, or null for no cursor; throws HttpError 400 invalid_cursor. */
  decode(cursor: string | undefined, scope: string, filters: string, wallNow: number): number | null {
    if (cursor === undefined || cursor === '') return null;
    const [payload, signature] = cursor.split('.');
    const expected = payload ? this.sign(payload) : '';
    if (!payload || !signature || signature.length !== expected.length || !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
      throw invalid('the cursor is not one this exchange issued');
    }
    let body: CursorBody;
    try {
      body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CursorBody;
    } catch {
      throw invalid('the cursor cannot be read');
    }
    if (body.s !== scope) throw invalid('the cursor belongs to another listing');
    if (body.f !== this.digest(filters)) throw invalid('the cursor was issued for different filters');
    if (body.x < wallNow) throw invalid('the cursor has expired; start again without a cursor');
    return body.k;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url').slice(0, 22);
  }

  private digest(filters: string): string {
    return createHmac('sha256', this.secret).update(filters).digest('base64url').slice(0, 12);
  }
}

const invalid = (details: string) => new HttpError(400, 'invalid_cursor', 'invalid cursor', details);
