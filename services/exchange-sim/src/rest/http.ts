/**
 * Small HTTP helpers: JSON answers, Kalshi-shaped errors (PROTOCOL §3.4), bounded body reading
 * and query access that accepts both repeated keys and comma-separated lists.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: string,
  ) {
    super(message);
  }
}

/** `{"error":{"code","message","details"}}` as Kalshi sends it. */
export const errorBody = (code: string, message: string, details?: string) => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  if (status === 204) {
    response.writeHead(204);
    response.end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export function sendError(response: ServerResponse, error: HttpError): void {
  sendJson(response, error.status, errorBody(error.code, error.message, error.details));
}

/** 429 is the one error whose body is a bare string, with no Retry-After (PROTOCOL §8.1). */
export function sendTooManyRequests(response: ServerResponse): void {
  sendJson(response, 429, { error: 'too many requests' });
}

const MAX_BODY_BYTES = 1_000_000;

export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'bad_request', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_request', 'request body is not valid JSON');
  }
}

/** Query parameters as an object of strings; repeated keys and comma lists become arrays. */
export class Query {
  constructor(private readonly params: URLSearchParams) {}

  get(name: string): string | undefined {
    const value = this.params.get(name);
    return value === null || value === '' ? undefined : value;
  }

  list(name: string): string[] {
    return this.params
      .getAll(name)
      .flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value !== '');
  }

  /** Every parameter, for zod: single values as strings, repeated ones joined by commas. */
  record(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of new Set(this.params.keys())) out[key] = this.params.getAll(key).join(',');
    return out;
  }
}
