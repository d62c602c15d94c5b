/**
 * `polly bundle`: everything a friend needs to run Polly with nothing but Docker, written to
 * .artifacts/bundle/: the saved images (`docker save`), the compose files with the images they
 * were saved under and no build sections, .env.example, an install script and a short README.
 * The images are the ones the current compose configuration resolves to (COMPOSE_FILE is
 * honoured, so an offline override bundles its stand-in images). Nothing from .env is copied.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { bold, dim, done, problem, step } from '../output';
import type { Settings } from '../settings';

/** Which image variable of compose.yaml each service's image comes from; every other service runs the application image. */
export const IMAGE_VARIABLES: Readonly<Record<string, string>> = {
  nats: 'POLLY_NATS_IMAGE',
  postgres: 'POLLY_POSTGRES_IMAGE',
  prometheus: 'POLLY_PROMETHEUS_IMAGE',
  grafana: 'POLLY_GRAFANA_IMAGE',
};
/** Services of the observability profile: bundled only when asked for. */
const OBSERVABILITY_SERVICES = ['prometheus', 'grafana'];
export const APPLICATION_IMAGE_VARIABLE = 'POLLY_IMAGE';
export const APPLICATION_REPOSITORY = 'polly-prediction-partners';

/** Service name → image, from the output of `docker compose config` (services are two spaces in, their keys four). */
export function parseComposeImages(configText: string): Map<string, string> {
  const images = new Map<string, string>();
  let inServices = false;
  let service: string | undefined;
  for (const line of configText.split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      inServices = /^services:\s*$/.test(line);
      service = undefined;
      continue;
    }
    if (!inServices) continue;
    const serviceMatch = /^ {2}([A-Za-z0-9][\w.-]*):\s*$/.exec(line);
    if (serviceMatch) {
      service = serviceMatch[1];
      continue;
    }
    const imageMatch = /^ {4}image:\s*['"]?([^'"\s]+)['"]?\s*$/.exec(line);
    if (service && imageMatch) images.set(service, imageMatch[1] as string);
  }
  return images;
}

/** Image variable → the image to save under it. The application services must agree on one image. */
export function imagesByVariable(images: ReadonlyMap<string, string>): Map<string, string> {
  const result = new Map<string, string>();
  for (const [service, image] of images) {
    const variable = IMAGE_VARIABLES[service] ?? APPLICATION_IMAGE_VARIABLE;
    const earlier = result.get(variable);
    if (earlier !== undefined && earlier !== image) throw new Error(`services disagree on ${variable}: ${earlier} and ${image} (${service})`);
    result.set(variable, image);
  }
  return result;
}

/** Removes every `build:` entry (a one-line value or the block indented under it): a bundle has no sources. */
export function withoutBuildSections(composeText: string): string {
  const output: string[] = [];
  let blockIndent: number | undefined;
  for (const line of composeText.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (blockIndent !== undefined) {
      if (line.trim() === '' || indent > blockIndent) continue;
      blockIndent = undefined;
    }
    const match = /^(\s*)build:(.*)$/.exec(line);
    if (match) {
      const rest = (match[2] as string).trim();
      if (rest === '' || rest.startsWith('#') || rest.startsWith('&')) blockIndent = indent;
      continue;
    }
    output.push(line);
  }
  return output.join('\n');
}

/** `${VARIABLE:-old default}` → `${VARIABLE:-image}` for each saved image, so the bundle runs what it ships. */
export function withImageDefaults(composeText: string, images: ReadonlyMap<string, string>): string {
  let text = composeText;
  for (const [variable, image] of images) {
    text = text.replace(new RegExp(`\\$\\{${variable}:-[^}]*\\}`, 'g'), `\${${variable}:-${image}}`);
  }
  return text;
}

/** The compose file a bundle ships: no build sections, image defaults set to the saved images. */
export function bundleComposeText(composeText: string, images: ReadonlyMap<string, string>): string {
  return withImageDefaults(withoutBuildSections(composeText), images);
}

const usage = `polly bundle [--no-build] [--no-compress] [--observability] [--output DIR]

  Writes .artifacts/bundle/ (or DIR): images.tar.gz, compose.yaml, compose.sim.yaml,
  .env.example, install.sh, wait-healthy.sh and README.md. Copy the folder to a machine
  with Docker and run ./install.sh there (./install.sh --sim for the exchange simulator).

  --no-build        use the application image as it is (otherwise it is built first)
  --no-compress     images.tar instead of images.tar.gz (faster, about twice as large)
  --observability   include Prometheus and Grafana with their configuration
`;

interface Compose {
  command: string;
  prefix: string[];
}

function run(command: string, args: string[], cwd?: string): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, cwd });
  return { ok: result.status === 0, stdout: result.stdout ?? '', stderr: result.stderr ?? String(result.error ?? '') };
}

/** `docker compose` (v2) when the plugin is there, else docker-compose 1.x. */
function findCompose(): Compose | undefined {
  if (run('docker', ['compose', 'version']).ok) return { command: 'docker', prefix: ['compose'] };
  if (run('docker-compose', ['version']).ok) return { command: 'docker-compose', prefix: [] };
  return undefined;
}

