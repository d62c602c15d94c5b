/**
 * The cockpit's static build at `/`: files only (no directory listings, no dotfiles), ES modules
 * with a JavaScript content type, and a plain page saying how to build the UI when it is missing.
 * The build is looked for on every request, so a build that lands later is served without a restart.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';

const MISSING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Polly Prediction Partners: cockpit not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The cockpit is not built yet</h1>
<p>The control API is running, but there is no web build in <code>__ROOT__</code>.</p>
<p>Build it with <code>npm run build -w @polly/web</code> (or <code>npm run build</code> for everything), then reload this page.</p>
<p>The API itself answers under <code>/state</code>, <code>/control</code> and <code>/events</code>; its description is at <a href="/openapi.json">/openapi.json</a>.</p>
</body></html>`;

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);

export function staticFiles(webRoot: string): Router {
  const root = path.resolve(webRoot);
  const router = Router();
  const files = express.static(root, {
    index: 'index.html',
    dotfiles: 'ignore',
    redirect: false,
    fallthrough: true,
    setHeaders: (response, file) => {
      if (file.endsWith('.js') || file.endsWith('.mjs')) response.setHeader('content-type', 'text/javascript; charset=utf-8');
      if (file.endsWith('index.html')) response.setHeader('cache-control', 'no-cache');
    },
  });
  const missing: RequestHandler = (request, response, next) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || existsSync(path.join(root, 'index.html'))) return next();
    if (request.path !== '/' && request.path !== '/index.html') return next();
    response.status(503).type('html').set('cache-control', 'no-store').send(MISSING_PAGE.replace('__ROOT__', escapeHtml(root)));
  };
  router.use(missing, files);
  return router;
}
