import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';

/** The ids among `ids` already read from this mailbox (each message is filed once). */
export async function alreadyIngested(
  db: Kysely<Database>,
  organizationId: number,
  mailbox: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = await db
      .selectFrom('mail_ingested_messages')
      .select('gmail_message_id')
      .where('organization_id', '=', organizationId)
      .where('mailbox', '=', mailbox)
      .where('gmail_message_id', 'in', chunk)
      .execute();
    for (const r of rows) seen.add(r.gmail_message_id);
  }
  return seen;
}

/** Records what a message became (a second record of the same message is ignored). */
export async function recordIngested(
  db: Kysely<Database>,
  row: {
    organization_id: number;
    mailbox: string;
    gmail_message_id: string;
    outcome: 'ticket' | 'reply' | 'ignored';
    reason?: string | null;
    ticket_id?: number | null;
    reply_id?: number | null;
  },
): Promise<void> {
  await db
    .insertInto('mail_ingested_messages')
    .values({ ...row, reason: row.reason?.slice(0, 200) ?? null })
    .onConflict((oc) => oc.columns(['organization_id', 'mailbox', 'gmail_message_id']).doNothing())
    .execute();
}

/**
 * The ticket a message continues, by its Gmail thread in the watched mailbox: the thread a ticket
 * was made from, or one our own mail about a ticket went into from this mailbox.
 */
export async function ticketIdByThread(
  db: Kysely<Database>,
  organizationId: number,
  mailbox: string,
  threadId: string,
): Promise<number | undefined> {
  const made = await db
    .selectFrom('tickets')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('gmail_mailbox', '=', mailbox)
    .where('gmail_thread_id', '=', threadId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (made) return made.id;
  const sent = await db
    .selectFrom('notifications')
    .select('entity_id')
    .where('organization_id', '=', organizationId)
    .where('entity_type', '=', 'ticket')
    .where('email_thread_id', '=', threadId)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return sent?.entity_id ?? undefined;
}

/** The ticket a message answers, by the Message-IDs it references (its own, replies, our mail). */
export async function ticketIdByReferences(
  db: Kysely<Database>,
  organizationId: number,
  messageIds: readonly string[],
): Promise<number | undefined> {
  if (messageIds.length === 0) return undefined;
  const ids = [...messageIds];
  const result = await sql<{ ticket_id: number }>`
    SELECT id AS ticket_id FROM tickets WHERE organization_id = ${organizationId} AND gmail_rfc822_message_id IN (${sql.join(ids)})
    UNION ALL
    SELECT r.ticket_id FROM ticket_replies r JOIN tickets t ON t.id = r.ticket_id
      WHERE t.organization_id = ${organizationId} AND r.gmail_rfc822_message_id IN (${sql.join(ids)})
    UNION ALL
    SELECT entity_id AS ticket_id FROM notifications
      WHERE organization_id = ${organizationId} AND entity_type = 'ticket' AND email_message_id IN (${sql.join(ids)})
    LIMIT 1`.execute(db);
  return result.rows[0]?.ticket_id;
}

/** A ticket by its number (for `[TKT-42]` in a subject). */
export async function ticketIdByNumber(
  db: Kysely<Database>,
  organizationId: number,
  prefix: string,
  number: number,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('tickets')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('prefix', '=', prefix)
    .where('number', '=', number)
    .executeTakeFirst();
  return row?.id;
}

export async function updatePollState(
  db: Kysely<Database>,
  settingsId: number,
  values: {
    history_id?: string | null;
    history_mailbox?: string | null;
    processed_label_id?: string | null;
    last_poll_status: string;
    last_poll_error: string | null;
  },
): Promise<void> {
  await db
    .updateTable('mail_settings')
    .set({ ...values, last_poll_at: sql<Date>`now()` })
    .where('id', '=', settingsId)
    .execute();
}
