// The support-mailbox poll matches every incoming message against the Message-IDs and Gmail
// threads of the mail Helios sent (notifications.email_message_id / email_thread_id); without an
// index each lookup scans the notifications table, which grows with every email (bench:mail).
// Frozen in time once merged: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX idx_notifications_email_message_id ON notifications (email_message_id)
    WHERE email_message_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX idx_notifications_email_thread ON notifications (email_thread_id)
    WHERE email_thread_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX idx_notifications_email_thread`.execute(db);
  await sql`DROP INDEX idx_notifications_email_message_id`.execute(db);
}
