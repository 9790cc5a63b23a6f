// The outbox is the notifications table: a row with an email_status is an email to send.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, Notifications } from '../../../core/db/schema.ts';

export type OutboxRow = Selectable<Notifications>;

/**
 * Claims up to `limit` due emails for this worker: pending ones, and ones whose attempt started
 * before `staleBefore` (its worker died mid-send). Claimed rows are `sending` with a fresh claim
 * time and one more attempt; SKIP LOCKED lets replicas drain the outbox side by side.
 */
export async function claimDueEmails(
  db: Kysely<Database>,
  limit: number,
  staleBefore: Date,
): Promise<OutboxRow[]> {
  const result = await sql<OutboxRow>`
    UPDATE notifications SET email_status = 'sending', email_claimed_at = now(), email_attempts = email_attempts + 1
    WHERE id IN (
      SELECT id FROM notifications
      WHERE email_status = 'pending' OR (email_status = 'sending' AND email_claimed_at < ${staleBefore})
      ORDER BY id LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING *`.execute(db);
  return [...result.rows].sort((a, b) => a.id - b.id);
}

/** Remembers the Message-ID before the first attempt (a retry then asks whether it went out). */
export async function setEmailMessageId(db: Kysely<Database>, id: number, messageId: string): Promise<void> {
  await db.updateTable('notifications').set({ email_message_id: messageId }).where('id', '=', id).execute();
}

export async function markEmailSent(
  db: Kysely<Database>,
  id: number,
  threadId: string | undefined,
): Promise<void> {
  await db
    .updateTable('notifications')
    .set({
      email_status: 'sent',
      email_sent_at: sql<Date>`now()`,
      email_error: null,
      email_thread_id: threadId ?? null,
    })
    .where('id', '=', id)
    .execute();
}

/** Gives up on an email for good (the error is kept for the admin to read). */
export async function markEmailFailed(db: Kysely<Database>, id: number, error: string): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ email_status: 'failed', email_error: error.slice(0, 2000) })
    .where('id', '=', id)
    .execute();
}

/**
 * Puts an email back for a later attempt; `fresh` (nothing reached the server) forgets its
 * Message-ID, so the next attempt sends without asking whether this one went out.
 */
export async function releaseEmail(
  db: Kysely<Database>,
  id: number,
  error: string,
  fresh: boolean,
): Promise<void> {
  await db
    .updateTable('notifications')
    .set({
      email_status: 'pending',
      email_error: error.slice(0, 2000),
      ...(fresh ? { email_message_id: null } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** A bounce came back for one of our Message-IDs: recorded on its notification. */
export async function markEmailBounced(
  db: Kysely<Database>,
  messageIds: readonly string[],
  reason: string,
): Promise<number> {
  if (messageIds.length === 0) return 0;
  const result = await db
    .updateTable('notifications')
    .set({ email_status: 'bounced', email_error: reason.slice(0, 2000) })
    .where('email_message_id', 'in', [...messageIds])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * What the next email about a ticket to `to` threads on: the Message-IDs of the ticket's emails
 * (the one it was made from, replies that came by email, what we sent this recipient), oldest
 * first, and the Gmail thread our last message to them went into.
 */
export async function ticketThread(
  db: Kysely<Database>,
  ticketId: number,
  to: string,
): Promise<{ references: string[]; threadId: string | undefined }> {
  const ticket = await db
    .selectFrom('tickets')
    .select(['gmail_rfc822_message_id'])
    .where('id', '=', ticketId)
    .executeTakeFirst();
  const replies = await db
    .selectFrom('ticket_replies')
    .select(['gmail_rfc822_message_id as id', 'created_at as at'])
    .where('ticket_id', '=', ticketId)
    .where('type', '=', 'public')
    .where('gmail_rfc822_message_id', 'is not', null)
    .execute();
  const sent = await db
    .selectFrom('notifications')
    .select(['email_message_id as id', 'email_sent_at as at', 'email_thread_id'])
    .where('entity_type', '=', 'ticket')
    .where('entity_id', '=', ticketId)
    .where('email_to', '=', to)
    .where('email_status', '=', 'sent')
    .execute();
  const later = [...replies, ...sent]
    .filter((r): r is typeof r & { id: string; at: Date } => r.id !== null && r.at !== null)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((r) => r.id);
  const references = [
    ...new Set([ticket?.gmail_rfc822_message_id, ...later].filter((x): x is string => !!x)),
  ];
  const lastThread = sent
    .filter((s) => s.email_thread_id !== null && s.at !== null)
    .sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0))
    .pop()?.email_thread_id;
  return { references, threadId: lastThread ?? undefined };
}
