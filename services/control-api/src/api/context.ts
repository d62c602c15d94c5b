/**
 * What the routes need: the bus to publish commands on, the read models to answer from, where
 * key pairs are handed over, and a few settings. Built once by `createControlApi`.
 */
import type { Bus } from '@polly/bus';
import { type AnyEvent, type Environment, type EventDefinition, type EventOf, createEvent, definitionOf, subjectOf } from '@polly/contracts';
import type { Db } from '@polly/db';
import type { Logger, Metrics } from '@polly/runtime';
import type { Requester } from '../http/guards';
import type { CommandAccepted } from './schemas';
import { activeEnvironment } from '../state/system-queries';
import { HttpProblem } from '../http/problem';

export interface ExchangeUrls {
  demo: string;
  live: string;
}

export interface ApiContext {
  bus: Bus;
  db: Db;
  logger: Logger;
  metrics: Metrics;
  /** The environments this stack serves. */
  environments: readonly Environment[];
  /** REST base URL of each environment (the simulator's in local mode). */
  restUrls: ExchangeUrls;
  secretsDir: string;
  envFile: string;
  startedAt: Date;
  now: () => number;
  source: string;
  /** How many clients /events has right now. */
  eventClients: () => number;
}

/** The environment a request concerns: the one it names, else the active one. */
export async function environmentFor(context: ApiContext, named: Environment | undefined): Promise<Environment> {
  return named ?? (await activeEnvironment(context.db));
}

export function requesterName(requester: Requester): string {
  // Mutations reach the handlers only as 'cockpit' or 'token' (the guards refuse 'anonymous').
  return requester === 'token' ? 'token' : 'cockpit';
}

/** An event as an answer names it: id, type, environment and the (logical) subject. */
export function describeEvent(event: AnyEvent): CommandAccepted['events'][number] {
  const definition = definitionOf(event.type) as EventDefinition;
  return { id: event.id, type: event.type, environment: event.environment, subject: subjectOf(definition, event) };
}

/** Publish CONTROL events and describe them for the answer. */
export async function publishCommands(context: ApiContext, events: readonly AnyEvent[], detail: string): Promise<{ status: number; body: CommandAccepted }> {
  const published = [];
  for (const event of events) {
    await context.bus.publish(event);
    published.push(describeEvent(event));
  }
  context.logger.info({ commands: published.map((event) => `${event.type}@${event.environment}`) }, 'commands published');
  return { status: 202, body: { status: 'accepted', detail, events: published } };
}

export function command<D extends EventDefinition>(context: ApiContext, definition: D, environment: Environment, data: EventOf<D>['data']): AnyEvent {
  return createEvent(definition, environment, data, { source: context.source, occurredAt: new Date(context.now()) }) as unknown as AnyEvent;
}

export function requireServed(context: ApiContext, environment: Environment): void {
  if (!context.environments.includes(environment)) {
    throw new HttpProblem('conflict', `this stack serves ${context.environments.join(' and ')} only (POLLY_ENVIRONMENTS); ${environment} is not configured`);
  }
}
