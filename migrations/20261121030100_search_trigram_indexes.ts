// Every column a list's `q` or GET /search looks in gets a trigram index, so substring search is
// an index scan on every resource (bench:api showed the unindexed ones turning into sequential
// scans of the whole table at 100k+ rows).
import { type Kysely, sql } from 'kysely';

const columns: [table: string, column: string][] = [
  ['certificates', 'domain'],
  ['certificates', 'issued_by'],
  ['credentials', 'username'],
  ['credentials', 'uri'],
  ['document_templates', 'description'],
  ['documents', 'description'],
  ['domains', 'description'],
  ['files', 'description'],
  ['folders', 'description'],
  ['locations', 'city'],
  ['locations', 'address'],
  ['software_licenses', 'version'],
  ['software_licenses', 'license_type'],
  ['organization_users', 'title'],
  ['organization_users', 'department'],
  ['vendors', 'contact_name'],
  ['vendors', 'email'],
  ['custom_fields', 'field_name'],
  ['custom_fields', 'field_label'],
];
const nameOf = (table: string, column: string) => `idx_${table}_${column}_trgm`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, column] of columns) {
    await sql`CREATE INDEX ${sql.raw(nameOf(table, column))} ON ${sql.table(table)} USING gin (${sql.ref(column)} gin_trgm_ops)`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, column] of columns) await sql`DROP INDEX ${sql.raw(nameOf(table, column))}`.execute(db);
}
