import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/core/logger.ts';
import { DEFAULT_CONSOLE_DIR } from '../../src/core/http/web-console.ts';
import { startApi, TEST_DOMAIN, type ApiHarness } from '../support/app.ts';

const html = { accept: 'text/html,application/xhtml+xml' };

// The console is built by the test run's global setup (web/test/global-setup.ts).
describe('the web console served by the backend', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('pglite');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('serves index.html at / and every deep link, never cached, with a fresh nonce in a strict CSP', async () => {
    const nonces = new Set<string>();
    for (const path of ['/', '/tickets/12', '/assets/4', '/users/9', '/credentials/3', '/sign-in']) {
      const res = await fetch(`${h.url}${path}`, { headers: html });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      const body = await res.text();
      expect(body).toContain('<div id="root">');
      expect(body).not.toContain('HELIOS_CSP_NONCE');
      const nonce = /style-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeDefined();
      expect(body).toContain(`property="csp-nonce" nonce="${nonce}"`);
      nonces.add(nonce ?? '');
      expect(csp).toMatch(/script-src 'self';/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|accounts\.google\.com/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      // No inline script in the page itself.
      expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
    expect(nonces.size).toBe(6);
  });

  it('serves the hashed files for a year, gzipped, and 404s a file that is not there', async () => {
    const file = readdirSync(join(DEFAULT_CONSOLE_DIR, '_app')).find((f) => f.endsWith('.js'));
    const res = await fetch(`${h.url}/_app/${file}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect((await fetch(`${h.url}/_app/gone-abc123.js`)).status).toBe(404);
  });

  it('leaves the API and scripts their JSON answers', async () => {
    const api = await fetch(`${h.url}/api/v1/nothing`, { headers: html });
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toMatch(/json/);
    const script = await fetch(`${h.url}/nothing-here`);
    expect(script.status).toBe(404);
    expect(script.headers.get('content-type')).toMatch(/json/);
    const post = await fetch(`${h.url}/tickets/12`, { method: 'POST', headers: html });
    expect(post.status).toBe(404);
  });

  it('allows Google Identity Services in the CSP, and offers it, only when a web client id is set', async () => {
    const clientId = '1234-web.apps.googleusercontent.com';
    const app = createApp({
      db: h.t.handle.db,
      pool: h.t.handle.pool,
      logger: createLogger('silent'),
      organizationId: h.organizationId,
      identity: {
        audiences: [clientId],
        orgDomain: TEST_DOMAIN,
        googleApiOrigin: h.simulator.origin,
        bootstrapAdminEmail: undefined,
        webClientId: clientId,
      },
      dataDir: h.dataDir,
      encryptionKeys: h.encryptionKeys,
      checkResponses: true,
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const page = await fetch(`${url}/`, { headers: html });
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self' https:\/\/accounts\.google\.com\/gsi\/client;/);
      expect(csp).toMatch(/frame-src https:\/\/accounts\.google\.com\/gsi\/;/);
      expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin-allow-popups');
      const config = (await (await fetch(`${url}/api/v1/auth/config`)).json()) as { data: unknown };
      expect(config.data).toMatchObject({ google: { clientId }, demo: null, apiKey: true });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
