import type { OrderView } from '@polly/contracts';
import { cancelRefusal } from './cancel-request';

const order = (overrides: Partial<OrderView> = {}) => ({ agentId: 'peritia', marketTicker: 'M', status: 'resting', orderId: 'o-1', ...overrides }) as OrderView;
const request = { agentId: 'peritia', marketTicker: 'M' };

describe("an agent's request to cancel its order", () => {
  it('is carried out for its own resting order in that market', () => {
    expect(cancelRefusal(order(), request)).toBeNull();
  });
  it('is refused, saying why, for anything else', () => {
    expect(cancelRefusal(null, request)).toBe('unknown-order');
    expect(cancelRefusal(order({ agentId: 'prime' }), request)).toBe('not-the-agents-order');
    expect(cancelRefusal(order({ agentId: null }), request)).toBe('not-the-agents-order');
    expect(cancelRefusal(order({ marketTicker: 'OTHER' }), request)).toBe('other-market');
    expect(cancelRefusal(order({ status: 'executed' }), request)).toBe('not-resting');
    expect(cancelRefusal(order({ status: 'submitted', orderId: null }), request)).toBe('not-resting');
  });
});
