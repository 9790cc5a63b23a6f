import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapOrganization, type BootstrapResult } from '../../src/bootstrap.ts';
import { migrateToLatest } from '../../src/core/db/migrate.ts';
import { generateDemoData } from '../../src/modules/demo/demo-data.ts';
import { DEMO_SEEDED_AT, seedDemoInto } from '../../src/modules/demo/seed-demo.ts';
import { getSetting } from '../../src/core/queries/organizations.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';

const DOMAIN = 'helios-demo.example';
const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' of today's UTC date plus `days`; the demo dates are UTC calendar days too. */
function utcDay(days: number, from = new Date()): string {
  const base = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return new Date(base + days * DAY_MS).toISOString().slice(0, 10);
}

const COUNTED_TABLES = [
  'departments',
  'locations',
  'vendors',
  'organization_users',
  'tags',
  'assets',
  'software_licenses',
  'domains',
  'certificates',
  'folders',
  'documents',
  'tickets',
  'ticket_replies',
  'user_assets',
  'user_software_licenses',
  'asset_software_licenses',
  'domain_certificates',
  'asset_documents',
  'vendor_documents',
  'ticket_assets',
  'ticket_watchers',
  'user_tags',
  'asset_tags',
  'ticket_tags',
  'organization_settings',
] as const;

async function countRows(t: TestDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
      t.handle.db,
    );
    counts[table] = rows[0]?.n ?? -1;
  }
  return counts;
}

describe('demo data generator', () => {
  const today = new Date('2030-03-15T10:30:00Z');

  it('is deterministic: the same input gives deep-equal output', () => {
    const a = generateDemoData({ today, domain: DOMAIN });
    const b = generateDemoData({ today: new Date(today), domain: DOMAIN });
    expect(b).toEqual(a);
    expect(a.people.length).toBeGreaterThan(40);
  });

  it('dates everything relative to the given day, not the clock', () => {
    const data = generateDemoData({ today, domain: DOMAIN });
    const from = utcDay(0, today);
    const to = utcDay(45, today);
    const soon = data.assets.filter((a) => a.warrantyExpireDate >= from && a.warrantyExpireDate <= to);
    expect(soon.length).toBeGreaterThanOrEqual(3);
    for (const ticket of data.tickets) {
      expect(ticket.createdAt.getTime()).toBeLessThan(today.getTime());
      expect(ticket.createdAt.getTime()).toBeGreaterThan(today.getTime() - 22 * DAY_MS);
      for (const reply of ticket.replies) {
        expect(reply.createdAt.getTime()).toBeGreaterThanOrEqual(ticket.createdAt.getTime());
        expect(reply.createdAt.getTime()).toBeLessThanOrEqual(today.getTime());
      }
    }
  });

  it('uses the given domain for staff emails and the Google Workspace domain', () => {
    const data = generateDemoData({ today, domain: 'acme.example' });
    const staff = data.people.filter((p) => p.role !== 'contact');
    expect(staff.every((p) => p.email.endsWith('@acme.example'))).toBe(true);
    expect(data.people.find((p) => p.email === 'admin@acme.example')?.role).toBe('admin');
    expect(data.domains.filter((d) => d.isGoogleWorkspaceDomain).map((d) => d.name)).toEqual([
      'acme.example',
    ]);
  });
});

