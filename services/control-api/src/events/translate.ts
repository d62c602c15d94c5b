/**
 * Bus events → the PRD's `/events` messages. Pure: which event types the cockpit sees, under
 * which name. The data is the event's own (already validated) data, so the UI and the event
 * catalogue (docs/events.md) describe the same fields.
 */
import { z } from 'zod';
import type { AnyEvent, Environment, EventType, MarketStateNotification } from '@polly/contracts';

export const UI_EVENT_TYPES = [
  'market_update',
  'agent_decision',
  'order_submitted',
  'order_updated',
  'order_filled',
  'order_cancelled',
  'order_failed',
  'position_update',
  'balance_update',
  'pnl_update',
  'agent_state_change',
  'system_status',
  'reconciliation_started',
  'reconciliation_complete',
  'approval_requested',
  'approval_resolved',
] as const;
export type UiEventType = (typeof UI_EVENT_TYPES)[number];

export const UiEvent = z
  .object({
    type: z.enum(UI_EVENT_TYPES),
    environment: z.enum(['live', 'demo']),
    at: z.string().describe('when it happened (ISO 8601)'),
    id: z.string().describe('the bus event id (market_update: ticker@revision)'),
    event: z.string().describe('the bus event type it came from'),
    data: z.unknown().describe('the bus event data (see docs/events.md)'),
  })
  .meta({ id: 'UiEvent' });
export type UiEvent = z.infer<typeof UiEvent>;

/** Which bus events reach the cockpit, and as what. Anything else (heartbeats, intents, commands about agents) does not. */
export const FORWARDED: Partial<Record<EventType, UiEventType>> = {
  'agent.decided': 'agent_decision',
  'order.submitted': 'order_submitted',
  'order.accepted': 'order_updated',
  'order.updated': 'order_updated',
  'order.cancelled': 'order_cancelled',
  'order.rejected': 'order_failed',
  'order.failed': 'order_failed',
  'fill.recorded': 'order_filled',
  'position.updated': 'position_update',
  'balance.updated': 'balance_update',
  'pnl.recorded': 'pnl_update',
  'agent.registered': 'agent_state_change',
  'agent.configured': 'agent_state_change',
  'agent.state-changed': 'agent_state_change',
  'approval.requested': 'approval_requested',
  'approval.resolved': 'approval_resolved',
  'reconciliation.started': 'reconciliation_started',
  'reconciliation.completed': 'reconciliation_complete',
  'connection.changed': 'system_status',
  'discovery.completed': 'system_status',
  'trading.enable': 'system_status',
  'trading.disable': 'system_status',
  'trading.halted': 'system_status',
  'orders.cancel-all': 'system_status',
  'environment.select': 'system_status',
  'keys.connected': 'system_status',
  'keys.disconnected': 'system_status',
};

export function translateEvent(event: AnyEvent): UiEvent | undefined {
  const type = FORWARDED[event.type];
  if (!type) return undefined;
  return { type, environment: event.environment, at: event.occurredAt, id: event.id, event: event.type, data: event.data };
}

export function marketUpdate(environment: Environment, notification: MarketStateNotification): UiEvent {
  return {
    type: 'market_update',
    environment,
    at: notification.updatedAt,
    id: `${notification.marketTicker}@${notification.revision}`,
    event: 'cache.updated',
    data: notification,
  };
}
