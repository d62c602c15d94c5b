/** Query validation with zod: bad parameters are a 400 `invalid_parameters` saying which and why. */
import { z } from 'zod';
import { HttpError } from './http';
import type { RequestContext } from './router';

export const Seconds = z.coerce.number().int().nonnegative();
export const Flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export function parseQuery<T extends z.ZodType>(context: RequestContext, schema: T): z.infer<T> {
  const parsed = schema.safeParse(context.query.record());
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ');
    throw new HttpError(400, 'invalid_parameters', 'invalid parameters', details);
  }
  return parsed.data;
}

export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', 'not found', what);
