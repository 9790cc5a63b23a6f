// Ticketing tables: statuses, tickets, replies, and the tables that link tickets to assets,
// watchers, attachments and tags. Frozen in time: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE ticket_statuses (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(100) NOT NULL,
      color varchar(20), -- hex color code
      display_order integer NOT NULL DEFAULT 999,
      is_default boolean NOT NULL DEFAULT false,
      is_closed_status boolean NOT NULL DEFAULT false,
      is_resolved_status boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX idx_ticket_statuses_org_active ON ticket_statuses (organization_id, archived_at)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_ticket_statuses_order ON ticket_statuses (display_order)`.execute(db);

  await sql`
    CREATE TABLE tickets (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      prefix varchar(20) NOT NULL DEFAULT 'TKT',
      number integer NOT NULL,
      subject varchar(500) NOT NULL,
      details text NOT NULL,
      category varchar(100),
      priority varchar(50) CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
      -- 'addon' is not in the seed: tickets raised from the Helios Google Workspace add-on.
      source varchar(100) CHECK (source IN ('email', 'portal', 'internal', 'phone', 'addon')),
      status_id integer NOT NULL REFERENCES ticket_statuses(id),
      created_by_user_id integer NOT NULL REFERENCES organization_users(id),
      assigned_to_user_id integer REFERENCES organization_users(id),
      related_user_id integer REFERENCES organization_users(id), -- who the ticket is for, if not the creator
      related_asset_id integer REFERENCES assets(id),
      location_id integer REFERENCES locations(id),
      billable boolean NOT NULL DEFAULT false,
      time_spent_minutes integer NOT NULL DEFAULT 0 CHECK (time_spent_minutes >= 0),
      scheduled_at timestamptz,
      is_onsite boolean NOT NULL DEFAULT false,
      first_response_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      closed_by_user_id integer REFERENCES organization_users(id),
      vendor_ticket_number varchar(200),
      vendor_id integer REFERENCES vendors(id),
      feedback_rating integer CHECK (feedback_rating BETWEEN 1 AND 5),
      feedback_comment text,
      url_key varchar(200) UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      UNIQUE (organization_id, number)
    )`.execute(db);
  await sql`CREATE INDEX idx_tickets_org_active ON tickets (organization_id, archived_at)`.execute(db);
  await sql`CREATE INDEX idx_tickets_status ON tickets (status_id)`.execute(db);
  await sql`CREATE INDEX idx_tickets_assigned ON tickets (assigned_to_user_id)`.execute(db);
  await sql`CREATE INDEX idx_tickets_created_by ON tickets (created_by_user_id)`.execute(db);
  await sql`CREATE INDEX idx_tickets_related_user ON tickets (related_user_id)`.execute(db);
  await sql`CREATE INDEX idx_tickets_related_asset ON tickets (related_asset_id)`.execute(db);
  await sql`CREATE INDEX idx_tickets_number ON tickets (organization_id, number)`.execute(db);
  await sql`CREATE INDEX idx_tickets_location ON tickets (location_id)`.execute(db);
  await sql`CREATE INDEX idx_tickets_closed_by_user ON tickets (closed_by_user_id)`.execute(db);
  await sql`CREATE INDEX idx_tickets_vendor ON tickets (vendor_id)`.execute(db);
  // Search by subject (GET /search, list `q=`).
  await sql`CREATE INDEX idx_tickets_subject_trgm ON tickets USING gin (subject gin_trgm_ops)`.execute(db);

  await sql`
    CREATE TABLE ticket_replies (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ticket_id integer NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
      reply text NOT NULL,
      type varchar(50) NOT NULL CHECK (type IN ('internal', 'public')),
      -- Not in the seed: time logged per reply; tickets.time_spent_minutes holds the total.
      time_spent_minutes integer NOT NULL DEFAULT 0 CHECK (time_spent_minutes >= 0),
      created_by_user_id integer NOT NULL REFERENCES organization_users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX idx_ticket_replies_ticket ON ticket_replies (ticket_id)`.execute(db);
  await sql`CREATE INDEX idx_ticket_replies_created_at ON ticket_replies (created_at)`.execute(db);
  await sql`CREATE INDEX idx_ticket_replies_created_by_user ON ticket_replies (created_by_user_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE ticket_assets (
      ticket_id integer NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
      asset_id integer NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      PRIMARY KEY (ticket_id, asset_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_ticket_assets_asset ON ticket_assets (asset_id)`.execute(db);

  await sql`
    CREATE TABLE ticket_watchers (
      ticket_id integer NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      PRIMARY KEY (ticket_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_ticket_watchers_user ON ticket_watchers (user_id)`.execute(db);

  await sql`
    CREATE TABLE ticket_attachments (
      ticket_id integer NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
      file_id integer NOT NULL REFERENCES files(id) ON DELETE CASCADE,
      PRIMARY KEY (ticket_id, file_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_ticket_attachments_file ON ticket_attachments (file_id)`.execute(db);

  // In the seed's Tags section; created here because it needs tickets.
  await sql`
    CREATE TABLE ticket_tags (
      ticket_id integer NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
      tag_id integer NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
      PRIMARY KEY (ticket_id, tag_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_ticket_tags_tag ON ticket_tags (tag_id)`.execute(db);

  for (const table of ['ticket_statuses', 'tickets', 'ticket_replies']) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_set_updated_at`)} BEFORE UPDATE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION helios_set_updated_at()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'ticket_tags',
    'ticket_attachments',
    'ticket_watchers',
    'ticket_assets',
    'ticket_replies',
    'tickets',
    'ticket_statuses',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
