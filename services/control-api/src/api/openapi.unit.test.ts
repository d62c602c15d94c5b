import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument, renderOpenApiDocument } from './openapi';

describe('docs/openapi.json', () => {
  it('is exactly what the route declarations generate (run `npm run openapi -w @polly/control-api` after changing a route)', () => {
    const document = readFileSync(path.join(__dirname, '../../../../docs/openapi.json'), 'utf8');
    expect(document).toBe(renderOpenApiDocument());
  });

  it('documents every PRD endpoint', () => {
    const paths = Object.keys((buildOpenApiDocument() as { paths: Record<string, unknown> }).paths);
    for (const expected of [
      '/control/agents/{agentId}/start', '/control/agents/{agentId}/stop', '/control/agents/{agentId}/pause', '/control/agents/{agentId}/set_mode',
      '/control/agents/{agentId}/enable', '/control/agents/{agentId}/disable', '/control/agents/set_mode', '/control/trading/enable', '/control/trading/disable',
      '/control/orders/cancel_all', '/control/environment/set', '/control/keys/connect', '/control/keys/disconnect', '/control/keys/autofill',
      '/control/approvals/{approvalId}/approve', '/control/approvals/{approvalId}/deny',
      '/state/agents', '/state/agents/{agentId}', '/state/positions', '/state/orders', '/state/orders/{orderId}', '/state/fills', '/state/markets',
      '/state/series', '/state/balance', '/state/system', '/state/approvals', '/state/pnl', '/state/decisions', '/events', '/events/stream',
    ]) {
      expect(paths).toContain(expected);
    }
  });

  it('is OpenAPI 3.1 with every $ref resolvable', () => {
    const document = buildOpenApiDocument() as { openapi: string; components: { schemas: Record<string, unknown> } };
    expect(document.openapi).toBe('3.1.0');
    const references = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1] as string);
    expect(references.length).toBeGreaterThan(50);
    for (const name of new Set(references)) expect(document.components.schemas).toHaveProperty(name);
  });
});
