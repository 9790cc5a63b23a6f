// An attachment taken from a Gmail message remembers which one it was (the mailbox, the message id
// and the attachment's position in it), so attaching it again — a retried file-a-ticket replays
// its stored 201 and uploads once more — answers the attachment already there instead of a copy.
// Frozen in time once merged: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE ticket_attachments
    ADD COLUMN gmail_mailbox varchar(320),
    ADD COLUMN gmail_message_id varchar(200),
    ADD COLUMN gmail_attachment_index smallint,
    ADD CONSTRAINT ticket_attachments_gmail_complete CHECK (
      (gmail_message_id IS NULL AND gmail_mailbox IS NULL AND gmail_attachment_index IS NULL)
      OR (gmail_message_id IS NOT NULL AND gmail_mailbox IS NOT NULL AND gmail_attachment_index >= 0)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX idx_ticket_attachments_gmail ON ticket_attachments
    (ticket_id, gmail_mailbox, gmail_message_id, gmail_attachment_index)
    WHERE gmail_message_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX idx_ticket_attachments_gmail`.execute(db);
  await sql`ALTER TABLE ticket_attachments
    DROP CONSTRAINT ticket_attachments_gmail_complete,
    DROP COLUMN gmail_attachment_index,
    DROP COLUMN gmail_message_id,
    DROP COLUMN gmail_mailbox`.execute(db);
}
