import fc from 'fast-check';
import { fromKvToken, kvToken } from './keys';

const VALID_KV_KEY = /^[-/=\w]+$/;

describe('KV keys', () => {
  it('keep plain client order ids as they are and escape the rest', () => {
    expect(kvToken('prime-lq2k1x-ab12cd')).toBe('prime-lq2k1x-ab12cd');
    expect(kvToken('a:b+c=d.e')).toBe('a=3Ab=2Bc=3Dd=2Ee');
  });

  it('are valid KV key tokens, distinct for distinct texts, and reversible', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' }), fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' }), (left, right) => {
        expect(kvToken(left)).toMatch(VALID_KV_KEY);
        expect(fromKvToken(kvToken(left))).toBe(left);
        if (left !== right) expect(kvToken(left)).not.toBe(kvToken(right));
      }),
    );
  });
});
