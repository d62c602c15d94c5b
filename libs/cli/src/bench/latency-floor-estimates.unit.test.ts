import { floorEstimates } from './latency-floor-estimates';

describe('floorEstimates', () => {
  const estimates = floorEstimates({ sign: 1, post: 2, write: 0.5, hop: 0.25 });
  const floor = (prefix: string) => estimates.find((estimate) => estimate.path.startsWith(prefix))?.milliseconds;

  it('charges the path as built four hops, four round trips and the signed order', () => {
    expect(floor('the path as built')).toBeCloseTo(4 * 0.25 + 4 * 0.5 + 1 + 2);
  });

  it('charges a single process the claim and the signed order, or the signed order alone', () => {
    expect(floor('one process from frame to order, the claim')).toBeCloseTo(0.5 + 3);
    expect(floor('one process, nothing stored')).toBeCloseTo(3);
  });
});
