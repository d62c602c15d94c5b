/**
 * Every error answer is an RFC 9457 problem document (`application/problem+json`) with a stable
 * type, a title, the status and a detail that says what to do. Never a stack trace, never a
 * request body echoed back (key endpoints carry private keys).
 */
import type { ErrorRequestHandler, Response } from 'express';
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Stable problem types; clients branch on the slug after `urn:polly:problem:`. */
export const PROBLEM_TYPES = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'A bearer token is required' },
  forbidden: { status: 403, title: 'This request is not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'misdirected-request': { status: 421, title: 'This server does not answer for that host' },
  'keys-rejected': { status: 422, title: 'The exchange rejected this key pair' },
  'upgrade-required': { status: 426, title: 'Upgrade required' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Internal error' },
  'exchange-unreachable': { status: 502, title: 'The exchange could not be reached' },
  unavailable: { status: 503, title: 'Not available yet' },
} as const;
export type ProblemType = keyof typeof PROBLEM_TYPES;

export const Problem = z
  .object({
    type: z.string().describe('urn:polly:problem:<slug>'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional().describe('what is wrong with each field of an invalid request'),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly status: number;
  constructor(
    readonly problemType: ProblemType,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.status = PROBLEM_TYPES[problemType].status;
  }

  toDocument(): Problem & Record<string, unknown> {
    const { title, status } = PROBLEM_TYPES[this.problemType];
    return { type: `urn:polly:problem:${this.problemType}`, title, status, detail: this.detail, ...this.extensions };
  }
}

export function sendProblem(response: Response, problem: HttpProblem, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.status(problem.status).set({ 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers });
  response.send(JSON.stringify(problem.toDocument()));
}

/** Field paths and messages of a zod error; values are never included. */
export function describeIssues(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/** body-parser errors carry the raw body; only their type is used, the body is never logged or echoed. */
function fromBodyParser(error: BodyParserError): HttpProblem | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new HttpProblem('payload-too-large', 'request bodies are limited to 64 KiB');
    case 'entity.parse.failed':
      return new HttpProblem('invalid-request', 'the request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem('unsupported-media-type', 'send the body as UTF-8 JSON');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return new HttpProblem('invalid-request', 'the request body could not be read');
    default:
      return undefined;
  }
}

export interface ErrorLogger {
  error(object: object, message?: string): void;
}

/** The last middleware: turns anything thrown into a problem document. */
export function problemHandler(logger: ErrorLogger, onProblem?: (problem: HttpProblem) => void): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    let problem: HttpProblem;
    if (error instanceof HttpProblem) problem = error;
    else if (error instanceof z.ZodError) problem = new HttpProblem('invalid-request', 'the request is not valid', { errors: describeIssues(error) });
    else {
      const parsed = typeof error === 'object' && error !== null ? fromBodyParser(error as BodyParserError) : undefined;
      if (parsed) problem = parsed;
      else {
        // Only the name and message: request bodies and stacks stay out of the log line.
        const summary = error instanceof Error ? { name: error.name, message: error.message } : { value: typeof error };
        logger.error({ method: request.method, path: request.path, error: summary }, 'request failed');
        problem = new HttpProblem('internal-error', 'the control API failed to answer this request; see its log');
      }
    }
    onProblem?.(problem);
    sendProblem(response, problem);
  };
}