function streamToFile(command: string, args: string[], file: string, compress: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const sink = createWriteStream(file);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const source = compress ? child.stdout.pipe(createGzip({ level: 1 })) : child.stdout;
    source.pipe(sink);
    let exitCode: number | null | undefined;
    let flushed = false;
    const settle = () => {
      if (exitCode === undefined || !flushed) return;
      if (exitCode === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed: ${stderr.trim()}`));
    };
    child.on('error', reject);
    sink.on('error', reject);
    child.on('close', (code) => {
      exitCode = code;
      settle();
    });
    sink.on('finish', () => {
      flushed = true;
      settle();
    });
  });
}

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

export async function bundle(settings: Settings, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'no-build': { type: 'boolean', default: false },
      'no-compress': { type: 'boolean', default: false },
      observability: { type: 'boolean', default: false },
      output: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const options = { build: !values['no-build'], compress: !values['no-compress'], observability: values.observability, output: values.output };
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const compose = findCompose();
  if (!compose) {
    problem('neither `docker compose` nor docker-compose is installed (see docs/docker.md)');
    return 1;
  }
  const engine = run('docker', ['info', '--format', '{{.ServerVersion}}']);
  if (!engine.ok) {
    problem(`no Docker engine answers: ${engine.stderr.trim().split('\n')[0] ?? ''} (see docs/docker.md)`);
    return 1;
  }
  const profiles = ['--profile', 'sim', ...(options.observability ? ['--profile', 'observability'] : [])];
  const composeArgs = (...args: string[]) => [...compose.prefix, ...profiles, ...args];

  if (options.build) {
    step('building the application image');
    // Every application service shares one image; building it for one service builds it for all.
    const built = spawnSync(compose.command, composeArgs('build', 'migrations'), { stdio: 'inherit', cwd: settings.root });
    if (built.status !== 0) {
      problem('the image did not build');
      return 1;
    }
  }

  const config = run(compose.command, composeArgs('config'), settings.root);
  if (!config.ok) {
    problem(`docker compose config failed: ${config.stderr.trim()}`);
    return 1;
  }
  const resolved = parseComposeImages(config.stdout);
  if (!options.observability) for (const service of OBSERVABILITY_SERVICES) resolved.delete(service);
  const images = imagesByVariable(resolved);
  const application = images.get(APPLICATION_IMAGE_VARIABLE);
  if (!application) {
    problem('the compose configuration names no application image');
    return 1;
  }
  const version = (JSON.parse(readFileSync(path.join(settings.root, 'package.json'), 'utf8')) as { version?: unknown }).version;
  if (typeof version !== 'string' || !/^[\w.-]+$/.test(version)) {
    problem('package.json has no usable version to tag the image with');
    return 1;
  }
  const versioned = `${APPLICATION_REPOSITORY}:${version}`;
  for (const image of images.values()) {
    if (run('docker', ['image', 'inspect', image]).ok) continue;
    // NATS, Postgres and the observability images come from a registry; the application image is built.
    if (image === application) {
      problem(`image ${image} is not on this engine: build it (without --no-build)`);
      return 1;
    }
    step(`pulling ${image}`);
    if (spawnSync('docker', ['pull', image], { stdio: 'inherit' }).status !== 0) {
      problem(`image ${image} is not on this engine and could not be pulled`);
      return 1;
    }
  }
  // A friend's engine gets the application under its version, so a later bundle sits beside it.
  if (application !== versioned && !run('docker', ['tag', application, versioned]).ok) {
    problem(`could not tag ${application} as ${versioned}`);
    return 1;
  }
  images.set(APPLICATION_IMAGE_VARIABLE, versioned);

  const output = path.resolve(options.output ?? path.join(settings.artifacts, 'bundle'));
  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });
  const imagesFile = path.join(output, options.compress ? 'images.tar.gz' : 'images.tar');
  step(`saving ${[...new Set(images.values())].join(', ')} to ${dim(imagesFile)}`);
  const started = Date.now();
  await streamToFile('docker', ['save', ...new Set(images.values())], imagesFile, options.compress);
  done(`images saved in ${((Date.now() - started) / 1000).toFixed(0)} s (${megabytes(statSync(imagesFile).size)})`);

  for (const file of ['compose.yaml', 'compose.sim.yaml']) {
    writeFileSync(path.join(output, file), bundleComposeText(readFileSync(path.join(settings.root, file), 'utf8'), images));
  }
  const template = path.join(settings.root, 'infra', 'bundle');
  const environmentExample = [readFileSync(path.join(settings.root, '.env.example'), 'utf8').trimEnd(), '', readFileSync(path.join(template, 'docker.env'), 'utf8')].join('\n');
  writeFileSync(path.join(output, '.env.example'), environmentExample);
  for (const script of ['install.sh', 'wait-healthy.sh']) {
    copyFileSync(path.join(template, script), path.join(output, script));
    chmodSync(path.join(output, script), 0o755);
  }
  copyFileSync(path.join(template, 'README.md'), path.join(output, 'README.md'));
  if (options.observability) {
    // compose.yaml mounts these by their repository paths.
    for (const folder of ['infra/prometheus', 'infra/grafana']) cpSync(path.join(settings.root, folder), path.join(output, folder), { recursive: true });
  }
  writeFileSync(
    path.join(output, 'bundle.json'),
    `${JSON.stringify({ version, createdAt: new Date().toISOString(), imagesFile: path.basename(imagesFile), images: Object.fromEntries(images) }, null, 2)}\n`,
  );
  done(`bundle ${bold(version)} written to ${output}`);
  process.stdout.write(`  Copy the folder to a machine with Docker, then run ${bold('./install.sh')} there (README.md says how to add keys).\n`);
  return 0;
}
