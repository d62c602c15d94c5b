// Builds the static cockpit into .artifacts/web/: index.html (assembled from the region and
// studio partials), css/cockpit.css (fonts + design tokens + Tailwind), js/ (esbuild ES modules),
// js/vendor/htmx.min.js, fonts/ and control-api.json (where the page finds the control API). Usage: node build.mjs (from web/) or npm run build -w @polly/web.
import { build, transform } from 'esbuild';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const webDirectory = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(webDirectory, '..');
const sourceDirectory = path.join(webDirectory, 'src');
const outputDirectory = path.join(root, '.artifacts/web');
const workDirectory = path.join(root, '.artifacts/web-build');

/** "0.3.1" → "v0.03.01", the PRD's way of writing the version. */
function displayVersion(version) {
  const [major = '0', minor = '0', patch = '0'] = version.split('.');
  return `v${major}.${minor.padStart(2, '0')}.${patch.padStart(2, '0')}`;
}

async function loadSiteAssets() {
  const file = path.join(workDirectory, 'site-assets.mjs');
  await build({
    entryPoints: [path.join(sourceDirectory, 'build/site-assets.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(file).href}?stamp=${Date.now()}`);
}

/**
 * `<!-- include: path?key=value&key=value -->` inserts a partial (paths relative to src/), with
 * `{{key}}` placeholders filled from the query. Partials may include partials.
 */
async function assemble(relativePath, values, depth = 0) {
  if (depth > 8) throw new Error(`includes nested too deeply at ${relativePath}`);
  let text = await fs.readFile(path.join(sourceDirectory, relativePath), 'utf8');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`{{${key}}}`, value);
  const pattern = /([ \t]*)<!-- include: ([^?\s]+)(?:\?([^>]*?))? -->/g;
  const pieces = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const [whole, indent, includePath, query] = match;
    const local = { ...values };
    for (const pair of (query ?? '').split('&').filter(Boolean)) {
      const separator = pair.indexOf('=');
      local[pair.slice(0, separator)] = pair.slice(separator + 1);
    }
    const included = await assemble(includePath, local, depth + 1);
    pieces.push(text.slice(last, match.index), included.replace(/^/gm, indent).trimEnd());
    last = match.index + whole.length;
  }
  pieces.push(text.slice(last));
  const result = pieces.join('');
  const unfilled = /\{\{([\w-]+)\}\}/.exec(result);
  if (depth === 0 && unfilled) throw new Error(`unfilled placeholder {{${unfilled[1]}}} in ${relativePath}`);
  return result;
}

async function buildStylesheet(assets) {
  const postcss = require('postcss');
  const tailwind = require('tailwindcss');
  const postcssImport = require('postcss-import');
  const entry = path.join(sourceDirectory, 'styles/cockpit.css');
  const processed = await postcss([postcssImport(), tailwind(require(path.join(webDirectory, 'tailwind.config.cjs')))]).process(
    await fs.readFile(entry, 'utf8'),
    { from: entry },
  );
  const combined = [assets.tokenStylesheet(), assets.fontFaceStylesheet(), processed.css].join('\n');
  const minified = await transform(combined, { loader: 'css', minify: true, target: ['chrome111', 'firefox113', 'safari16.2'] });
  await fs.mkdir(path.join(outputDirectory, 'css'), { recursive: true });
  await fs.writeFile(path.join(outputDirectory, 'css/cockpit.css'), minified.code);
  return minified.code.length;
}

async function buildScripts() {
  const result = await build({
    entryPoints: [path.join(sourceDirectory, 'main.ts')],
    outdir: path.join(outputDirectory, 'js'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome111', 'firefox113', 'safari16.2'],
    minify: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  return Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .reduce((total, [, output]) => total + output.bytes, 0);
}

async function copyVendorFiles(assets) {
  await fs.mkdir(path.join(outputDirectory, 'js/vendor'), { recursive: true });
  await fs.copyFile(require.resolve('htmx.org/dist/htmx.min.js'), path.join(outputDirectory, 'js/vendor/htmx.min.js'));
  await fs.mkdir(path.join(outputDirectory, 'fonts'), { recursive: true });
  for (const face of assets.fontFaces) {
    await fs.copyFile(require.resolve(face.file), path.join(outputDirectory, 'fonts', path.basename(face.file)));
  }
}

export async function buildSite() {
  const started = Date.now();
  await fs.rm(outputDirectory, { recursive: true, force: true });
  await fs.mkdir(outputDirectory, { recursive: true });
  const rootPackage = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8'));
  const version = displayVersion(rootPackage.version);
  const assets = await loadSiteAssets();
  const html = await assemble('index.html', {
    version,
    model: `Model PPP-${version.replace(/\D/g, '').replace(/^0+/, '')} · Periscope-class trading cockpit`,
    'theme-buttons': assets.themeButtonsMarkup(),
    'boot-script': assets.bootScript(),
  });
  await fs.writeFile(path.join(outputDirectory, 'index.html'), html);
  // Served as-is by the control API: the cockpit talks to the origin it was loaded from. The
  // static dev server (serve.mjs) answers this path itself with the API it was pointed at.
  await fs.writeFile(path.join(outputDirectory, 'control-api.json'), `${JSON.stringify({ controlApi: 'same-origin' })}\n`);
  const [cssBytes, jsBytes] = await Promise.all([buildStylesheet(assets), buildScripts(), copyVendorFiles(assets)]);
  await fs.writeFile(path.join(outputDirectory, '.build-stamp'), new Date().toISOString());
  console.log(
    `built .artifacts/web in ${Date.now() - started} ms (html ${html.length} B, css ${cssBytes} B, js ${jsBytes} B)`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildSite();
}
