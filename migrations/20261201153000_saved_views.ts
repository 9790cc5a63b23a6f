// A person's saved views of a list (the console's ticket queue first): a name and the list's query
// string, exactly as the list route accepts it. Personal presentation, so one row per person, name
// and list; removing the person removes their views.
// Frozen in time once merged: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE saved_views (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
    scope varchar(32) NOT NULL CHECK (scope IN ('tickets')),
    name varchar(100) NOT NULL,
    query varchar(2000) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, scope, name)
  )`.execute(db);
  await sql`COMMENT ON TABLE saved_views IS ${sql.lit("A person's named filters of a list (scope 'tickets': the ticket queue); query is the list route's query string.")}`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE saved_views`.execute(db);
}
