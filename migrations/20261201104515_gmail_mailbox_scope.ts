// A Gmail message id names a message in ONE mailbox (the same email has another id in every
// mailbox it reached). Uniqueness per organization let anyone "claim" an id — filing it first, so
// that IT's later filing of that message returned the claimant's ticket (and its share key).
// Scoping the exactly-once guarantee per mailbox (the filer's, or the watched support mailbox)
// removes the claim; the RFC 822 Message-ID, the same in every mailbox, ties copies together.
// Frozen in time once merged: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE tickets ADD COLUMN gmail_mailbox varchar(320)`.execute(db);
  await sql`ALTER TABLE ticket_replies ADD COLUMN gmail_mailbox varchar(320)`.execute(db);
  // Until now the add-on filed from the caller's own mailbox: that is whose id it is.
  await sql`UPDATE tickets t SET gmail_mailbox = lower(u.email)
    FROM organization_users u WHERE u.id = t.created_by_user_id AND t.gmail_message_id IS NOT NULL`.execute(
    db,
  );
  await sql`UPDATE ticket_replies r SET gmail_mailbox = lower(u.email)
    FROM organization_users u WHERE u.id = r.created_by_user_id AND r.gmail_message_id IS NOT NULL`.execute(
    db,
  );
  await sql`DROP INDEX idx_tickets_gmail_message`.execute(db);
  await sql`DROP INDEX idx_ticket_replies_gmail_message`.execute(db);
  await sql`CREATE UNIQUE INDEX idx_tickets_gmail_mailbox_message ON tickets (organization_id, gmail_mailbox, gmail_message_id)
    WHERE gmail_message_id IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX idx_ticket_replies_gmail_mailbox_message ON ticket_replies (gmail_mailbox, gmail_message_id)
    WHERE gmail_message_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX idx_tickets_gmail_rfc822 ON tickets (organization_id, gmail_rfc822_message_id)
    WHERE gmail_rfc822_message_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX idx_ticket_replies_gmail_rfc822 ON ticket_replies (gmail_rfc822_message_id)
    WHERE gmail_rfc822_message_id IS NOT NULL`.execute(db);
  await sql`COMMENT ON COLUMN tickets.gmail_mailbox IS ${sql.lit('The mailbox the Gmail message id belongs to (the filer, or the watched support mailbox).')}`.execute(
    db,
  );
  await sql`COMMENT ON COLUMN ticket_replies.gmail_mailbox IS ${sql.lit('The mailbox the Gmail message id belongs to.')}`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX idx_ticket_replies_gmail_rfc822`.execute(db);
  await sql`DROP INDEX idx_tickets_gmail_rfc822`.execute(db);
  await sql`DROP INDEX idx_ticket_replies_gmail_mailbox_message`.execute(db);
  await sql`DROP INDEX idx_tickets_gmail_mailbox_message`.execute(db);
  await sql`CREATE UNIQUE INDEX idx_ticket_replies_gmail_message ON ticket_replies (gmail_message_id)
    WHERE gmail_message_id IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX idx_tickets_gmail_message ON tickets (organization_id, gmail_message_id)
    WHERE gmail_message_id IS NOT NULL`.execute(db);
  await sql`ALTER TABLE ticket_replies DROP COLUMN gmail_mailbox`.execute(db);
  await sql`ALTER TABLE tickets DROP COLUMN gmail_mailbox`.execute(db);
}
