import { parseErrorBody } from './errors';

describe('reading Kalshi error bodies', () => {
  it('reads the wrapped object body', () => {
    const body = { error: { code: 'invalid_order', message: 'invalid order', details: 'post only cross' } };
    expect(parseErrorBody(body, 400)).toEqual({ code: 'invalid_order', message: 'invalid order', details: 'post only cross' });
  });

  it('reads the wrapped body from raw JSON text, ignoring the retired service field', () => {
    const text = '{"error":{"code":"invalid_price","message":"invalid price","service":"exchange"}}';
    expect(parseErrorBody(text, 400)).toEqual({ code: 'invalid_price', message: 'invalid price' });
  });

  it('derives a code from the 429 string body', () => {
    expect(parseErrorBody({ error: 'too many requests' }, 429)).toEqual({ code: 'too_many_requests', message: 'too many requests' });
  });

  it('reads a bare ErrorResponse', () => {
    expect(parseErrorBody({ code: 'not_found', message: 'not found' }, 404)).toEqual({ code: 'not_found', message: 'not found' });
  });

  it('keeps anything else as details with a status message', () => {
    expect(parseErrorBody('<html>bad gateway</html>', 502)).toEqual({ message: '<html>bad gateway</html>' });
    expect(parseErrorBody({ unexpected: true }, 500)).toEqual({ message: 'HTTP 500', details: { unexpected: true } });
    expect(parseErrorBody('', 503)).toEqual({ message: 'HTTP 503' });
  });
});
