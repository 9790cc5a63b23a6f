// The Microsoft 365 sync on the provider-neutral engine: Microsoft's ids and "synced from" flags in
// the shared tables (beside Google's), the Intune facts an asset shows (compliance, last check-in),
// the connection's schedule, mass-archive threshold and delta links, and the two staging kinds a
// Microsoft run adds (subscribed SKUs, managed devices). Frozen in time once merged: never import
// app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One person row per human: the Entra object id is matched first, the address second.
  await sql`ALTER TABLE organization_users
    ADD COLUMN microsoft_id varchar(64),
    ADD COLUMN synced_from_microsoft boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE UNIQUE INDEX idx_organization_users_microsoft_id ON organization_users (organization_id, microsoft_id)
    WHERE microsoft_id IS NOT NULL`.execute(db);

  await sql`ALTER TABLE assets
    ADD COLUMN microsoft_device_id varchar(200),
    ADD COLUMN microsoft_content_hash varchar(64),
    ADD COLUMN synced_from_microsoft boolean NOT NULL DEFAULT false,
    ADD COLUMN compliance_state varchar(30),
    ADD COLUMN last_check_in_at timestamptz`.execute(db);
  // The Intune device sync upserts on this key: one asset per managed device.
  await sql`CREATE UNIQUE INDEX idx_assets_microsoft_device_unique ON assets (organization_id, microsoft_device_id)
    WHERE microsoft_device_id IS NOT NULL`.execute(db);

  await sql`ALTER TABLE software_licenses
    ADD COLUMN microsoft_sku_id varchar(64),
    ADD COLUMN microsoft_sku_part_number varchar(100),
    ADD COLUMN synced_from_microsoft boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE UNIQUE INDEX idx_software_licenses_microsoft_sku_unique ON software_licenses (organization_id, microsoft_sku_id)
    WHERE microsoft_sku_id IS NOT NULL`.execute(db);

  await sql`ALTER TABLE ms_credentials
    ADD COLUMN sync_interval_minutes integer NOT NULL DEFAULT 15 CHECK (sync_interval_minutes > 0),
    ADD COLUMN mass_archive_threshold numeric(5,4) NOT NULL DEFAULT 0.2 CHECK (mass_archive_threshold BETWEEN 0 AND 1),
    ADD COLUMN delta_links jsonb NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN delta_links_saved_at timestamptz`.execute(db);
  await sql`COMMENT ON COLUMN ms_credentials.delta_links IS ${sql.lit('Graph @odata.deltaLink per listing (users, groups) of the last successful run.')}`.execute(
    db,
  );

  await sql`ALTER TABLE sync_seen DROP CONSTRAINT sync_seen_kind_check`.execute(db);
  await sql`ALTER TABLE sync_seen ADD CONSTRAINT sync_seen_kind_check CHECK (kind IN
    ('org_unit', 'user', 'group', 'chromeos', 'mobile', 'license', 'domain', 'sku', 'managed_device'))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DELETE FROM sync_seen WHERE kind IN ('sku', 'managed_device')`.execute(db);
  await sql`ALTER TABLE sync_seen DROP CONSTRAINT sync_seen_kind_check`.execute(db);
  await sql`ALTER TABLE sync_seen ADD CONSTRAINT sync_seen_kind_check CHECK (kind IN
    ('org_unit', 'user', 'group', 'chromeos', 'mobile', 'license', 'domain'))`.execute(db);
  await sql`ALTER TABLE ms_credentials DROP COLUMN delta_links_saved_at, DROP COLUMN delta_links,
    DROP COLUMN mass_archive_threshold, DROP COLUMN sync_interval_minutes`.execute(db);
  await sql`DROP INDEX idx_software_licenses_microsoft_sku_unique`.execute(db);
  await sql`ALTER TABLE software_licenses DROP COLUMN synced_from_microsoft, DROP COLUMN microsoft_sku_part_number,
    DROP COLUMN microsoft_sku_id`.execute(db);
  await sql`DROP INDEX idx_assets_microsoft_device_unique`.execute(db);
  await sql`ALTER TABLE assets DROP COLUMN last_check_in_at, DROP COLUMN compliance_state, DROP COLUMN synced_from_microsoft,
    DROP COLUMN microsoft_content_hash, DROP COLUMN microsoft_device_id`.execute(db);
  await sql`DROP INDEX idx_organization_users_microsoft_id`.execute(db);
  await sql`ALTER TABLE organization_users DROP COLUMN synced_from_microsoft, DROP COLUMN microsoft_id`.execute(
    db,
  );
}
