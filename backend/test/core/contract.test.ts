import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories } from '../support/factories.ts';
import { operationsOf, type OpenApiDoc } from '../support/fuzz.ts';

/**
 * Every GET operation of the OpenAPI document, called with real ids as an admin: it must answer
 * 2xx, and the harness checks that answer against the route's own response schema in strict mode
 * (an undeclared field or a wrong type is a 500 there). Writes are walked the same way by the
 * module tests and the fuzzer; this walk guarantees no read route is left unchecked.
 */
describe.each(backends)('every read route answers in its declared schema, on %s', (backend) => {
  let h: ApiHarness;
  let values: Record<string, string>;
  let admin: string;

  beforeAll(async () => {
    h = await startApi(backend);
    const adminUser = await h.user('admin');
    admin = adminUser.key;
    const build = factories(h, admin);
    const user = await build.user({ role: 'user' });
    const asset = await build.asset({ assignedTo: user });
    const ticket = await build.ticket({ requester: user });
    const tag = await build.tag({ name: 'walk' });
    // One of every record the document names, so `/<resource>/{id}` finds something.
    const ids: Record<string, number> = {
      assets: asset.id,
      credentials: (await build.credential({ primaryAsset: asset })).id,
      domains: (await build.domain({})).id,
      certificates: (await build.certificate({})).id,
      'software-licenses': (await build.softwareLicense({})).id,
      locations: (await build.location()).id,
      vendors: (await build.vendor()).id,
      documents: (await build.document({})).id,
      files: (await build.file({})).id,
      folders: (await build.folder({})).id,
      tags: tag.id,
      users: user.user.id,
      tickets: ticket.id,
      'ticket-statuses': ticket.status.id,
    };
    const field = await h.api(admin, 'POST', '/custom-fields', {
      tableName: 'assets',
      fieldName: 'walked',
      fieldLabel: 'Walked',
      fieldType: 'text',
    });
    ids['custom-fields'] = ((await field.json()) as { data: { id: number } }).data.id;
    const template = await h.api(admin, 'POST', '/document-templates', {
      name: 'Runbook',
      content: '<p>x</p>',
    });
    ids['document-templates'] = ((await template.json()) as { data: { id: number } }).data.id;
    // A finished sync run (the runs API reads them; starting one needs a Google connection).
    const run = await h.t.handle.db
      .insertInto('sync_runs')
      .values({
        organization_id: h.organizationId,
        provider: 'google',
        trigger: 'manual',
        status: 'succeeded',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.sync = run.id;
    // A directory group and org unit (only the sync writes them).
    const group = await h.t.handle.db
      .insertInto('user_groups')
      .values({ organization_id: h.organizationId, name: 'Walkers', email: 'walkers@acme.example' })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.groups = group.id;
    const unit = await h.t.handle.db
      .insertInto('gw_org_units')
      .values({
        organization_id: h.organizationId,
        org_unit_id: 'id:walk',
        org_unit_path: '/Walk',
        parent_org_unit_path: '/',
        name: 'Walk',
        raw_data: JSON.stringify({}),
        content_hash: 'walk',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids['org-units'] = unit.id;
    // The lifecycle's records live one level down (`/lifecycle/templates/{id}`, `/lifecycle/requests/{id}`).
    const templates = await h.api(admin, 'GET', '/lifecycle/templates?kind=offboarding');
    const offboarding = ((await templates.json()) as { data: { id: number }[] }).data[0];
    if (!offboarding) throw new Error('no default offboarding template');
    ids['lifecycle/templates'] = offboarding.id;
    const filed = await h.api(admin, 'POST', '/lifecycle/requests', {
      kind: 'offboarding',
      personEmail: user.user.email,
      templateId: offboarding.id,
      effectiveAt: new Date().toISOString(),
    });
    expect(filed.status).toBe(201);
    ids['lifecycle/requests'] = ((await filed.json()) as { data: { id: number } }).data.id;
    const note = await h.api(admin, 'GET', '/notifications');
    const notifications = ((await note.json()) as { data: { id: number }[] }).data;
    if (notifications[0]) ids.notifications = notifications[0].id;
    // The walked file, attached to the walked ticket (its download goes through the ticket).
    const attached = await h.api(admin, 'POST', `/tickets/${ticket.id}/attachments`, { fileId: ids.files });
    expect(attached.status).toBe(201);
    values = {
      fileId: String(ids.files),
      ...Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, String(v)])),
      email: encodeURIComponent(user.user.email),
      threadId: 'walk-thread',
      urlKey: ticket.urlKey ?? '',
    };
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers every GET of the document with 2xx in the route’s strict schema', async () => {
    const doc = (await (await fetch(`${h.url}/api/v1/openapi.json`)).json()) as OpenApiDoc;
    const gets = operationsOf(doc).filter((op) => op.method === 'GET' && !op.path.startsWith('/openapi'));
    expect(gets.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const op of gets) {
      // `/{resource}/{id}/…` takes the id of that resource; other parameters by name.
      const segments = op.path.split('/');
      const resource = (segments[1] === 'lifecycle' ? segments.slice(1, 3).join('/') : segments[1]) ?? '';
      let path = op.path;
      // Required query parameters get a plausible value (search needs something to look for).
      const query = op.path === '/search' ? '?q=walk' : '';
      for (const name of op.params) {
        const value = name === 'id' ? values[resource] : values[name];
        path = path.replace(`{${name}}`, value ?? '1');
      }
      path += query;
      // The thread lookup answers 404 for a thread no ticket came from; every other read has data.
      if (op.path === '/tickets/by-gmail-thread/{threadId}') continue;
      // Not following redirects: a Drive file's download answers 302 to drive.google.com.
      const res = await fetch(`${h.url}/api/v1${path}`, {
        redirect: 'manual',
        headers: op.path.startsWith('/tickets/shared/') ? {} : { authorization: `Bearer ${admin}` },
      });
      if (res.status >= 300 && res.status !== 302)
        failures.push(`${op.path} → ${res.status} ${await res.text()}`);
      else await res.arrayBuffer();
    }
    expect(failures).toEqual([]);
  });
});
