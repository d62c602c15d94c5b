/**
 * One declaration per endpoint: its path, zod schemas for parameters, query, body and answers,
 * and the handler. Express routing and the OpenAPI document are both built from these
 * declarations, so the documentation cannot drift from what is validated.
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { identityOf, type RequestIdentity } from './guards';
import { HttpProblem, describeIssues } from './problem';

export interface RouteInput<TParams, TQuery, TBody> {
  params: TParams;
  query: TQuery;
  body: TBody;
  identity: RequestIdentity;
  request: Request;
}

export interface RouteAnswer {
  status: number;
  body: unknown;
}

export interface RouteResponse {
  description: string;
  schema: z.ZodType;
}

export interface RouteDefinition<TParams extends z.ZodType, TQuery extends z.ZodType, TBody extends z.ZodType> {
  method: 'get' | 'post';
  /** OpenAPI-style path: `/state/agents/{agentId}`. */
  path: string;
  operationId: string;
  tag: 'commands' | 'keys' | 'state';
  summary: string;
  description?: string;
  params?: TParams;
  query?: TQuery;
  body?: TBody;
  responses: Record<number, RouteResponse>;
  /** Error statuses worth documenting beyond the ones every route can answer. */
  problems?: number[];
  handle(input: RouteInput<z.infer<TParams>, z.infer<TQuery>, z.infer<TBody>>): Promise<RouteAnswer>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDefinition<any, any, any>;

export function defineRoute<
  TParams extends z.ZodType = z.ZodObject<{}>,
  TQuery extends z.ZodType = z.ZodObject<{}>,
  TBody extends z.ZodType = z.ZodObject<{}>,
>(route: RouteDefinition<TParams, TQuery, TBody>): RouteDefinition<TParams, TQuery, TBody> {
  return route;
}

export const expressPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

function parsePart<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return {} as z.infer<T>;
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw new HttpProblem('invalid-request', `the ${where} is not valid`, {
    errors: describeIssues(parsed.error).map((issue) => ({ ...issue, path: `${where}.${issue.path}` })),
  });
}

export function mountRoutes(router: Router, routes: readonly AnyRoute[], onAnswer?: (route: AnyRoute, status: number) => void): void {
  for (const route of routes) {
    router[route.method](expressPath(route.path), async (request: Request, response: Response) => {
      const input = {
        params: parsePart(route.params, request.params, 'path'),
        query: parsePart(route.query, request.query, 'query'),
        body: parsePart(route.body, request.body, 'body'),
        identity: identityOf(response),
        request,
      };
      const answer = await route.handle(input);
      onAnswer?.(route, answer.status);
      response.status(answer.status).set('cache-control', 'no-store').json(answer.body);
    });
  }
}
