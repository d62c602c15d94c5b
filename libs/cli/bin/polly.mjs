#!/usr/bin/env node
// The polly command: runs the built CLI (npm run build writes it to .artifacts/dist).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../.artifacts/dist/libs/cli/main.mjs');
if (!existsSync(built)) {
  console.error('polly is not built yet: run `npm run build` in the repository first');
  process.exit(1);
}
await import(pathToFileURL(built).href);
