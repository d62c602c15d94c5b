import { AckFrontier } from './ack-frontier';

describe('the acknowledgement frontier', () => {
  const written = new Map<string, number>();
  const isWritten = (market: string, version: number) => (written.get(market) ?? 0) >= version;
  beforeEach(() => written.clear());

  it('acknowledges nothing while the oldest change is not written', () => {
    const frontier = new AckFrontier<number>();
    frontier.push(1, 'A', 1);
    frontier.push(2, null, 0);
    expect(frontier.advance(isWritten)).toBeNull();
    expect(frontier.size).toBe(2);
  });

  it('acknowledges the newest message of the written prefix, including messages that changed nothing', () => {
    const frontier = new AckFrontier<number>();
    frontier.push(1, 'A', 1);
    frontier.push(2, null, 0);
    frontier.push(3, 'B', 1);
    frontier.push(4, 'A', 2);
    written.set('A', 1);
    expect(frontier.advance(isWritten)).toBe(2);
    written.set('B', 1);
    expect(frontier.advance(isWritten)).toBe(3);
    expect(frontier.size).toBe(1);
  });

  it('treats a later write of a market as covering its earlier versions', () => {
    const frontier = new AckFrontier<number>();
    frontier.push(1, 'A', 1);
    frontier.push(2, 'A', 2);
    frontier.push(3, 'A', 3);
    written.set('A', 3);
    expect(frontier.advance(isWritten)).toBe(3);
    expect(frontier.size).toBe(0);
  });

  it('skips messages not kept for acknowledgement (a later one covers them)', () => {
    const frontier = new AckFrontier<number | null>();
    frontier.push(1, null, 0);
    frontier.push(null, null, 0);
    frontier.push(null, 'A', 1);
    expect(frontier.advance(isWritten)).toBe(1);
    written.set('A', 1);
    expect(frontier.advance(isWritten)).toBeNull();
    expect(frontier.size).toBe(0);
  });

  it('keeps its order over many messages as its storage is compacted', () => {
    const frontier = new AckFrontier<number>();
    for (let item = 1; item <= 20_000; item += 1) frontier.push(item, item % 2 === 0 ? 'A' : null, item);
    written.set('A', 10_000);
    expect(frontier.advance(isWritten)).toBe(10_001);
    written.set('A', 20_000);
    expect(frontier.advance(isWritten)).toBe(20_000);
  });
});
