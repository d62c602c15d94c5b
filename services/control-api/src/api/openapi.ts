/**
 * The OpenAPI 3.1 document, generated from the same route declarations and zod schemas that
 * validate requests (zod 4's JSON Schema output is draft 2020-12, which OpenAPI 3.1 uses).
 * `npm run openapi -w @polly/control-api` writes it to docs/openapi.json; a unit test fails when
 * that file is stale.
 */
import { z } from 'zod';
import { EVENTS_PATH, EVENTS_STREAM_PATH, EventsQuery } from '../events/transports';
import { UI_EVENT_TYPES, UiEvent } from '../events/translate';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, Problem } from '../http/problem';
import type { AnyRoute } from '../http/routes';
import { allRoutes } from './all-routes';
import type { ApiContext } from './context';
import type { MarketCache } from '../state/market-cache';

type JsonObject = Record<string, unknown>;

/** Route declarations read nothing from the context until they handle a request; this proves it. */
const documentationOnly = new Proxy(
  {},
  {
    get: (_target, key) => {
      throw new Error(`route declarations must not read ${String(key)} before handling a request`);
    },
  },
);

class SchemaCollector {
  readonly components: Record<string, unknown> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
    const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonObject;
    const { $schema: _schema, $defs, ...rest } = converted;
    for (const [name, definition] of Object.entries(($defs ?? {}) as JsonObject)) this.components[name] = this.relink(definition);
    const id = z.globalRegistry.get(schema)?.id;
    if (id) {
      this.components[id] = this.relink(rest);
      return { $ref: `#/components/schemas/${id}` };
    }
    return this.relink(rest) as JsonObject;
  }

  private relink(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value).replace(/"#\/\$defs\/([^"]+)"/g, '"#/components/schemas/$1"'));
  }
}

function parameters(collector: SchemaCollector, schema: z.ZodType | undefined, where: 'path' | 'query'): JsonObject[] {
  if (!schema) return [];
  const converted = collector.convert(schema, 'input') as { properties?: JsonObject; required?: string[] };
  return Object.entries(converted.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (converted.required ?? []).includes(name),
    ...((property as JsonObject).description ? { description: (property as JsonObject).description } : {}),
    schema: property,
  }));
}

const problemResponse = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } });

function operation(collector: SchemaCollector, route: AnyRoute): JsonObject {
  const responses: JsonObject = {};
  for (const [status, answer] of Object.entries(route.responses)) {
    responses[status] = { description: answer.description, content: { 'application/json': { schema: collector.convert(answer.schema, 'output') } } };
  }
  const statuses = new Set([400, 421, 429, 500, ...(route.method === 'post' ? [401, 403, 413, 415] : []), ...(route.problems ?? [])]);
  for (const status of [...statuses].sort()) {
    const known = Object.values(PROBLEM_TYPES).find((type) => type.status === status);
    responses[String(status)] = problemResponse(known?.title ?? 'problem');
  }
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    parameters: [...parameters(collector, route.params, 'path'), ...parameters(collector, route.query, 'query')],
    ...(route.body ? { requestBody: { required: route.method === 'post', content: { 'application/json': { schema: collector.convert(route.body, 'input') } } } } : {}),
    responses,
    ...(route.method === 'post' ? { security: [{ cockpitOrigin: [] }, { bearerToken: [] }] } : {}),
  };
}

function eventsPaths(collector: SchemaCollector): JsonObject {
  const description = `Messages: ${UI_EVENT_TYPES.join(', ')}. market_update is coalesced to at most two per second per market (latest wins).`;
  const query = parameters(collector, EventsQuery, 'query');
  const uiEvent = collector.convert(UiEvent, 'output');
  return {
    [EVENTS_PATH]: {
      get: {
        operationId: 'followEventsWebSocket',
        tags: ['events'],
        summary: 'Live events over a WebSocket (one JSON UiEvent per text frame)',
        description: `${description} Upgrade with a loopback Host and, from a browser, the API's own or an allowed Origin.`,
        parameters: query,
        responses: { 101: { description: 'switching to the WebSocket protocol' }, 403: problemResponse('foreign origin'), 426: problemResponse('not a WebSocket upgrade') },
      },
    },
    [EVENTS_STREAM_PATH]: {
      get: {
        operationId: 'followEventsStream',
        tags: ['events'],
        summary: 'Live events as Server-Sent Events (event name = message type, data = UiEvent JSON)',
        description,
        parameters: query,
        responses: { 200: { description: 'an endless event stream', content: { 'text/event-stream': { schema: uiEvent } } }, 403: problemResponse('foreign origin') },
      },
    },
  };
}

export function buildOpenApiDocument(version = '1.0.0'): JsonObject {
  const collector = new SchemaCollector();
  collector.convert(Problem, 'output');
  const paths: Record<string, JsonObject> = {};
  const routes = allRoutes(documentationOnly as ApiContext, documentationOnly as MarketCache);
  for (const route of routes) {
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method]: operation(collector, route) };
  }
  Object.assign(paths, eventsPaths(collector));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Polly Prediction Partners control API',
      version,
      description:
        'The cockpit’s one door into the system: commands become CONTROL events, state comes from the read models, live events from the bus. Local only: loopback Host, own or allowed Origin for browsers, bearer token for other clients. See docs/control-api.md.',
    },
    servers: [{ url: 'http://127.0.0.1:4400' }],
    tags: [
      { name: 'commands', description: 'Each command is published as a CONTROL event; the answer names it.' },
      { name: 'keys', description: 'Kalshi key pairs: verify, hand over, clear; auto-fill from .env.' },
      { name: 'state', description: 'Read models. Money and contract counts are exact decimal strings.' },
      { name: 'events', description: 'The live feed.' },
    ],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(collector.components).sort(([left], [right]) => left.localeCompare(right))),
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'POLLY_CONTROL_TOKEN, or the token generated into .artifacts/control-token' },
        cockpitOrigin: { type: 'apiKey', in: 'header', name: 'Origin', description: 'a browser request from the API’s own origin or POLLY_CONTROL_ALLOWED_ORIGINS' },
      },
    },
  };
}

export const renderOpenApiDocument = (): string => `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
