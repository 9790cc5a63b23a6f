import { errorBodySchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, rollback } from '../../src/core/db/migrate.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

describe.each(backends)('HTTP skeleton on %s', (backend) => {
  let server: ApiHarness;
  beforeAll(async () => {
    server = await startApi(backend);
  });
  afterAll(async () => {
    await server?.close();
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

  it('answers an unknown route with 404 in the error shape (under /api/v1 only once authenticated)', async () => {
    const outside = await fetch(`${server.url}/nothing-here`);
    expect(outside.status).toBe(404);
    expect(errorBodySchema.parse(await outside.json()).error.code).toBe('not_found');

    const anonymous = await server.api(undefined, 'GET', '/no-such-thing');
    expect(anonymous.status).toBe(401);
    expect(errorBodySchema.parse(await anonymous.json()).error.code).toBe('unauthenticated');

    const { key } = await server.user('user');
    const known = await server.api(key, 'GET', '/no-such-thing');
    expect(known.status).toBe(404);
    expect(errorBodySchema.parse(await known.json()).error.code).toBe('not_found');
  });

  it('is not ready while migrations are pending', async () => {
    await rollback(server.t.handle.db, 1);
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ data: { status: 'migrating' } });
    await migrateToLatest(server.t.handle.db);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
