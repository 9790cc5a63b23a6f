import { get, type IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parse } from 'csv-parse/sync';
import { errorBodySchema } from '@helios/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';

describe.each(backends)('CSV export of every list on %s', (backend) => {
  let h: ApiHarness;
  let manager: { key: string };
  let build: Factories;

  const csv = async (key: string, path: string) => {
    const res = await fetch(`${h.url}/api/v1${path}`, {
      headers: { authorization: `Bearer ${key}`, accept: 'text/csv' },
    });
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z-]+\.csv"$/);
    return parse(await res.text(), { columns: true }) as Record<string, string>[];
  };

  beforeAll(async () => {
    h = await startApi(backend);
    manager = await h.user('manager');
    build = factories(h, manager);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('streams the filtered list as CSV: every row, not one page, in the JSON answer’s fields', async () => {
    const person = await build.user();
    const loaner = await build.tag({ name: 'Loaner', type: 'asset' });
    for (let i = 0; i < 230; i++)
      await h.t.handle.db
        .insertInto('assets')
        .values({ organization_id: h.organizationId, name: `Bulk ${i}`, asset_type: 'phone' })
        .execute();
    const laptop = await build.asset({
      name: '=HYPERLINK("x")',
      assetType: 'computer',
      serialNumber: 'SN-1',
      assignedTo: person,
    });
    await h.api(manager.key, 'PUT', `/assets/${laptop.id}/tags/${loaner.id}`);

    const phones = await csv(manager.key, '/assets?assetType=phone&limit=5&cursor=ignored');
    expect(phones).toHaveLength(230);
    expect(new Set(phones.map((r) => r.id)).size).toBe(230);
    const [computer] = await csv(manager.key, '/assets?assetType=computer');
    expect(computer).toMatchObject({
      id: String(laptop.id),
      // A formula is shown, never run.
      name: `'=HYPERLINK("x")`,
      serialNumber: 'SN-1',
      assignedToUserId: String(person.user.id),
      tags: 'Loaner',
      customFields: '{}',
    });
    expect(Object.keys(computer ?? {})).not.toContain('abilities');
    // The caller's scope holds as in JSON: a user exports only what is theirs.
    expect((await csv(person.key, '/assets')).map((r) => r.id)).toEqual([String(laptop.id)]);
    // Nested objects flatten one level.
    const ticket = await build.ticket({ subject: 'Help', details: '…', requester: person });
    const [row] = await csv(manager.key, `/tickets?relatedUser=${person.user.id}`);
    expect(row).toMatchObject({
      id: String(ticket.id),
      displayNumber: ticket.displayNumber,
      'status.name': 'New',
    });
    // An empty list is a header.
    const res = await fetch(`${h.url}/api/v1/vendors?q=nothing-matches`, {
      headers: { authorization: `Bearer ${manager.key}`, accept: 'text/csv' },
    });
    expect((await res.text()).split('\n')[0]).toMatch(/^id,createdAt,/);
    // A `user`'s directory of colleagues pages too (its handler reads the query itself).
    expect((await csv(person.key, '/users')).length).toBeGreaterThanOrEqual(2);
    // Bad filters are the usual JSON 400; JSON stays the default.
    const bad = await fetch(`${h.url}/api/v1/assets?assetType=spaceship`, {
      headers: { authorization: `Bearer ${manager.key}`, accept: 'text/csv' },
    });
    expect(bad.status).toBe(400);
    expect(errorBodySchema.parse(await bad.json()).error.code).toBe('validation_failed');
    const json = await fetch(`${h.url}/api/v1/assets`, {
      headers: { authorization: `Bearer ${manager.key}` },
    });
    expect(json.headers.get('content-type')).toContain('application/json');
  });

  it('exports 50 000 assets in bounded memory', { timeout: 300_000 }, async () => {
    await sql`INSERT INTO assets (organization_id, name, asset_type, serial_number, model, make)
      SELECT ${h.organizationId}, 'Fleet laptop ' || g, 'computer', 'SER' || lpad(g::text, 8, '0'), 'X1 Carbon', 'Lenovo'
      FROM generate_series(1, 50000) g`.execute(h.t.handle.db);
    // Live memory, not garbage waiting for a collection: the heap is measured right after a full GC.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peakHeap = baseline;
    const sampler = setInterval(() => {
      gc();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 250);
    const started = performance.now();
    // A connection of its own: after the long insert, a pooled keep-alive socket may be one the
    // server is just closing.
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      get(
        `${h.url}/api/v1/assets?assetType=computer&q=Fleet`,
        { agent: false, headers: { authorization: `Bearer ${manager.key}`, accept: 'text/csv' } },
        resolve,
      ).on('error', reject);
    });
    expect(res.statusCode).toBe(200);
    // Read as a stream, counting lines: the test holds no more than the server does.
    let bytes = 0;
    let lines = 0;
    const decoder = new TextDecoder();
    for await (const chunk of res as AsyncIterable<Buffer>) {
      bytes += chunk.byteLength;
      lines += decoder.decode(chunk, { stream: true }).split('\n').length - 1;
    }
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    const mib = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
    const growth = peakHeap - baseline;
    console.log(
      `[csv export ${backend}] 50000 rows, ${mib(bytes)} MiB of CSV in ${seconds.toFixed(1)} s; ` +
        `live heap after GC at most +${mib(growth)} MiB`,
    );
    expect(lines).toBe(50_001);
    // The whole CSV never sits in memory: live memory grows by a fraction of the file's size (one
    // page of 200 rows, their presented records and the socket's buffers at a time).
    expect(growth).toBeLessThan(bytes / 2);
  });
});
