import { readFileSync } from 'node:fs';
import path from 'node:path';
import { catalog } from './catalog';
import { renderEventCatalogue } from './catalogue-document';

describe('docs/events.md', () => {
  const document = readFileSync(path.join(__dirname, '../../../docs/events.md'), 'utf8');

  it('is exactly what the schemas generate (run `npm run polly -- docs` after changing a schema)', () => {
    expect(document).toBe(renderEventCatalogue());
  });

  it('documents every event and command in the catalogue', () => {
    for (const type of Object.keys(catalog)) expect(document).toContain(`### \`${type}\``);
  });
});
