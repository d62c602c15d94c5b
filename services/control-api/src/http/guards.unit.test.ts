import { bearerToken, classifyOrigin, hostIsLoopback, hostnameOf, ownOrigins, tokenMatches } from './guards';

describe('the Host rule (DNS rebinding)', () => {
  it.each(['127.0.0.1', '127.0.0.1:4400', 'localhost:4400', 'LOCALHOST', '[::1]:4400', '[::1]'])('accepts %s', (host) => {
    expect(hostIsLoopback(host)).toBe(true);
  });
  it.each(['evil.example', 'evil.example:4400', '192.168.1.5:4400', '127.0.0.1.evil.example', 'localhost.evil.example:4400', '', '[::2]:4400', undefined])(
    'refuses %s',
    (host) => {
      expect(hostIsLoopback(host)).toBe(false);
    },
  );
  it('parses bracketed IPv6 hosts', () => {
    expect(hostnameOf('[::1]:80')).toBe('[::1]');
    expect(hostnameOf('a:b:c')).toBeUndefined();
  });
});

describe('the Origin rule (CSRF)', () => {
  const allowed = ['http://127.0.0.1:5173'];
  it('knows the API’s own origins by the port the request came in on', () => {
    expect(ownOrigins(4400)).toEqual(['http://127.0.0.1:4400', 'http://localhost:4400', 'http://[::1]:4400']);
    expect(classifyOrigin('http://localhost:4400', 4400, allowed)).toBe('own');
  });
  it('classifies allowed, foreign, null and absent origins', () => {
    expect(classifyOrigin('http://127.0.0.1:5173', 4400, allowed)).toBe('allowed');
    expect(classifyOrigin('http://127.0.0.1:5174', 4400, allowed)).toBe('foreign');
    expect(classifyOrigin('https://127.0.0.1:4400', 4400, allowed)).toBe('foreign');
    expect(classifyOrigin('http://evil.example', 4400, allowed)).toBe('foreign');
    expect(classifyOrigin('null', 4400, allowed)).toBe('foreign');
    expect(classifyOrigin(undefined, 4400, allowed)).toBe('none');
  });
});

describe('the bearer token', () => {
  it('reads the token from the Authorization header and compares in constant time', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(tokenMatches('secret-token', 'secret-token')).toBe(true);
    expect(tokenMatches('secret-tokeN', 'secret-token')).toBe(false);
    expect(tokenMatches('short', 'secret-token')).toBe(false);
  });
});
