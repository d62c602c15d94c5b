import { type LifecycleData, lifecycleAction } from './lifecycle';

const event = (eventType: LifecycleData['eventType']): LifecycleData => ({
  marketTicker: 'KXBTC15M-26JUL221330-30',
  eventType,
  eventTicker: null,
  openTime: null,
  closeTime: null,
  result: eventType === 'determined' || eventType === 'settled' ? 'yes' : null,
  settlementValue: null,
  isDeactivated: null,
  priceLevelStructure: null,
  priceRanges: null,
  floorStrike: null,
  yesSubTitle: null,
  receivedAt: '2026-07-22T17:30:00.000Z',
});

describe('what a lifecycle event asks of discovery', () => {
  it('fetches a created market so it can be added and subscribed', () => {
    expect(lifecycleAction(event('created'), false)).toEqual({ kind: 'fetch', reason: 'lifecycle created' });
  });

  it.each([
    ['determined', 'determined'],
    ['settled', 'finalized'],
  ] as const)('retires a known %s market at once as %s', (type, status) => {
    expect(lifecycleAction(event(type), true)).toEqual({ kind: 'finish', exchangeStatus: status, reason: `lifecycle ${type}` });
  });

  it('fetches a determined market it has never seen (its series and event are unknown)', () => {
    expect(lifecycleAction(event('determined'), false).kind).toBe('fetch');
  });

  it.each(['activated', 'deactivated', 'close_date_updated', 'metadata_updated', 'price_level_structure_updated'] as const)('fetches the market again on %s', (type) => {
    expect(lifecycleAction(event(type), true)).toEqual({ kind: 'fetch', reason: `lifecycle ${type}` });
  });
});
