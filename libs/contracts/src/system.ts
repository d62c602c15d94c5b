/**
 * SYSTEM: how the machinery is doing. Limited retention.
 * Subjects: system.{environment}.{type}[.{service}]
 */
import { z } from 'zod';
import { Timestamp } from './common';
import { defineEvent } from './define';

export const ServiceHeartbeat = defineEvent({
  stream: 'SYSTEM',
  type: 'service.heartbeat',
  version: 1,
  kind: 'event',
  description: 'A service is alive; sent every few seconds with its uptime and readiness.',
  key: (data) => data.service,
  data: z.object({
    service: z.string().min(1),
    instanceId: z.string().min(1),
    startedAt: Timestamp,
    uptimeSeconds: z.number().int().nonnegative(),
    ready: z.boolean(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
});

export const ConnectionChanged = defineEvent({
  stream: 'SYSTEM',
  type: 'connection.changed',
  version: 1,
  kind: 'event',
  description: 'The exchange WebSocket connected, dropped or is reconnecting.',
  data: z.object({
    connectionId: z.string().min(1),
    state: z.enum(['connecting', 'connected', 'disconnected']),
    attempt: z.number().int().nonnegative(),
    reason: z.string().nullable(),
    subscriptions: z.number().int().nonnegative(),
  }),
});

export const DiscoveryProgressed = defineEvent({
  stream: 'SYSTEM',
  type: 'discovery.progressed',
  version: 1,
  kind: 'event',
  description: 'Discovery is paging through the exchange listing.',
  data: z.object({
    cycleId: z.string().min(1),
    phase: z.enum(['series', 'events', 'markets']),
    pages: z.number().int().nonnegative(),
    items: z.number().int().nonnegative(),
    retries: z.number().int().nonnegative(),
    restarts: z.number().int().nonnegative(),
    elapsedMs: z.number().int().nonnegative(),
  }),
});

export const DiscoveryCompleted = defineEvent({
  stream: 'SYSTEM',
  type: 'discovery.completed',
  version: 1,
  kind: 'event',
  description: 'A discovery cycle finished: how many series, events and markets, by internal state.',
  data: z.object({
    cycleId: z.string().min(1),
    series: z.number().int().nonnegative(),
    events: z.number().int().nonnegative(),
    markets: z.number().int().nonnegative(),
    byState: z.record(z.string(), z.number().int().nonnegative()),
    pages: z.number().int().nonnegative(),
    retries: z.number().int().nonnegative(),
    restarts: z.number().int().nonnegative(),
    durationMs: z.number().int().nonnegative(),
  }),
});

export const ReconciliationRequested = defineEvent({
  stream: 'SYSTEM',
  type: 'reconciliation.requested',
  version: 1,
  kind: 'event',
  description: 'Something asks for a reconciliation cycle (a WebSocket reconnect, a human).',
  data: z.object({ trigger: z.enum(['startup', 'schedule', 'reconnect', 'manual']), reason: z.string() }),
});

export const ReconciliationStarted = defineEvent({
  stream: 'SYSTEM',
  type: 'reconciliation.started',
  version: 1,
  kind: 'event',
  description: 'A reconciliation cycle began (the UI lights its indicator).',
  data: z.object({ cycleId: z.string().min(1), trigger: z.enum(['startup', 'schedule', 'reconnect', 'manual']) }),
});

export const ReconciliationCompleted = defineEvent({
  stream: 'SYSTEM',
  type: 'reconciliation.completed',
  version: 1,
  kind: 'event',
  description: 'A reconciliation cycle ended: clean, or with the discrepancies found and how each was resolved.',
  data: z.object({
    cycleId: z.string().min(1),
    trigger: z.enum(['startup', 'schedule', 'reconnect', 'manual']),
    clean: z.boolean(),
    discrepancies: z.number().int().nonnegative(),
    byKind: z.record(z.string(), z.number().int().nonnegative()),
    summary: z.array(z.string().max(300)).max(50),
    durationMs: z.number().int().nonnegative(),
    error: z.string().nullable(),
  }),
});

export const systemEvents = {
  [ServiceHeartbeat.type]: ServiceHeartbeat,
  [ConnectionChanged.type]: ConnectionChanged,
  [DiscoveryProgressed.type]: DiscoveryProgressed,
  [DiscoveryCompleted.type]: DiscoveryCompleted,
  [ReconciliationRequested.type]: ReconciliationRequested,
  [ReconciliationStarted.type]: ReconciliationStarted,
  [ReconciliationCompleted.type]: ReconciliationCompleted,
} as const;
