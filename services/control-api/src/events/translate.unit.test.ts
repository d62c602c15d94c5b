import { catalog, createEvent, FillRecorded, ServiceHeartbeat, TradingHalted } from '@polly/contracts';
import { FORWARDED, UI_EVENT_TYPES, marketUpdate, translateEvent } from './translate';

describe('bus events on /events', () => {
  it('forwards a fill as order_filled with the event data unchanged', () => {
    const data = {
      fillId: 'f1', orderId: 'o1', clientOrderId: 'c1', agentId: 'prime', marketTicker: 'KX-A', action: 'buy' as const, side: 'yes' as const,
      yesPrice: '0.5600', price: '0.5600', count: '10.00', isTaker: true, fee: '0.0200', filledAt: '2026-11-21T12:00:00.000Z', paper: false, source: 'exchange' as const,
    };
    const event = createEvent(FillRecorded, 'demo', data, { source: 'execution', id: 'e1', occurredAt: '2026-11-21T12:00:01.000Z' });
    expect(translateEvent(event)).toEqual({ type: 'order_filled', environment: 'demo', at: '2026-11-21T12:00:01.000Z', id: 'e1', event: 'fill.recorded', data });
  });

  it('reports the kill switch and a halt as system_status', () => {
    const halted = createEvent(TradingHalted, 'live', { code: 'UNAUTHORIZED', message: '401', service: 'execution' }, { source: 'execution' });
    expect(translateEvent(halted)?.type).toBe('system_status');
  });

  it('does not forward heartbeats', () => {
    const beat = createEvent(ServiceHeartbeat, 'demo', { service: 'x', instanceId: 'i', startedAt: '2026-11-21T12:00:00.000Z', uptimeSeconds: 1, ready: true, details: {} }, { source: 'x' });
    expect(translateEvent(beat)).toBeUndefined();
  });

  it('names only catalogue types and only the PRD’s message types', () => {
    for (const [type, uiType] of Object.entries(FORWARDED)) {
      expect(Object.keys(catalog)).toContain(type);
      expect(UI_EVENT_TYPES).toContain(uiType);
    }
    for (const required of ['agent_decision', 'order_submitted', 'order_filled', 'order_cancelled', 'order_failed', 'position_update', 'agent_state_change', 'system_status', 'reconciliation_complete', 'approval_requested', 'approval_resolved']) {
      expect(Object.values(FORWARDED)).toContain(required);
    }
  });

  it('turns a cache notification into market_update keyed by ticker and revision', () => {
    const message = marketUpdate('demo', { marketTicker: 'KX-A', revision: 7, stale: false, cause: 'book', yesBid: '0.4000', yesAsk: '0.4200', lastPrice: null, updatedAt: '2026-11-21T12:00:00.000Z' });
    expect(message).toMatchObject({ type: 'market_update', id: 'KX-A@7', environment: 'demo', event: 'cache.updated' });
  });
});
