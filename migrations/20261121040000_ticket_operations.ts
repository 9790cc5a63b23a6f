// What ticketing needs beyond the seed: gap-free numbering, Idempotency-Key replay, and the memory
// of which expiry alerts went out.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per organization; creating a ticket increments it in the ticket's own transaction, so
  // a rolled-back create gives its number back and numbers stay gap-free under concurrency.
  await sql`
    CREATE TABLE ticket_counters (
      organization_id integer PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
      last_number integer NOT NULL DEFAULT 0 CHECK (last_number >= 0),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    INSERT INTO ticket_counters (organization_id, last_number)
    SELECT o.id, coalesce((SELECT max(t.number) FROM tickets t WHERE t.organization_id = o.id), 0)
    FROM organizations o`.execute(db);
  await sql`CREATE TRIGGER ticket_counters_set_updated_at BEFORE UPDATE ON ticket_counters
    FOR EACH ROW EXECUTE FUNCTION helios_set_updated_at()`.execute(db);
  await sql`COMMENT ON TABLE ticket_counters IS ${sql.lit('The last ticket number per organization (gap-free numbering).')}`.execute(
    db,
  );

  await sql`
    CREATE TABLE idempotency_keys (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      key varchar(200) NOT NULL,
      method varchar(10) NOT NULL,
      path varchar(500) NOT NULL,
      -- SHA-256 of method, path and body: the same key with another request is a conflict.
      request_hash varchar(64) NOT NULL,
      status_code integer NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (user_id, key)
    )`.execute(db);
  await sql`CREATE INDEX idx_idempotency_keys_org_created ON idempotency_keys (organization_id, created_at)`.execute(
    db,
  );
  await sql`COMMENT ON TABLE idempotency_keys IS ${sql.lit('Stored responses of requests sent with an Idempotency-Key, replayed on retry.')}`.execute(
    db,
  );

  // One row per item, expiry date and stage: a stage alerts once; a renewed item (new date) starts over.
  await sql`
    CREATE TABLE expiry_alerts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      entity_type varchar(50) NOT NULL CHECK (entity_type IN ('domain', 'certificate', 'software_license', 'asset_warranty')),
      entity_id integer NOT NULL,
      expire_date date NOT NULL,
      stage varchar(20) NOT NULL CHECK (stage IN ('45_days', '30_days', '7_days', '1_day', 'expired')),
      alerted_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (entity_type, entity_id, expire_date, stage)
    )`.execute(db);
  await sql`CREATE INDEX idx_expiry_alerts_org ON expiry_alerts (organization_id, alerted_at)`.execute(db);
  await sql`COMMENT ON TABLE expiry_alerts IS ${sql.lit('Which expiry alert stage went out for which item (each at most once).')}`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE expiry_alerts`.execute(db);
  await sql`DROP TABLE idempotency_keys`.execute(db);
  await sql`DROP TABLE ticket_counters`.execute(db);
}
