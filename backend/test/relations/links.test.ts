import { errorBodySchema, linkSummarySchema, linksSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { junctions, linksOf } from '../../src/modules/relations/resources/links.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';

type LinksBody = {
  data: Record<string, { id: number; title: string; subtitle: string | null; archivedAt: string | null }[]>;
};

describe.each(backends)('links between records on %s', (backend) => {
  let h: ApiHarness;
  let admin: { key: string; id: number };
  let manager: { key: string; id: number };
  let build: Factories;
  let counter = 0;

  const db = () => h.t.handle.db;

  /** A live record of a resource, built through its own routes. Returns its id and its title. */
  async function make(resource: string, name?: string): Promise<{ id: number; title: string }> {
    counter += 1;
    const title = name ?? `${resource} ${counter}`;
    switch (resource) {
      case 'users': {
        const { user } = await build.user({ first_name: title });
        return { id: user.id, title: user.email };
      }
      case 'assets':
        return { id: (await build.asset({ name: title })).id, title };
      case 'credentials':
        return { id: (await build.credential({ name: title })).id, title };
      case 'documents':
        return { id: (await build.document({ name: title })).id, title };
      case 'files':
        return { id: (await build.file({ name: title })).id, title };
      case 'software-licenses':
        return { id: (await build.softwareLicense({ name: title })).id, title };
      case 'domains': {
        // A domain's name must be a domain name.
        const domain = await build.domain(name ? { name } : {});
        return { id: domain.id, title: domain.name };
      }
      case 'certificates':
        return { id: (await build.certificate({ name: title })).id, title };
      case 'vendors':
        return { id: (await build.vendor({ name: title })).id, title };
      case 'tickets':
        return { id: (await build.ticket({ subject: title })).id, title };
      default:
        throw new Error(`no factory for ${resource}`);
    }
  }

  const auditCount = async (action: string) =>
    Number(
      (
        await db()
          .selectFrom('audit_logs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  const links = async (key: string, path: string) => {
    const res = await h.api(key, 'GET', `${path}/links`);
    expect(res.status, path).toBe(200);
    return linksSchema.parse(((await res.json()) as LinksBody).data);
  };

  beforeAll(async () => {
    h = await startApi(backend);
    const a = await h.user('admin');
    const m = await h.user('manager');
    admin = { key: a.key, id: a.user.id };
    manager = { key: m.key, id: m.user.id };
    build = factories(h, admin);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('links every junction pair in both directions, lists it from both sides, and unlinks', async () => {
    for (const j of junctions) {
      const a = await make(j.a.resource);
      const b = await make(j.b.resource);
      // Linked from the b side, seen from the a side (and back).
      const put = await h.api(manager.key, 'PUT', `/${j.b.resource}/${b.id}/links/${j.a.resource}/${a.id}`);
      expect(put.status, j.table).toBe(204);
      const fromA = await links(manager.key, `/${j.a.resource}/${a.id}`);
      expect(fromA[j.b.resource], j.table).toEqual([
        expect.objectContaining({ id: b.id, title: b.title, archivedAt: null }),
      ]);
      const fromB = await links(manager.key, `/${j.b.resource}/${b.id}`);
      expect(fromB[j.a.resource], j.table).toEqual([
        expect.objectContaining({ id: a.id, title: a.title, archivedAt: null }),
      ]);
      for (const s of fromA[j.b.resource] ?? []) linkSummarySchema.parse(s);

      const del = await h.api(
        manager.key,
        'DELETE',
        `/${j.a.resource}/${a.id}/links/${j.b.resource}/${b.id}`,
      );
      expect(del.status, j.table).toBe(204);
      expect((await links(manager.key, `/${j.a.resource}/${a.id}`))[j.b.resource], j.table).toEqual([]);
    }
  });

  it('is idempotent both ways and writes one audit row per real change', async () => {
    const user = await make('users');
    const asset = await make('assets', 'ThinkPad X1');
    const before = { link: await auditCount('link'), unlink: await auditCount('unlink') };
    expect((await h.api(manager.key, 'PUT', `/users/${user.id}/links/assets/${asset.id}`)).status).toBe(204);
    expect((await h.api(manager.key, 'PUT', `/users/${user.id}/links/assets/${asset.id}`)).status).toBe(204);
    // The same link named from the other side.
    expect((await h.api(manager.key, 'PUT', `/assets/${asset.id}/links/users/${user.id}`)).status).toBe(204);
    const rows = await db().selectFrom('user_assets').selectAll().where('asset_id', '=', asset.id).execute();
    expect(rows).toEqual([{ user_id: user.id, asset_id: asset.id }]);
    expect(await auditCount('link')).toBe(before.link + 1);
    const audit = await db()
      .selectFrom('audit_logs')
      .selectAll()
      .where('action', '=', 'link')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity_type: 'user', entity_id: user.id, user_id: manager.id });
    expect(audit.new_value).toEqual({ table: 'user_assets', user_id: user.id, asset_id: asset.id });

    expect((await h.api(manager.key, 'DELETE', `/assets/${asset.id}/links/users/${user.id}`)).status).toBe(
      204,
    );
    expect((await h.api(manager.key, 'DELETE', `/users/${user.id}/links/assets/${asset.id}`)).status).toBe(
      204,
    );
    expect(
      await db().selectFrom('user_assets').selectAll().where('asset_id', '=', asset.id).execute(),
    ).toEqual([]);
    expect(await auditCount('unlink')).toBe(before.unlink + 1);
  });

  it('groups everything linked to a record, every group present', async () => {
    const user = await make('users');
    const laptop = await make('assets', 'Laptop');
    const phone = await make('assets', 'Phone');
    const doc = await make('documents', 'Onboarding');
    for (const path of [
      `/users/${user.id}/links/assets/${laptop.id}`,
      `/users/${user.id}/links/assets/${phone.id}`,
      `/documents/${doc.id}/links/users/${user.id}`,
    ]) {
      expect((await h.api(manager.key, 'PUT', path)).status, path).toBe(204);
    }
    // An archived linked record stays listed, marked as archived.
    await build.archive('assets', phone);

    const grouped = await links(manager.key, `/users/${user.id}`);
    expect(Object.keys(grouped).sort()).toEqual(
      linksOf('users')
        .map((s) => s.to.resource)
        .sort(),
    );
    expect(Object.keys(grouped).sort()).toEqual([
      'assets',
      'credentials',
      'documents',
      'files',
      'software-licenses',
    ]);
    expect(grouped.assets?.map((s) => [s.id, s.title, s.archivedAt === null])).toEqual([
      [laptop.id, 'Laptop', true],
      [phone.id, 'Phone', false],
    ]);
    expect(grouped.documents?.map((s) => s.id)).toEqual([doc.id]);
    expect(grouped.credentials).toEqual([]);
    expect(grouped.files).toEqual([]);

    const vendor = await make('vendors');
    expect(Object.keys(await links(manager.key, `/vendors/${vendor.id}`)).sort()).toEqual([
      'credentials',
      'documents',
      'files',
    ]);
    const location = (await (await h.api(manager.key, 'POST', '/locations', { name: 'HQ' })).json()) as {
      data: { id: number };
    };
    expect(await links(manager.key, `/locations/${location.data.id}`)).toEqual({});

    // Tickets: summarized with their subject and display number.
    const ticket = await make('tickets', 'Printer on fire');
    expect((await h.api(manager.key, 'PUT', `/tickets/${ticket.id}/links/assets/${laptop.id}`)).status).toBe(
      204,
    );
    const fromAsset = await links(manager.key, `/assets/${laptop.id}`);
    expect(fromAsset.tickets).toEqual([
      expect.objectContaining({ id: ticket.id, title: 'Printer on fire', archivedAt: null }),
    ]);
    expect(fromAsset.users?.map((s) => s.id)).toEqual([user.id]);
    expect(Object.keys(await links(manager.key, `/tickets/${ticket.id}`)).sort()).toEqual([
      'assets',
      'files',
    ]);
  });

  it('refuses pairs without a junction table, missing, foreign-looking and archived records', async () => {
    const user = await make('users');
    const vendor = await make('vendors');
    const asset = await make('assets');
    const before = await auditCount('link');
    for (const path of [
      `/vendors/${vendor.id}/links/users/${user.id}`,
      `/users/${user.id}/links/vendors/${vendor.id}`,
      `/users/${user.id}/links/tags/1`,
      `/users/${user.id}/links/users/${user.id}`,
      `/users/${user.id}/links/nonsense/1`,
      `/locations/1/links/users/${user.id}`,
    ]) {
      const res = await h.api(manager.key, 'PUT', path);
      expect(res.status, path).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code, path).toBe('invalid_link');
    }
    for (const path of [`/users/${user.id}/links/assets/999999`, `/users/999999/links/assets/${asset.id}`]) {
      const res = await h.api(manager.key, 'PUT', path);
      expect(res.status, path).toBe(404);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('not_found');
    }
    for (const path of [
      `/users/-1/links/assets/${asset.id}`,
      `/users/${user.id}/links/assets/abc`,
      `/users/${user.id}/links/assets/0`,
    ]) {
      const res = await h.api(manager.key, 'PUT', path);
      expect(res.status, path).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
    }
    expect((await h.api(manager.key, 'GET', '/users/999999/links')).status).toBe(404);
    expect((await h.api(manager.key, 'GET', '/no-such-thing/1/links')).status).toBe(404);

    await build.archive('assets', asset);
    const archived = await h.api(manager.key, 'PUT', `/users/${user.id}/links/assets/${asset.id}`);
    expect(archived.status).toBe(400);
    expect(errorBodySchema.parse(await archived.json()).error.details?.map((d) => d.path)).toEqual([
      'otherId',
    ]);
    // Unlinking from an archived record is still allowed (cleaning up), and a no-op here.
    expect((await h.api(manager.key, 'DELETE', `/users/${user.id}/links/assets/${asset.id}`)).status).toBe(
      204,
    );
    expect(await auditCount('link')).toBe(before);
    expect(await db().selectFrom('user_assets').selectAll().where('user_id', '=', user.id).execute()).toEqual(
      [],
    );
  });

  it('lets only staff change links; reads obey read access on both ends', async () => {
    const person = await h.user('user');
    const other = await h.user('user');
    const contact = await h.user('contact');
    const cred = await make('credentials', 'VPN');
    const asset = await make('assets');
    expect(
      (await h.api(admin.key, 'PUT', `/users/${person.user.id}/links/credentials/${cred.id}`)).status,
    ).toBe(204);

    // Staff see the link; the user sees their own record's links but never a credential (rbac.md).
    expect((await links(manager.key, `/users/${person.user.id}`)).credentials?.map((c) => c.id)).toEqual([
      cred.id,
    ]);
    const own = await links(person.key, `/users/${person.user.id}`);
    expect(own.credentials).toEqual([]);
    expect((await h.api(person.key, 'GET', `/users/${other.user.id}/links`)).status).toBe(404);
    expect((await h.api(contact.key, 'GET', `/users/${person.user.id}/links`)).status).toBe(404);
    expect((await h.api(contact.key, 'GET', `/users/${contact.user.id}/links`)).status).toBe(200);

    // Changing links is staff work: a user is refused on a record they can read (403) and cannot
    // even learn of records they cannot read (404); nothing is written either way.
    const before = await auditCount('link');
    const credRes = await h.api(person.key, 'PUT', `/users/${person.user.id}/links/credentials/${cred.id}`);
    expect(credRes.status).toBe(404); // the credential is not theirs to read
    const assetRes = await h.api(person.key, 'PUT', `/assets/${asset.id}/links/users/${person.user.id}`);
    expect([403, 404]).toContain(assetRes.status);
    const unlink = await h.api(person.key, 'DELETE', `/users/${person.user.id}/links/credentials/${cred.id}`);
    expect(unlink.status).toBe(404);
    expect(
      (await h.api(contact.key, 'PUT', `/users/${contact.user.id}/links/assets/${asset.id}`)).status,
    ).toBe(404);
    expect(await auditCount('link')).toBe(before);
    expect(
      await db().selectFrom('user_credentials').selectAll().where('user_id', '=', person.user.id).execute(),
    ).toHaveLength(1);
    expect(
      await db().selectFrom('user_assets').selectAll().where('user_id', '=', person.user.id).execute(),
    ).toEqual([]);

    // Tickets a user is party to are listed from their side; others' are not.
    const mine = await build.ticket({ subject: 'My laptop', related: person });
    const theirs = await make('tickets', 'Their laptop');
    const file = await make('files', 'screenshot.png');
    for (const t of [mine, theirs]) {
      expect((await h.api(manager.key, 'PUT', `/files/${file.id}/links/tickets/${t.id}`)).status).toBe(204);
    }
    expect((await links(manager.key, `/files/${file.id}`)).tickets?.map((t) => t.id)).toEqual([
      mine.id,
      theirs.id,
    ]);
    expect(Object.keys(await links(person.key, `/tickets/${mine.id}`)).sort()).toEqual(['assets', 'files']);
    expect((await h.api(person.key, 'GET', `/tickets/${theirs.id}/links`)).status).toBe(404);
  });
});
