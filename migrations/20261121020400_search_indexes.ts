// Trigram indexes for `q=` and GET /search on the columns the seed left unindexed, so substring
// search stays an index scan at a million rows (pg_trgm serves ILIKE '%x%' from a GIN index).
import { type Kysely, sql } from 'kysely';

const indexes: [name: string, table: string, column: string][] = [
  ['idx_organization_users_email_trgm', 'organization_users', 'email'],
  ['idx_organization_users_first_name_trgm', 'organization_users', 'first_name'],
  ['idx_organization_users_last_name_trgm', 'organization_users', 'last_name'],
  ['idx_assets_serial_number_trgm', 'assets', 'serial_number'],
  ['idx_vendors_name_trgm', 'vendors', 'name'],
  ['idx_locations_name_trgm', 'locations', 'name'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, column] of indexes) {
    await sql`CREATE INDEX ${sql.raw(name)} ON ${sql.table(table)} USING gin (${sql.ref(column)} gin_trgm_ops)`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of indexes) await sql`DROP INDEX ${sql.raw(name)}`.execute(db);
}
