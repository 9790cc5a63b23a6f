// Tickets and replies made from Gmail remember the message they came from. A unique index per
// organization makes "one Gmail message → at most one ticket / one reply" a database guarantee,
// not an application check that two concurrent requests could both pass.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE tickets
    ADD COLUMN gmail_message_id varchar(200),
    ADD COLUMN gmail_thread_id varchar(200),
    ADD COLUMN gmail_rfc822_message_id varchar(998)`.execute(db);
  await sql`CREATE UNIQUE INDEX idx_tickets_gmail_message ON tickets (organization_id, gmail_message_id)
    WHERE gmail_message_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX idx_tickets_gmail_thread ON tickets (organization_id, gmail_thread_id)
    WHERE gmail_thread_id IS NOT NULL`.execute(db);
  await sql`ALTER TABLE ticket_replies
    ADD COLUMN gmail_message_id varchar(200),
    ADD COLUMN gmail_rfc822_message_id varchar(998)`.execute(db);
  // Replies carry no organization_id; their ticket does, and Gmail ids are unique per mailbox
  // domain, so one message can be added as a reply once across the installation.
  await sql`CREATE UNIQUE INDEX idx_ticket_replies_gmail_message ON ticket_replies (gmail_message_id)
    WHERE gmail_message_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX idx_ticket_replies_gmail_message`.execute(db);
  await sql`ALTER TABLE ticket_replies DROP COLUMN gmail_message_id, DROP COLUMN gmail_rfc822_message_id`.execute(
    db,
  );
  await sql`DROP INDEX idx_tickets_gmail_thread`.execute(db);
  await sql`DROP INDEX idx_tickets_gmail_message`.execute(db);
  await sql`ALTER TABLE tickets DROP COLUMN gmail_message_id, DROP COLUMN gmail_thread_id, DROP COLUMN gmail_rfc822_message_id`.execute(
    db,
  );
}
