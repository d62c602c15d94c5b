import { renewalOutcome } from './writer-lease';

describe('a failed renewal of the writer lease', () => {
  const base = { conflict: false, currentHolder: null, holder: 'me', ttlMs: 15_000, intervalMs: 5_000 };

  it('is tried again while the lease cannot have expired (a timeout on a loaded machine)', () => {
    expect(renewalOutcome({ ...base, sinceRenewedMs: 5_000 })).toBe('retry');
    expect(renewalOutcome({ ...base, sinceRenewedMs: 12_499 })).toBe('retry');
  });

  it('loses the lease once it could expire within half an interval: another instance may take it', () => {
    expect(renewalOutcome({ ...base, sinceRenewedMs: 12_500 })).toBe('lost');
  });

  it('loses it at once when another instance holds the key, or the key is gone', () => {
    expect(renewalOutcome({ ...base, conflict: true, currentHolder: 'other', sinceRenewedMs: 0 })).toBe('lost');
    expect(renewalOutcome({ ...base, conflict: true, currentHolder: null, sinceRenewedMs: 0 })).toBe('lost');
  });

  it('adopts the revision of its own renewal whose answer was lost', () => {
    expect(renewalOutcome({ ...base, conflict: true, currentHolder: 'me', sinceRenewedMs: 6_000 })).toBe('adopt');
  });
});
