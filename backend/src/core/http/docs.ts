import { Router, static as serveStatic } from 'express';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

// The page is static and self-hosted (no CDN): swagger-ui-dist's files plus our own initializer,
// so helmet's default Content-Security-Policy (no inline scripts) holds.
const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Helios API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

const init = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/** GET /api/v1/openapi.json (public, like the contract itself) and the human page at /docs. */
export function docsRoutes(document: () => object): { api: Router; pages: Router } {
  const api = Router();
  api.get('/openapi.json', (_req, res) => {
    res.json(document());
  });
  const pages = Router();
  pages.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });
  pages.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(init);
  });
  const assets = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  pages.use('/docs/assets', serveStatic(assets, { index: false, maxAge: '1d' }));
  return { api, pages };
}
