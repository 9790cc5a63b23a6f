import { errorBodySchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, rollback } from '../src/db/migrate.ts';
import { startTestServer, type TestServer } from './support/app.ts';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.ts';

describe.each(backends)('HTTP skeleton on %s', (backend) => {
  let t: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    t = await createTestDatabase(backend, 'http');
    await migrateToLatest(t.handle.db);
    server = await startTestServer(t.handle.db);
  });
  afterAll(async () => {
    await server?.close();
    await t?.drop();
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ data: { status: 'ok' } });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ data: { status: 'ready' } });
  });

  it('sends security headers and no x-powered-by', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers malformed JSON with the error shape', async () => {
    const res = await fetch(`${server.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"subject": "Printer",',
    });
    expect(res.status).toBe(400);
    const body = errorBodySchema.parse(await res.json());
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/Malformed JSON/);
  });

  it('answers an oversized body with 413 payload_too_large', async () => {
    const res = await fetch(`${server.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ details: 'x'.repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
    expect(errorBodySchema.parse(await res.json()).error.code).toBe('payload_too_large');
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    for (const path of ['/api/v1/no-such-thing', '/nothing-here']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(404);
      const body = errorBodySchema.parse(await res.json());
      expect(body.error.code).toBe('not_found');
    }
  });

  it('is not ready while migrations are pending', async () => {
    await rollback(t.handle.db, 1);
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ data: { status: 'migrating' } });
    await migrateToLatest(t.handle.db);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
