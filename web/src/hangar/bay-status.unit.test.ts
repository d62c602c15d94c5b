import type { Reconciliation } from '../trading/api/schemas';
import { reconciliationReading } from './bay-status';

const cycle = (overrides: Partial<Reconciliation>): Reconciliation => ({
  cycle_id: 'c1',
  trigger: 'startup',
  running: false,
  started_at: '2026-11-21T12:00:00.000Z',
  completed_at: '2026-11-21T12:00:03.000Z',
  clean: true,
  discrepancies: 0,
  error: null,
  ...overrides,
});

describe('the reconciliation light', () => {
  it('is dark before any cycle', () => expect(reconciliationReading(null).light).toBe('none'));
  it('glows while a cycle runs', () => expect(reconciliationReading(cycle({ running: true, completed_at: null, clean: null })).light).toBe('running'));
  it('is steady after a clean cycle', () => expect(reconciliationReading(cycle({})).light).toBe('clean'));
  it('is red when a cycle failed', () => expect(reconciliationReading(cycle({ clean: null, error: 'exchange unreachable' }))).toMatchObject({ light: 'error', text: 'Reconciliation failed: exchange unreachable' }));

  it('is amber and lists the discrepancies when the cycle found some', () => {
    const reading = reconciliationReading(cycle({ clean: false, discrepancies: 2, summary: ['missing-fill KXBTC15M-1', 'order-mismatch prime-1'] }));
    expect(reading.light).toBe('discrepancies');
    expect(reading.text).toContain('found 2 discrepancies');
    expect(reading.text).toContain('missing-fill KXBTC15M-1; order-mismatch prime-1');
  });

  it('falls back to counts by kind, then to the count alone', () => {
    expect(reconciliationReading(cycle({ clean: false, discrepancies: 3, by_kind: { 'missing-order': 3 } })).text).toContain('3 × missing-order');
    expect(reconciliationReading(cycle({ clean: false, discrepancies: 1 })).text).toContain('found 1 discrepancy');
  });
});
