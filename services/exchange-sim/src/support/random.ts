/**
 * Seeded pseudo-randomness. Every source of variety in the simulator (the market universe, the
 * index walk, background traders, identifiers) draws from its own named stream derived from the
 * one seed, so the same seed gives the same universe and the same flow, and one stream's use
 * never shifts another's.
 *
 * sfc32 (a small, fast, well-mixed 32-bit generator) seeded through a string hash.
 */

/** A 32-bit hash of text (cyrb53's mixing, folded), used to derive stream seeds. */
function hashText(text: string, salt: number): number {
  let first = 0xdeadbeef ^ salt;
  let second = 0x41c6ce57 ^ salt;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 2654435761);
    second = Math.imul(second ^ code, 1597334677);
  }
  first = Math.imul(first ^ (first >>> 16), 2246822507) ^ Math.imul(second ^ (second >>> 13), 3266489909);
  second = Math.imul(second ^ (second >>> 16), 2246822507) ^ Math.imul(first ^ (first >>> 13), 3266489909);
  return (first ^ second) >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(private readonly seedText: string) {
    this.a = hashText(seedText, 1);
    this.b = hashText(seedText, 2);
    this.c = hashText(seedText, 3);
    this.d = hashText(seedText, 4);
    for (let warmUp = 0; warmUp < 12; warmUp += 1) this.nextUint32();
  }

  /** An independent stream for one purpose, derived from this stream's seed and a name. */
  fork(name: string): Random {
    return new Random(`${this.seedText}/${name}`);
  }

  nextUint32(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let mixed = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    mixed = (mixed + this.d) | 0;
    this.c = (this.c + mixed) | 0;
    return mixed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index -= 1) {
      const other = Math.floor(this.next() * (index + 1));
      [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
    }
    return copy;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A version-4 UUID built from this stream (deterministic for a seed). */
  uuid(): string {
    const hex = [this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32()]
      .map((word) => word.toString(16).padStart(8, '0'))
      .join('');
    const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/** An id source for the matching engine backed by a seeded stream. */
export const uuidSource = (random: Random): { next(): string } => ({ next: () => random.uuid() });
