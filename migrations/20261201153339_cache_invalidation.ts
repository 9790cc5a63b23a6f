// Cache invalidation. Frozen in time once merged: never import app code here.
//
// Each process caches what every request reads and rarely changes (core/cache.ts): who an API key,
// session or Google account acts as, custom-field definitions, ticket statuses. Whatever writes
// those rows — a route, the CLI, the directory sync, another replica, a person with psql — the
// triggers below NOTIFY `helios_cache` with the table's name, and every process LISTENing drops
// what it cached from that table. PostgreSQL sends one notification per payload per transaction,
// however many rows changed.
import { type Kysely, sql } from 'kysely';

/** table → the row-level WHEN that matters to an authentication (null: every change matters). */
const TRIGGERS: [table: string, update: string | null][] = [
  [
    'organization_users',
    `OLD.role IS DISTINCT FROM NEW.role OR OLD.is_active IS DISTINCT FROM NEW.is_active
     OR OLD.archived_at IS DISTINCT FROM NEW.archived_at OR OLD.email IS DISTINCT FROM NEW.email
     OR OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM NEW.last_name
     OR OLD.organization_id IS DISTINCT FROM NEW.organization_id`,
  ],
  [
    'api_keys',
    `OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
     OR OLD.key_hash IS DISTINCT FROM NEW.key_hash OR OLD.user_id IS DISTINCT FROM NEW.user_id`,
  ],
  // A session sliding forward (once a minute per active session) changes nothing a cache holds
  // wrongly; a shortened or moved one does.
  ['auth_sessions', `NEW.expires_at < OLD.expires_at OR OLD.user_id IS DISTINCT FROM NEW.user_id`],
  ['custom_fields', null],
  ['ticket_statuses', null],
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION helios_notify_cache() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('helios_cache', TG_TABLE_NAME);
      RETURN NULL;
    END $$`.execute(db);
  for (const [table, when] of TRIGGERS) {
    const t = sql.table(table);
    if (when === null) {
      await sql`CREATE TRIGGER ${sql.raw(`${table}_notify_cache`)} AFTER INSERT OR UPDATE OR DELETE ON ${t}
        FOR EACH STATEMENT EXECUTE FUNCTION helios_notify_cache()`.execute(db);
    } else {
      await sql`CREATE TRIGGER ${sql.raw(`${table}_notify_cache_update`)} AFTER UPDATE ON ${t}
        FOR EACH ROW WHEN (${sql.raw(when)}) EXECUTE FUNCTION helios_notify_cache()`.execute(db);
      await sql`CREATE TRIGGER ${sql.raw(`${table}_notify_cache_delete`)} AFTER DELETE ON ${t}
        FOR EACH STATEMENT EXECUTE FUNCTION helios_notify_cache()`.execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, when] of TRIGGERS) {
    const names =
      when === null
        ? [`${table}_notify_cache`]
        : [`${table}_notify_cache_update`, `${table}_notify_cache_delete`];
    for (const name of names) await sql`DROP TRIGGER ${sql.raw(name)} ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION helios_notify_cache()`.execute(db);
}
