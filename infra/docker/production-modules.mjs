// Copies into <target>/node_modules exactly the third-party packages the built bundles import,
// with everything those packages depend on, at the versions `npm ci` installed. The bundles
// inline our own workspaces (infra/bundle.mjs), so the runtime image needs nothing else: no
// compilers, test tools or embedded Postgres binaries.
// Usage (from the repository root, after `npm run build`): node infra/docker/production-modules.mjs <target>
import { cpSync, existsSync, lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const root = process.cwd();
const target = process.argv[2];
if (!target) {
  console.error('usage: node infra/docker/production-modules.mjs <target folder>');
  process.exit(2);
}
const dist = path.join(root, '.artifacts/dist');
if (!existsSync(dist)) {
  console.error(`${dist} does not exist: run npm run build first`);
  process.exit(1);
}

function* bundles(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* bundles(full);
    else if (entry.name.endsWith('.mjs')) yield full;
  }
}

/** "pkg/sub/path" → "pkg"; "@scope/pkg/sub" → "@scope/pkg"; relative, absolute and built-in → undefined. */
export function packageName(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? undefined : name;
}

// esbuild writes external imports as statements at the start of a line: those must resolve.
// Dynamic imports and require calls with a literal name are taken when installed (a code path
// may need them) and skipped otherwise (the literal may sit in a message or a lazy optional path).
const staticPatterns = [/^(?:import|export)\s[^;]*?\bfrom\s*"([^"\s]+)";/gm, /^import\s*"([^"\s]+)";/gm];
const dynamicPatterns = [/\bimport\(\s*["']([^"'\s]+)["']\s*\)/g, /\brequire\(\s*["']([^"'\s]+)["']\s*\)/g];
/** Package name → whether it may be absent. */
const imported = new Map();
for (const file of bundles(dist)) {
  const text = readFileSync(file, 'utf8');
  for (const [patterns, optional] of [[staticPatterns, false], [dynamicPatterns, true]]) {
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const name = packageName(match[1]);
        if (!name || name.startsWith('@polly/')) continue;
        // Required as soon as one bundle imports it statically.
        imported.set(name, (imported.get(name) ?? true) && optional);
      }
    }
  }
}

/** Node's lookup: node_modules of the folder and of every ancestor up to the root. */
function resolvePackage(fromFolder, name) {
  for (let folder = fromFolder; ; folder = path.dirname(folder)) {
    if (path.basename(folder) !== 'node_modules') {
      const candidate = path.join(folder, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    }
    if (folder === root || folder === path.dirname(folder)) return undefined;
  }
}

const selected = new Set();
const missing = [];
const queue = [...imported].map(([name, optional]) => ({ name, from: root, optional }));
while (queue.length > 0) {
  const { name, from, optional } = queue.shift();
  const folder = resolvePackage(from, name);
  if (!folder) {
    if (!optional) missing.push(`${name} (needed by ${path.relative(root, from) || 'the bundles'})`);
    continue;
  }
  if (lstatSync(folder).isSymbolicLink()) {
    missing.push(`${name} is a workspace link; bundles must inline workspaces`);
    continue;
  }
  if (selected.has(folder)) continue;
  selected.add(folder);
  const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
  for (const dependency of Object.keys(manifest.dependencies ?? {})) queue.push({ name: dependency, from: folder, optional: false });
  // Optional and peer dependencies are taken when npm installed them (platform binaries, for example).
  for (const dependency of [...Object.keys(manifest.optionalDependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]) {
    queue.push({ name: dependency, from: folder, optional: true });
  }
}
if (missing.length > 0) {
  console.error(`cannot assemble the production modules:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}

// A package nested inside another selected package is copied with it.
const folders = [...selected].sort();
const tops = folders.filter((folder) => !folders.some((other) => other !== folder && folder.startsWith(`${other}${path.sep}`)));
let bytes = 0;
const measure = (folder) => {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) measure(full);
    else if (entry.isFile()) bytes += statSync(full).size;
  }
};
for (const folder of tops) {
  const destination = path.join(target, path.relative(root, folder));
  cpSync(folder, destination, { recursive: true, verbatimSymlinks: true });
  measure(destination);
}
console.log(
  `production modules: ${imported.size} named by the bundles (${[...imported.keys()].sort().join(', ')}), ` +
    `${selected.size} packages with their dependencies, ${(bytes / 1048576).toFixed(1)} MiB in ${path.join(target, 'node_modules')}`,
);
