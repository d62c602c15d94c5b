import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleComposeText, imagesByVariable, parseComposeImages, withImageDefaults, withoutBuildSections } from './bundle';

const root = path.resolve(__dirname, '../../../..');
const repositoryFile = (name: string) => readFileSync(path.join(root, name), 'utf8');

// The shape both docker-compose 1.29 and `docker compose` v2 print for `config`.
const resolvedConfig = `services:
  control-api:
    build:
      context: /work/main
    command:
    - control-api
    image: polly-prediction-partners:local
    ports:
    - 127.0.0.1:4400:4400/tcp
  nats:
    command:
    - -js
    image: local/nats:bookworm
  postgres:
    environment:
      POSTGRES_PASSWORD: secret
    image: 'postgres:16-bookworm'
  projector:
    image: polly-prediction-partners:local
volumes:
  nats: {}
`;

describe('reading the images of a resolved compose configuration', () => {
  it('finds each service with its image, quoted or not', () => {
    expect(Object.fromEntries(parseComposeImages(resolvedConfig))).toEqual({
      'control-api': 'polly-prediction-partners:local',
      nats: 'local/nats:bookworm',
      postgres: 'postgres:16-bookworm',
      projector: 'polly-prediction-partners:local',
    });
  });

  it('groups them by the compose variable that names them', () => {
    expect(Object.fromEntries(imagesByVariable(parseComposeImages(resolvedConfig)))).toEqual({
      POLLY_IMAGE: 'polly-prediction-partners:local',
      POLLY_NATS_IMAGE: 'local/nats:bookworm',
      POLLY_POSTGRES_IMAGE: 'postgres:16-bookworm',
    });
  });

  it('refuses application services that run different images', () => {
    const images = new Map([
      ['projector', 'polly-prediction-partners:local'],
      ['execution', 'polly-prediction-partners:old'],
    ]);
    expect(() => imagesByVariable(images)).toThrow(/disagree on POLLY_IMAGE/);
  });
});

describe('the compose files a bundle ships', () => {
  it('drops block and one-line build entries and nothing else', () => {
    const text = ['services:', '  a:', '    build:', '      context: .', '      args:', '        X: "1"', '    image: a', '  b:', '    build: .', '    image: b', '  c: { build: *offline-build }', ''].join('\n');
    expect(withoutBuildSections(text)).toBe(['services:', '  a:', '    image: a', '  b:', '    image: b', '  c: { build: *offline-build }', ''].join('\n'));
  });

  it('drops a build block that defines an anchor', () => {
    const text = ['  migrations:', '    build: &offline-build', '      context: .', '      network: host', '  projector:', '    image: x', ''].join('\n');
    expect(withoutBuildSections(text)).toBe(['  migrations:', '  projector:', '    image: x', ''].join('\n'));
  });

  it('points each image variable at the saved image', () => {
    const text = 'image: ${POLLY_IMAGE:-polly-prediction-partners:local}\n  image: ${POLLY_NATS_IMAGE:-nats:2.10-alpine}\n';
    const images = new Map([
      ['POLLY_IMAGE', 'polly-prediction-partners:0.3.1'],
      ['POLLY_NATS_IMAGE', 'local/nats:bookworm'],
    ]);
    expect(withImageDefaults(text, images)).toBe('image: ${POLLY_IMAGE:-polly-prediction-partners:0.3.1}\n  image: ${POLLY_NATS_IMAGE:-local/nats:bookworm}\n');
  });

  it.each(['compose.yaml', 'compose.sim.yaml'])('turns the repository %s into a file without sources to build', (file) => {
    const original = repositoryFile(file);
    const images = new Map([
      ['POLLY_IMAGE', 'polly-prediction-partners:9.9.9'],
      ['POLLY_NATS_IMAGE', 'nats:test'],
      ['POLLY_POSTGRES_IMAGE', 'postgres:test'],
    ]);
    const bundled = bundleComposeText(original, images);
    expect(bundled).not.toMatch(/^\s*build:/m);
    expect(bundled).not.toMatch(/^\s*context:/m);
    expect(bundled).toContain('${POLLY_IMAGE:-polly-prediction-partners:9.9.9}');
    expect(bundled).not.toContain('polly-prediction-partners:local');
    // Every other line survives, in order.
    const kept = original.split('\n').filter((line) => !/^\s*(build:|context: \.)/.test(line));
    expect(bundled.split('\n')).toEqual(kept.map((line) => withImageDefaults(line, images)));
  });
});
