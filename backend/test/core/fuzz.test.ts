import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { fuzzApi, type FuzzOptions, type OpenApiDoc } from '../support/fuzz.ts';

/** `npm run fuzz` raises this (HELIOS_FUZZ_RUNS); `npm test` keeps it bounded. */
const RUNS = Number(process.env.HELIOS_FUZZ_RUNS ?? 1000);

describe.each(backends)('every route under hostile input, on %s', (backend) => {
  let h: ApiHarness;
  let valid: FuzzOptions['valid'];
  let tokens: FuzzOptions['tokens'];

  beforeAll(async () => {
    h = await startApi(backend);
    const admin = await h.user('admin');
    const user = await h.user('user');
    const contact = await h.user('contact');
    const post = async (path: string, body: unknown) => {
      const res = await h.api(admin.key, 'POST', path, body);
      expect(res.status, path).toBe(201);
      return ((await res.json()) as { data: { id: number; urlKey?: string } }).data;
    };
    const vendor = await post('/vendors', { name: 'Fuzz vendor' });
    const asset = await post('/assets', {
      name: 'Fuzz laptop',
      assetType: 'computer',
      assignedToUserId: user.user.id,
    });
    const credential = await post('/credentials', { name: 'Fuzz login', password: 'hunter2' });
    const tag = await post('/tags', { name: 'fuzz' });
    const ticket = await post('/tickets', {
      subject: 'Fuzz ticket',
      details: 'details',
      relatedUserId: user.user.id,
      gmail: { messageId: 'fuzz-msg', threadId: 'fuzz-thread' },
    });
    const ids = [vendor.id, asset.id, credential.id, tag.id, ticket.id, user.user.id, 1].map(String);
    valid = {
      id: ids,
      userId: [String(user.user.id), String(admin.user.id)],
      tagId: [String(tag.id)],
      otherId: ids,
      other: ['users', 'assets', 'credentials', 'documents', 'vendors', 'tickets', 'files', 'locations'],
      email: [encodeURIComponent(user.user.email), encodeURIComponent('nobody@acme.example')],
      threadId: ['fuzz-thread'],
      urlKey: [ticket.urlKey ?? 'x'.repeat(30)],
    };
    tokens = [admin.key, admin.key, admin.key, user.key, contact.key, undefined, 'helios_garbage', 'a.b.c'];
  });
  afterAll(async () => {
    await h?.close();
  });

  it(`answers ${RUNS} hostile requests below 500, and refused ones change nothing`, async () => {
    const doc = (await (await fetch(`${h.url}/api/v1/openapi.json`)).json()) as OpenApiDoc;
    const findings = await fuzzApi(h, doc, { valid, tokens, runs: RUNS });
    expect(findings).toEqual([]);
  }, 600_000);
});
