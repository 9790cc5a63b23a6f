// Mail: notifications can go out by email (the notification row is the outbox: its email state is
// written in the transaction that makes the notification, so a rolled-back cause sends nothing),
// each user picks a channel per notification type, the organization configures how mail is sent
// and which support mailbox becomes tickets, and every message read from that mailbox is recorded
// once (what it became), so a re-scan never files it twice.
// Frozen in time once merged: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE notifications
    ADD COLUMN in_app boolean NOT NULL DEFAULT true,
    ADD COLUMN email_status varchar(16)
      CHECK (email_status IN ('pending', 'sending', 'sent', 'failed', 'bounced')),
    ADD COLUMN email_to varchar(320),
    ADD COLUMN email_data jsonb,
    ADD COLUMN email_message_id varchar(255),
    ADD COLUMN email_thread_id varchar(64),
    ADD COLUMN email_attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN email_claimed_at timestamptz,
    ADD COLUMN email_sent_at timestamptz,
    ADD COLUMN email_error text`.execute(db);
  await sql`CREATE INDEX idx_notifications_email_due ON notifications (id)
    WHERE email_status IN ('pending', 'sending')`.execute(db);
  await sql`CREATE INDEX idx_notifications_email_entity ON notifications (entity_type, entity_id)
    WHERE email_message_id IS NOT NULL`.execute(db);

  await sql`CREATE TABLE notification_preferences (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
    type varchar(64) NOT NULL,
    channel varchar(8) NOT NULL CHECK (channel IN ('email', 'in_app', 'both', 'none')),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, type)
  )`.execute(db);

  await sql`CREATE TABLE mail_settings (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id integer NOT NULL UNIQUE REFERENCES organizations(id) ON DELETE CASCADE,
    transport varchar(8) NOT NULL CHECK (transport IN ('gmail', 'smtp')),
    from_address varchar(320) NOT NULL,
    from_name varchar(200),
    watch_mailbox varchar(320),
    smtp_host varchar(255),
    smtp_port integer,
    smtp_secure boolean NOT NULL DEFAULT false,
    smtp_user varchar(320),
    smtp_password_encrypted bytea,
    console_url varchar(2048),
    poll_interval_minutes integer NOT NULL DEFAULT 5 CHECK (poll_interval_minutes BETWEEN 1 AND 1440),
    allow_domains text[] NOT NULL DEFAULT '{}',
    deny_domains text[] NOT NULL DEFAULT '{}',
    history_id varchar(32),
    history_mailbox varchar(320),
    processed_label_id varchar(64),
    last_poll_at timestamptz,
    last_poll_status varchar(16),
    last_poll_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);

  await sql`CREATE TABLE mail_ingested_messages (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    mailbox varchar(320) NOT NULL,
    gmail_message_id varchar(64) NOT NULL,
    outcome varchar(16) NOT NULL CHECK (outcome IN ('ticket', 'reply', 'ignored')),
    reason varchar(200),
    ticket_id integer REFERENCES tickets(id) ON DELETE SET NULL,
    reply_id integer REFERENCES ticket_replies(id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (organization_id, mailbox, gmail_message_id)
  )`.execute(db);

  // Every foreign key is indexed (deletes of the parent row stay cheap).
  await sql`CREATE INDEX idx_notification_preferences_org ON notification_preferences (organization_id)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_mail_ingested_ticket ON mail_ingested_messages (ticket_id) WHERE ticket_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX idx_mail_ingested_reply ON mail_ingested_messages (reply_id) WHERE reply_id IS NOT NULL`.execute(
    db,
  );

  const comments: [string, string][] = [
    ['notification_preferences', 'Per user and notification type: by email, in Helios, both or neither.'],
    [
      'mail_settings',
      'How the organization sends mail (Gmail API or SMTP) and the support mailbox it watches.',
    ],
    [
      'mail_ingested_messages',
      'Every message read from the watched mailbox, once: what it became (ticket, reply or ignored).',
    ],
  ];
  for (const [table, text] of comments) {
    await sql`COMMENT ON TABLE ${sql.table(table)} IS ${sql.lit(text)}`.execute(db);
  }
  await sql`COMMENT ON COLUMN notifications.email_status IS ${sql.lit('Email of this notification: pending → sending → sent, or failed/bounced; NULL when not emailed.')}`.execute(
    db,
  );
  await sql`COMMENT ON COLUMN notifications.email_message_id IS ${sql.lit('RFC 822 Message-ID chosen before the first attempt, so a retry can tell whether it was sent.')}`.execute(
    db,
  );
  await sql`COMMENT ON COLUMN notifications.in_app IS ${sql.lit('Shown in Helios (false: the recipient asked for email only).')}`.execute(
    db,
  );
  await sql`COMMENT ON COLUMN mail_settings.smtp_password_encrypted IS ${sql.lit('Vault-sealed SMTP password; never returned.')}`.execute(
    db,
  );
  await sql`COMMENT ON COLUMN mail_settings.history_id IS ${sql.lit('Gmail historyId the next incremental poll of history_mailbox starts from.')}`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE mail_ingested_messages`.execute(db);
  await sql`DROP TABLE mail_settings`.execute(db);
  await sql`DROP TABLE notification_preferences`.execute(db);
  await sql`DROP INDEX idx_notifications_email_entity`.execute(db);
  await sql`DROP INDEX idx_notifications_email_due`.execute(db);
  await sql`ALTER TABLE notifications
    DROP COLUMN in_app, DROP COLUMN email_status, DROP COLUMN email_to, DROP COLUMN email_data,
    DROP COLUMN email_message_id, DROP COLUMN email_thread_id, DROP COLUMN email_attempts,
    DROP COLUMN email_claimed_at, DROP COLUMN email_sent_at, DROP COLUMN email_error`.execute(db);
}
