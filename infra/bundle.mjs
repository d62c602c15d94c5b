// Bundles one entry point of a workspace into .artifacts/dist/<workspace>/<name>.mjs with esbuild.
// Usage (from a workspace folder): node ../../infra/bundle.mjs src/main.ts [more entries...]
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspace = path.relative(root, process.cwd());
const entries = process.argv.slice(2);
if (entries.length === 0) {
  console.error('usage: node ../../infra/bundle.mjs <entry.ts> [...]');
  process.exit(2);
}
const started = Date.now();
await build({
  entryPoints: entries,
  outdir: path.join(root, '.artifacts/dist', workspace),
  outbase: 'src',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  sourcemap: true,
  // Third-party packages stay external (they ship as production node_modules); our own
  // workspaces (@polly/*) are inlined so the bundle never imports TypeScript.
  plugins: [
    {
      name: 'external-third-party',
      setup(context) {
        context.onResolve({ filter: /^[^./]/ }, (arguments_) =>
          arguments_.path.startsWith('@polly/') ? undefined : { path: arguments_.path, external: true },
        );
      },
    },
  ],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
console.log(`bundled ${workspace} (${entries.join(', ')}) in ${Date.now() - started} ms`);
