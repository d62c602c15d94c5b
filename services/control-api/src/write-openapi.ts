/** Writes docs/openapi.json from the route declarations: `npm run openapi -w @polly/control-api` (run in the workspace folder). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderOpenApiDocument } from './api/openapi';

const target = path.resolve('../../docs/openapi.json');
writeFileSync(target, renderOpenApiDocument());
process.stdout.write(`wrote ${target}\n`);