describe.each(backends)('demo seed on %s', (backend) => {
  let t: TestDatabase;
  let boot: BootstrapResult;

  beforeAll(async () => {
    t = await createTestDatabase(backend, 'demo');
    await migrateToLatest(t.handle.db);
    boot = await bootstrapOrganization(t.handle.db, {
      name: 'Helios Demo',
      primaryDomain: DOMAIN,
      seedDemo: true,
    });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('creates about fifty people with roles: one admin, two IT managers, vendor contacts', async () => {
    expect(boot.created).toBe(true);
    const users = await t.handle.db
      .selectFrom('organization_users')
      .select(['email', 'first_name', 'last_name', 'role', 'title'])
      .execute();
    const staff = users.filter((u) => u.role !== 'contact');
    expect(staff.length).toBeGreaterThanOrEqual(45);
    expect(staff.length).toBeLessThanOrEqual(55);
    expect(staff.every((u) => u.email.endsWith(`@${DOMAIN}`))).toBe(true);

    const admins = users.filter((u) => u.role === 'admin');
    expect(admins).toEqual([
      {
        email: `admin@${DOMAIN}`,
        first_name: 'Alex',
        last_name: 'Admin',
        role: 'admin',
        title: 'Head of IT',
      },
    ]);
    expect(users.filter((u) => u.role === 'manager')).toHaveLength(2);
    const contacts = users.filter((u) => u.role === 'contact');
    expect(contacts).toHaveLength(3);
    expect(contacts.every((u) => u.email.endsWith('.example') && !u.email.endsWith(`@${DOMAIN}`))).toBe(true);
    expect(boot.demo?.users).toBe(users.length);
  });

  it('builds an org chart: every manager exists, one CEO at the top, no cycles', async () => {
    const users = await t.handle.db
      .selectFrom('organization_users')
      .select(['id', 'manager_id', 'role', 'department_id'])
      .execute();
    const byId = new Map(users.map((u) => [u.id, u]));
    const staff = users.filter((u) => u.role !== 'contact');
    for (const u of users) {
      if (u.manager_id !== null) expect(byId.has(u.manager_id)).toBe(true);
    }
    const tops = staff.filter((u) => u.manager_id === null);
    expect(tops).toHaveLength(1);
    const ceo = tops[0];
    for (const u of staff) {
      const seen = new Set<number>();
      let current: (typeof users)[number] | undefined = u;
      while (current && current.manager_id !== null) {
        expect(seen.has(current.id)).toBe(false);
        seen.add(current.id);
        current = byId.get(current.manager_id);
      }
      expect(current?.id).toBe(ceo?.id);
    }
    // Department heads report to the CEO; everyone else in a department reports inside it.
    const reportsToCeo = staff.filter((u) => u.manager_id === ceo?.id);
    expect(reportsToCeo).toHaveLength(8);
    const departments = await t.handle.db.selectFrom('departments').select(['id', 'name']).execute();
    expect(departments.map((d) => d.name).sort()).toEqual(
      [
        'Customer Support',
        'Engineering',
        'Finance',
        'IT',
        'Marketing',
        'Operations',
        'People & HR',
        'Sales',
      ].sort(),
    );
  });

  it('has domains, certificates, licenses and warranties expiring within 45 days, and some already expired', async () => {
    const from = utcDay(0);
    const to = utcDay(45);
    const db = t.handle.db;
    const soonDomains = await db
      .selectFrom('domains')
      .select('name')
      .where('expire_date', '>=', from)
      .where('expire_date', '<=', to)
      .execute();
    expect(soonDomains.length).toBeGreaterThanOrEqual(1);
    const soonCerts = await db
      .selectFrom('certificates')
      .select('name')
      .where('expire_date', '>=', from)
      .where('expire_date', '<=', to)
      .execute();
    expect(soonCerts.length).toBeGreaterThanOrEqual(1);
    const expiredCerts = await db
      .selectFrom('certificates')
      .select('name')
      .where('expire_date', '<', from)
      .execute();
    expect(expiredCerts.length).toBeGreaterThanOrEqual(1);
    const soonLicenses = await db
      .selectFrom('software_licenses')
      .select('name')
      .where('expire_date', '>=', from)
      .where('expire_date', '<=', to)
      .execute();
    expect(soonLicenses.length).toBeGreaterThanOrEqual(2);
    const soonWarranties = await db
      .selectFrom('assets')
      .select('name')
      .where('warranty_expire_date', '>=', from)
      .where('warranty_expire_date', '<=', to)
      .execute();
    expect(soonWarranties.length).toBeGreaterThanOrEqual(3);
    const expiredWarranties = await db
      .selectFrom('assets')
      .select('name')
      .where('warranty_expire_date', '<', from)
      .execute();
    expect(expiredWarranties.length).toBeGreaterThanOrEqual(2);

    const workspace = await db
      .selectFrom('domains')
      .select(['name', 'google_domain_verified'])
      .where('is_google_workspace_domain', '=', true)
      .execute();
    expect(workspace).toEqual([{ name: DOMAIN, google_domain_verified: true }]);
    const links = await db.selectFrom('domain_certificates').select('certificate_id').execute();
    expect(links.length).toBeGreaterThanOrEqual(3);
  });

  it('gives every employee a laptop and links personal devices to their holders', async () => {
    const db = t.handle.db;
    const people = await db
      .selectFrom('organization_users')
      .select('id')
      .where('role', '!=', 'contact')
      .execute();
    const laptops = await db
      .selectFrom('assets')
      .select(['assigned_to_user_id', 'status'])
      .where('asset_type', '=', 'computer')
      .where('assigned_to_user_id', 'is not', null)
      .execute();
    const holders = new Set(laptops.map((l) => l.assigned_to_user_id));
    for (const p of people) expect(holders.has(p.id)).toBe(true);
    const statuses = await db.selectFrom('assets').select('status').distinct().execute();
    expect(statuses.map((s) => s.status).sort()).toEqual(['active', 'repair', 'retired', 'storage']);

    const mismatched = await db
      .selectFrom('assets')
      .leftJoin('user_assets', (j) =>
        j
          .onRef('user_assets.asset_id', '=', 'assets.id')
          .onRef('user_assets.user_id', '=', 'assets.assigned_to_user_id'),
      )
      .select('assets.name')
      .where('assets.assigned_to_user_id', 'is not', null)
      .where('user_assets.asset_id', 'is', null)
      .execute();
    expect(mismatched).toEqual([]);
    for (const type of ['server', 'printer', 'network_device', 'phone'] as const) {
      const n = await db.selectFrom('assets').select('id').where('asset_type', '=', type).execute();
      expect(n.length, type).toBeGreaterThanOrEqual(2);
    }
  });

  it('over-assigns Adobe Creative Cloud and carries the Google Workspace SKU', async () => {
    const db = t.handle.db;
    const licenses = await db
      .selectFrom('software_licenses')
      .leftJoin(
        'user_software_licenses',
        'user_software_licenses.software_license_id',
        'software_licenses.id',
      )
      .select(['software_licenses.name', 'software_licenses.seats', 'software_licenses.google_license_sku'])
      .select((eb) => eb.fn.count<number>('user_software_licenses.user_id').as('assigned'))
      .groupBy(['software_licenses.id', 'software_licenses.name', 'software_licenses.seats'])
      .execute();
    const adobe = licenses.find((l) => l.name.startsWith('Adobe Creative Cloud'));
    expect(adobe).toBeDefined();
    expect(Number(adobe?.assigned)).toBeGreaterThan(adobe?.seats ?? Infinity);
    const workspace = licenses.find((l) => l.google_license_sku === '1010020028');
    expect(workspace?.name).toBe('Google Workspace Business Standard');
    expect(Number(workspace?.assigned)).toBeLessThanOrEqual(workspace?.seats ?? 0);
  });

  it('numbers tickets 1..N in creation order with consistent timestamps and totals', async () => {
    const db = t.handle.db;
    const tickets = await db
      .selectFrom('tickets')
      .innerJoin('ticket_statuses', 'ticket_statuses.id', 'tickets.status_id')
      .select([
        'tickets.id',
        'tickets.number',
        'tickets.prefix',
        'tickets.created_at',
        'tickets.url_key',
        'tickets.time_spent_minutes',
        'tickets.resolved_at',
        'tickets.closed_at',
        'tickets.closed_by_user_id',
        'tickets.first_response_at',
        'ticket_statuses.name as status',
        'ticket_statuses.is_resolved_status',
        'ticket_statuses.is_closed_status',
      ])
      .orderBy('tickets.number')
      .execute();
    expect(tickets.length).toBeGreaterThanOrEqual(8);
    expect(tickets.map((x) => x.number)).toEqual(tickets.map((_, i) => i + 1));
    expect(tickets.every((x) => x.prefix === boot.organization.ticket_prefix)).toBe(true);
    const created = tickets.map((x) => x.created_at.getTime());
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(created[0]).toBeGreaterThan(Date.now() - 22 * DAY_MS);
    expect(new Set(tickets.map((x) => x.url_key)).size).toBe(tickets.length);
    expect(new Set(tickets.map((x) => x.status))).toEqual(
      new Set(['New', 'Open', 'In progress', 'Waiting on customer', 'Resolved', 'Closed']),
    );

    const replies = await db
      .selectFrom('ticket_replies')
      .innerJoin('organization_users', 'organization_users.id', 'ticket_replies.created_by_user_id')
      .select([
        'ticket_replies.ticket_id',
        'ticket_replies.type',
        'ticket_replies.time_spent_minutes',
        'ticket_replies.created_at',
        'organization_users.role',
      ])
      .execute();
    for (const ticket of tickets) {
      const own = replies.filter((r) => r.ticket_id === ticket.id);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(3);
      expect(ticket.time_spent_minutes).toBe(own.reduce((s, r) => s + r.time_spent_minutes, 0));
      const staffPublic = own
        .filter((r) => r.type === 'public' && (r.role === 'admin' || r.role === 'manager'))
        .map((r) => r.created_at.getTime());
      expect(ticket.first_response_at?.getTime() ?? null).toBe(
        staffPublic.length ? Math.min(...staffPublic) : null,
      );
      const done = ticket.is_resolved_status || ticket.is_closed_status;
      expect(ticket.resolved_at !== null).toBe(done);
      expect(ticket.closed_at !== null).toBe(ticket.is_closed_status);
      expect(ticket.closed_by_user_id !== null).toBe(ticket.is_closed_status);
    }
    expect(replies.some((r) => r.type === 'internal')).toBe(true);
    expect(replies.some((r) => r.time_spent_minutes > 0)).toBe(true);

    const unassigned = await db
      .selectFrom('tickets')
      .select('id')
      .where('assigned_to_user_id', 'is', null)
      .execute();
    expect(unassigned.length).toBeGreaterThanOrEqual(1);
    const sources = await db.selectFrom('tickets').select('source').distinct().execute();
    expect(sources.map((s) => s.source).sort()).toEqual(['addon', 'email', 'internal', 'phone', 'portal']);
  });

  it('links documents, watchers, assets and tags', async () => {
    const counts = await countRows(t);
    expect(counts.folders).toBe(2);
    expect(counts.documents).toBe(4);
    for (const table of [
      'asset_documents',
      'vendor_documents',
      'ticket_assets',
      'ticket_watchers',
      'user_tags',
      'asset_tags',
      'ticket_tags',
      'asset_software_licenses',
    ] as const) {
      expect(counts[table], table).toBeGreaterThan(0);
    }
    const tags = await t.handle.db.selectFrom('tags').select('name').execute();
    expect(tags.map((x) => x.name).sort()).toEqual([
      'hardware',
      'loaner',
      'network',
      'remote',
      'software',
      'vip',
    ]);
    const admin = await t.handle.db
      .selectFrom('documents')
      .innerJoin('organization_users', 'organization_users.id', 'documents.created_by_user_id')
      .select('organization_users.email')
      .distinct()
      .execute();
    expect(admin).toEqual([{ email: `admin@${DOMAIN}` }]);
    expect(await getSetting(t.handle.db, boot.organization.id, DEMO_SEEDED_AT)).toEqual(expect.any(String));
  });

  it('reports what it inserted and does nothing the second time', async () => {
    const before = await countRows(t);
    expect(boot.demo).toEqual({
      departments: before.departments,
      locations: before.locations,
      vendors: before.vendors,
      users: before.organization_users,
      tags: before.tags,
      assets: before.assets,
      softwareLicenses: before.software_licenses,
      domains: before.domains,
      certificates: before.certificates,
      folders: before.folders,
      documents: before.documents,
      tickets: before.tickets,
      ticketReplies: before.ticket_replies,
    });
    expect(await seedDemoInto(t.handle.db, boot.organization)).toBeUndefined();
    expect(await countRows(t)).toEqual(before);
  });

  it('adds the demo once to an organization that was created without it', async () => {
    const other = await createTestDatabase(backend, 'demo_later');
    try {
      await migrateToLatest(other.handle.db);
      const plain = await bootstrapOrganization(other.handle.db, {
        name: 'Later Co',
        primaryDomain: 'later.example',
        seedDemo: false,
      });
      expect(plain.demo).toBeUndefined();
      expect((await countRows(other)).organization_users).toBe(0);

      const [first, second] = await Promise.all([
        seedDemoInto(other.handle.db, plain.organization),
        seedDemoInto(other.handle.db, plain.organization),
      ]);
      // Concurrent runs take turns on the organization's row lock: exactly one seeds.
      const summaries = [first, second].filter((s) => s !== undefined);
      expect(summaries).toHaveLength(1);
      const counts = await countRows(other);
      expect(summaries[0]?.users).toBe(counts.organization_users);
      expect(summaries[0]?.tickets).toBe(counts.tickets);
      expect(await seedDemoInto(other.handle.db, plain.organization)).toBeUndefined();
      expect(await countRows(other)).toEqual(counts);
    } finally {
      await other.drop();
    }
  });
});
