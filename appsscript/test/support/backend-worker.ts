// A real Helios backend (API on loopback, a real database, the Workspace simulator for ID-token
// certs) run inside a worker thread through startWorkerModule: the add-on's UrlFetchApp blocks the
// test's own thread, so the backend must live elsewhere. Every export is callable from the test
// with `backend.call(name, ...args)`; arguments and results are structured-cloned.
import { sql } from 'kysely';
import { startApi, TEST_DOMAIN, type ApiHarness } from '../../../backend/test/support/app.ts';

let h: ApiHarness | undefined;

export interface Seeded {
  url: string;
  tokens: { admin: string; manager: string; user: string; other: string; stranger: string };
  emails: { admin: string; manager: string; user: string; other: string; stranger: string };
  ids: { user: number; other: number; manager: number; asset: number; license: number };
}

function harness(): ApiHarness {
  if (!h) throw new Error('backend not started');
  return h;
}

/** Starts the API on pglite (or postgres), creates the users and the sender's assets and licenses. */
export async function start(backend: 'pglite' | 'postgres' = 'pglite'): Promise<Seeded> {
  h = await startApi(backend);
  const db = h.t.handle.db;
  const emails = {
    admin: `admin@${TEST_DOMAIN}`,
    manager: `it@${TEST_DOMAIN}`,
    user: `ada@${TEST_DOMAIN}`,
    other: `grace@${TEST_DOMAIN}`,
    stranger: `nobody@${TEST_DOMAIN}`,
  };
  const admin = await h.user('admin', emails.admin, { first_name: 'Ann', last_name: 'Admin' });
  const manager = await h.user('manager', emails.manager, { first_name: 'Ivan', last_name: 'Tech' });
  const boss = await h.user('user', `boss@${TEST_DOMAIN}`, { first_name: 'Charles', last_name: 'Babbage' });
  const user = await h.user('user', emails.user, {
    first_name: 'Ada',
    last_name: 'Lovelace',
    title: 'Analyst',
    department: 'Engineering',
    manager_id: boss.user.id,
  });
  const other = await h.user('user', emails.other, { first_name: 'Grace', last_name: 'Hopper' });

  const asset = await db
    .insertInto('assets')
    .values({
      organization_id: h.organizationId,
      name: 'Ada MacBook Pro',
      asset_type: 'computer',
      serial_number: 'SN-C02XYZ',
      assigned_to_user_id: user.user.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const license = await db
    .insertInto('software_licenses')
    .values({ organization_id: h.organizationId, name: 'Figma Professional' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('user_software_licenses')
    .values({ user_id: user.user.id, software_license_id: license.id })
    .execute();
  // A ticket of someone else's, which a plain user must never see on their homepage.
  const otherTicket = await h.api(admin.key, 'POST', '/tickets', {
    subject: 'Grace printer jam',
    details: 'The printer on floor 2 jams.',
    relatedUserEmail: emails.other,
  });
  if (otherTicket.status !== 201)
    throw new Error(`seed ticket: ${otherTicket.status} ${await otherTicket.text()}`);

  const tokens = {
    admin: h.idToken(emails.admin),
    manager: h.idToken(emails.manager),
    user: h.idToken(emails.user),
    other: h.idToken(emails.other),
    stranger: h.idToken(emails.stranger),
  };
  return {
    url: h.url,
    tokens,
    emails,
    ids: {
      user: user.user.id,
      other: other.user.id,
      manager: manager.user.id,
      asset: asset.id,
      license: license.id,
    },
  };
}

/** A fresh ID token (the backend may reject a replayed one after its expiry; these last an hour). */
export function idToken(email: string): string {
  return harness().idToken(email);
}

export async function ticketCount(): Promise<number> {
  const row = await harness()
    .t.handle.db.selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function ticketsForThread(
  threadId: string,
): Promise<Array<{ id: number; subject: string; related_user_id: number | null; source: string | null }>> {
  return harness()
    .t.handle.db.selectFrom('tickets')
    .select(['id', 'subject', 'related_user_id', 'source'])
    .where('gmail_thread_id', '=', threadId)
    .execute();
}

export async function ticketsFor(email: string): Promise<number[]> {
  const rows = await harness()
    .t.handle.db.selectFrom('tickets as t')
    .innerJoin('organization_users as u', 'u.id', 't.related_user_id')
    .select('t.id')
    .where('u.email', '=', email)
    .execute();
  return rows.map((r) => r.id);
}

export async function auditRows(
  action: string,
  entityId?: number,
): Promise<Array<{ action: string; entity_type: string | null; entity_id: number | null }>> {
  let q = harness()
    .t.handle.db.selectFrom('audit_logs')
    .select(['action', 'entity_type', 'entity_id'])
    .where('action', '=', action);
  if (entityId !== undefined) q = q.where('entity_id', '=', entityId);
  return q.execute();
}

export async function attachmentsOf(
  ticketId: number,
): Promise<Array<{ file_id: number; name: string; storage_path: string | null; file_type: string | null }>> {
  const rows = await sql<{
    file_id: number;
    name: string;
    storage_path: string | null;
    file_type: string | null;
  }>`
    select f.id as file_id, f.name, f.storage_path, f.file_type
    from ticket_attachments ta join files f on f.id = ta.file_id
    where ta.ticket_id = ${ticketId} order by f.id`.execute(harness().t.handle.db);
  return rows.rows;
}

/** Assigns a ticket straight in the database (the add-on's form only offers "Me"). */
export async function assignTo(ticketId: number, email: string): Promise<void> {
  const db = harness().t.handle.db;
  const user = await db
    .selectFrom('organization_users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  await db.updateTable('tickets').set({ assigned_to_user_id: user.id }).where('id', '=', ticketId).execute();
}

/** A ticket's replies with their authors' emails, oldest first. */
export async function repliesOf(
  ticketId: number,
): Promise<Array<{ type: string; author: string; gmail_message_id: string | null; reply: string }>> {
  return harness()
    .t.handle.db.selectFrom('ticket_replies as r')
    .innerJoin('organization_users as u', 'u.id', 'r.created_by_user_id')
    .select(['r.type', 'u.email as author', 'r.gmail_message_id', 'r.reply'])
    .where('r.ticket_id', '=', ticketId)
    .orderBy('r.id')
    .execute();
}

export async function firstResponseAt(ticketId: number): Promise<string | null> {
  const row = await harness()
    .t.handle.db.selectFrom('tickets')
    .select('first_response_at')
    .where('id', '=', ticketId)
    .executeTakeFirstOrThrow();
  return row.first_response_at ? new Date(row.first_response_at).toISOString() : null;
}

/** Who was notified of a reply on the ticket (emails). */
export async function replyNotified(ticketId: number): Promise<string[]> {
  const rows = await harness()
    .t.handle.db.selectFrom('notifications as n')
    .innerJoin('organization_users as u', 'u.id', 'n.user_id')
    .select('u.email')
    .where('n.entity_type', '=', 'ticket')
    .where('n.entity_id', '=', ticketId)
    .where('n.type', '=', 'ticket_reply')
    .execute();
  return rows.map((r) => r.email);
}

export async function stop(): Promise<void> {
  const current = h;
  h = undefined;
  await current?.close();
}

/** One ticket's columns the add-on's second pass changes. */
export async function ticketRow(id: number): Promise<{
  status_id: number;
  priority: string | null;
  category: string | null;
  assigned_to_user_id: number | null;
  created_by_user_id: number;
  related_user_id: number | null;
  time_spent_minutes: number;
  details: string;
  gmail_thread_id: string | null;
}> {
  return harness()
    .t.handle.db.selectFrom('tickets')
    .select([
      'status_id',
      'priority',
      'category',
      'assigned_to_user_id',
      'created_by_user_id',
      'related_user_id',
      'time_spent_minutes',
      'details',
      'gmail_thread_id',
    ])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The ids of a ticket's watchers, tags and assets. */
export async function ticketLinksOf(
  id: number,
): Promise<{ watchers: number[]; tags: number[]; assets: number[] }> {
  const db = harness().t.handle.db;
  const [w, t, a] = await Promise.all([
    db.selectFrom('ticket_watchers').select('user_id').where('ticket_id', '=', id).execute(),
    db.selectFrom('ticket_tags').select('tag_id').where('ticket_id', '=', id).execute(),
    db.selectFrom('ticket_assets').select('asset_id').where('ticket_id', '=', id).execute(),
  ]);
  return {
    watchers: w.map((r) => r.user_id).sort(),
    tags: t.map((r) => r.tag_id).sort(),
    assets: a.map((r) => r.asset_id).sort(),
  };
}

/** A ticket tag, a vendor at a domain, a ticket with a category: what the form offers. */
export async function seedExtras(): Promise<{ tagId: number; vendorId: number }> {
  const hh = harness();
  const db = hh.t.handle.db;
  const tag = await db
    .insertInto('tags')
    .values({ organization_id: hh.organizationId, name: 'printer', type: 'ticket' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const vendor = await db
    .insertInto('vendors')
    .values({ organization_id: hh.organizationId, name: 'Printers Inc', website: 'https://printers.example' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('tickets')
    .set({ category: 'Printing' })
    .where('subject', '=', 'Grace printer jam')
    .execute();
  return { tagId: tag.id, vendorId: vendor.id };
}

/** A person by email (role included), if any. */
export async function userByEmail(email: string): Promise<{ id: number; role: string } | null> {
  const row = await harness()
    .t.handle.db.selectFrom('organization_users')
    .select(['id', 'role'])
    .where('email', '=', email)
    .executeTakeFirst();
  return row ?? null;
}

/** The organization's status ids by name. */
export async function statusIds(): Promise<Record<string, number>> {
  const rows = await harness()
    .t.handle.db.selectFrom('ticket_statuses')
    .select(['id', 'name'])
    .where('organization_id', '=', harness().organizationId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.name, r.id]));
}
