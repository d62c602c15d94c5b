import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_HEAP_MB_DEFAULT, serviceNodeOptions, serviceProcessEnv } from './services';

describe('the Node options a service starts with', () => {
  it('bound the cache heap by POLLY_CACHE_HEAP_MB, or the default', () => {
    expect(serviceNodeOptions('cache', {})).toBe(`--max-old-space-size=${CACHE_HEAP_MB_DEFAULT} --max-semi-space-size=4`);
    expect(serviceNodeOptions('cache', { POLLY_CACHE_HEAP_MB: '512' })).toBe('--max-old-space-size=512 --max-semi-space-size=4');
    expect(serviceNodeOptions('ingest', { POLLY_CACHE_HEAP_MB: '512' })).toBeNull();
  });

  it('refuse a heap size that is not a sensible number of megabytes, saying what to set', () => {
    for (const wrong of ['12', '1.5', 'lots', '-256', '999999']) {
      expect(() => serviceNodeOptions('cache', { POLLY_CACHE_HEAP_MB: wrong })).toThrow(/POLLY_CACHE_HEAP_MB must be a whole number of megabytes from 64 to 65536/);
    }
  });

  it('come before NODE_OPTIONS already set, so those win, and leave other services alone', () => {
    expect(serviceProcessEnv('cache', { NODE_OPTIONS: '--max-old-space-size=1024', OTHER: 'x' })).toEqual({
      NODE_OPTIONS: `--max-old-space-size=${CACHE_HEAP_MB_DEFAULT} --max-semi-space-size=4 --max-old-space-size=1024`,
      OTHER: 'x',
    });
    const env = { OTHER: 'x' };
    expect(serviceProcessEnv('gate', env)).toBe(env);
  });
});

it('compose.yaml starts the cache container with the same heap bounds as npm start', () => {
  const compose = readFileSync(path.join(__dirname, '../../../compose.yaml'), 'utf8');
  const variable = `\${POLLY_CACHE_HEAP_MB:-${CACHE_HEAP_MB_DEFAULT}}`;
  const options = serviceNodeOptions('cache', {}) as string;
  expect(compose).toContain(`NODE_OPTIONS: ${options.replace(`=${CACHE_HEAP_MB_DEFAULT} `, `=${variable} `)}`);
  expect(compose).toContain(`POLLY_CACHE_HEAP_MB: ${variable}`);
});
