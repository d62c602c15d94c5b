// Static dev server for the built cockpit: serves .artifacts/web on 127.0.0.1 (never another
// interface). Usage: node serve.mjs [--port 5173] [--root DIR] [--api URL|none]. Port 0 picks a
// free port; the chosen address is printed as "listening on http://127.0.0.1:PORT".
// --api tells the page where the control API is (default http://127.0.0.1:4400, which must list
// this server's origin in POLLY_CONTROL_ALLOWED_ORIGINS); "none" runs the cockpit without one.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDirectory = path.dirname(fileURLToPath(import.meta.url));

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const port = Number(option('port', process.env.PORT ?? '5173'));
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535, got ${option('port', '')}`);
  process.exit(2);
}
const root = path.resolve(option('root', path.join(webDirectory, '../.artifacts/web')));
const controlApi = option('api', process.env.POLLY_CONTROL_API_URL ?? 'http://127.0.0.1:4400');
if (controlApi !== 'none' && !/^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\/?$/.test(controlApi)) {
  console.error(`--api must be a loopback origin such as http://127.0.0.1:4400, or none; got ${controlApi}`);
  process.exit(2);
}
const controlApiAnswer = `${JSON.stringify({ controlApi: controlApi.replace(/\/$/, '') })}\n`;
if (!fs.existsSync(path.join(root, 'index.html'))) {
  console.error(`${root}/index.html is missing: run "npm run build -w @polly/web" first`);
  process.exit(2);
}

const server = http.createServer((request, response) => {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  } catch {
    response.writeHead(400).end('bad request');
    return;
  }
  if (pathname === '/control-api.json') {
    response.writeHead(200, { 'content-type': contentTypes['.json'], 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    response.end(request.method === 'HEAD' ? undefined : controlApiAnswer);
    return;
  }
  const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
  // Never serve anything outside the site directory.
  if (file !== root && !file.startsWith(root + path.sep)) {
    response.writeHead(403).end('forbidden');
    return;
  }
  fs.stat(file, (error, stats) => {
    if (error || !stats.isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
      'content-length': stats.size,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (request.method === 'HEAD') response.end();
    else fs.createReadStream(file).pipe(response);
  });
});

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
