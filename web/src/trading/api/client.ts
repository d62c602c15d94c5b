/**
 * The cockpit's HTTP door to the control API. Reads need nothing; commands are JSON POSTs that
 * the browser sends with its Origin header, which is how the API knows a cockpit sent them (no
 * token in the page). Every answer is validated; failures come back as values with a sentence a
 * person can act on, never as exceptions thrown at the displays.
 */
import type * as z from 'zod/mini';
import { Problem } from './schemas';

export interface ApiFailure {
  ok: false;
  /** HTTP status, or 0 when nothing answered. */
  status: number;
  message: string;
}
export type ApiResult<Value> = { ok: true; value: Value } | ApiFailure;

export interface ControlClient {
  /** '' for the page's own origin, else an absolute origin such as http://127.0.0.1:4400. */
  readonly baseUrl: string;
  get<Schema extends z.ZodMiniType>(path: string, schema: Schema, signal?: AbortSignal): Promise<ApiResult<z.infer<Schema>>>;
  post<Schema extends z.ZodMiniType>(path: string, body: unknown, schema: Schema): Promise<ApiResult<z.infer<Schema>>>;
  /** Answers that did not match their schema (counted, and reported once each in the Dev Log). */
  readonly invalidAnswers: number;
}

const requestTimeoutMilliseconds = 15_000;

async function problemMessage(response: Response): Promise<string> {
  try {
    const parsed = Problem.safeParse(await response.json());
    if (parsed.success) {
      const { detail, title, errors } = parsed.data;
      const fields = errors?.map((error) => `${error.path ? `${error.path}: ` : ''}${error.message}`).join('; ');
      return [detail ?? title, fields].filter(Boolean).join(' — ') || `HTTP ${response.status}`;
    }
  } catch {
    // Not JSON: fall through to the status line.
  }
  return `the control API answered HTTP ${response.status}`;
}

export function createControlClient(baseUrl: string): ControlClient {
  let invalidAnswers = 0;

  const send = async <Schema extends z.ZodMiniType>(path: string, init: RequestInit, schema: Schema): Promise<ApiResult<z.infer<Schema>>> => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        ...init,
        credentials: 'same-origin',
        cache: 'no-store',
        signal: init.signal ?? AbortSignal.timeout(requestTimeoutMilliseconds),
      });
    } catch (error) {
      const aborted = error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError');
      return { ok: false, status: 0, message: aborted ? 'the control API did not answer in time' : 'the control API could not be reached' };
    }
    if (!response.ok) return { ok: false, status: response.status, message: await problemMessage(response) };
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      invalidAnswers += 1;
      const issue = parsed.error.issues[0];
      console.warn(`control API answer to ${path} did not match what the cockpit expects (${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''})`);
      return { ok: false, status: response.status, message: `the control API answered ${path} in an unexpected shape` };
    }
    return { ok: true, value: parsed.data };
  };

  return {
    baseUrl,
    get: (path, schema, signal) => send(path, { method: 'GET', ...(signal ? { signal } : {}) }, schema),
    post: (path, body, schema) =>
      send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) }, schema),
    get invalidAnswers() {
      return invalidAnswers;
    },
  };
}

/** Query strings from plain values, leaving out the unset ones. */
export function query(values: Record<string, string | number | boolean | null | undefined>): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') parameters.set(key, String(value));
  const text = parameters.toString();
  return text ? `?${text}` : '';
}
