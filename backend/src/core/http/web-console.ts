import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import compression from 'compression';
import express, { type Request, type Router } from 'express';

/** web/dist, relative to this file (backend/src/core/http). */
export const DEFAULT_CONSOLE_DIR = new URL('../../../../web/dist', import.meta.url).pathname;

/** The placeholder Vite writes where each response's nonce goes (web/vite.config.ts). */
const NONCE_PLACEHOLDER = /HELIOS_CSP_NONCE/g;

/**
 * Paths the console never answers: the API, health probes, the API docs, the demo's sign-in page,
 * the server-rendered public pages (`/shared/tickets/<key>`).
 */
const NOT_CONSOLE = /^\/(api|healthz|readyz|docs|demo|shared)(\/|$)/;

export interface WebConsoleOptions {
  /** The built console (index.html and _app/). */
  dir?: string;
  /** Google Identity Services is offered: its script, styles, frames and calls are allowed. */
  googleSignIn: boolean;
}

const GIS = 'https://accounts.google.com/gsi/';

/**
 * The console's Content-Security-Policy: scripts only from this origin (no inline script, no eval),
 * styles from this origin plus the `<style>` elements Mantine writes with this response's nonce,
 * calls only to this origin — and Google's sign-in script, frame and styles only when Google
 * Sign-In is configured.
 */
export function consolePolicy(nonce: string, googleSignIn: boolean): string {
  const google = (source: string) => (googleSignIn ? ` ${source}` : '');
  return [
    "default-src 'self'",
    `script-src 'self'${google(`${GIS}client`)}`,
    `style-src 'self' 'nonce-${nonce}'${google(`${GIS}style`)}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${google(GIS)}`,
    `frame-src ${googleSignIn ? GIS : "'none'"}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the web console at `/`: hashed files under /_app/ cached for a year (their names change
 * with their content), and index.html — never cached, with a fresh CSP nonce — for every other
 * page request (Accept: text/html) outside the API, so deep links (`/tickets/12`, `/assets/4`) open the app, which routes them.
 */
export function webConsole(options: WebConsoleOptions): Router {
  const dir = options.dir ?? DEFAULT_CONSOLE_DIR;
  const router = express.Router();
  const gzip = compression();
  router.use(
    '/_app',
    gzip,
    express.static(join(dir, '_app'), { immutable: true, maxAge: '365d', index: false, fallthrough: true }),
    (_req, res) => {
      res
        .status(404)
        .type('text/plain')
        .send('No such console file (the console was rebuilt: reload the page)\n');
    },
  );
  router.get(/.*/, gzip, async (req: Request, res, next) => {
    // Browsers navigating ask for HTML; a script's GET of a wrong path keeps the JSON 404.
    if (NOT_CONSOLE.test(req.path) || !(req.get('accept') ?? '').includes('text/html')) {
      next();
      return;
    }
    let html: string;
    try {
      html = await readFile(join(dir, 'index.html'), 'utf8');
    } catch {
      res
        .status(503)
        .type('text/plain')
        .send('The web console is not built yet: run `node scripts/build-web.mjs` (npm start does it).\n');
      return;
    }
    const nonce = randomBytes(16).toString('base64');
    res.set({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': consolePolicy(nonce, options.googleSignIn),
      // Google Sign-In's popup must be able to answer its opener.
      ...(options.googleSignIn ? { 'cross-origin-opener-policy': 'same-origin-allow-popups' } : {}),
    });
    res.send(html.replace(NONCE_PLACEHOLDER, nonce));
  });
  return router;
}
