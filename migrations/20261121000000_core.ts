// Core tables: the single organization, its users, settings and modules, plus the places and
// vendors that users and documentation point at. Frozen in time: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Trigram search over names (GET /search, list `q=`); available in PostgreSQL contrib and PGlite.
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  // MySQL's ON UPDATE CURRENT_TIMESTAMP, done as a trigger. Only a real change moves updated_at:
  // reading a record (last_accessed_at) or re-writing identical values does not.
  await sql`
    CREATE FUNCTION helios_set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (to_jsonb(NEW) - 'updated_at' - 'last_accessed_at')
         IS DISTINCT FROM (to_jsonb(OLD) - 'updated_at' - 'last_accessed_at') THEN
        NEW.updated_at := now();
      ELSE
        NEW.updated_at := OLD.updated_at;
      END IF;
      RETURN NEW;
    END;
    $$`.execute(db);

  await sql`
    CREATE TABLE organizations (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name varchar(200) NOT NULL,
      primary_domain varchar(200) NOT NULL,
      ticket_prefix varchar(20) NOT NULL DEFAULT 'TKT',
      timezone varchar(100) NOT NULL DEFAULT 'UTC',
      logo_url varchar(500),
      website varchar(500),
      phone varchar(50),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Single organization per installation, enforced by the database: at most one row can exist.
  await sql`CREATE UNIQUE INDEX organizations_single_row ON organizations ((true))`.execute(db);

  await sql`
    CREATE TABLE organization_settings (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      key varchar(100) NOT NULL,
      value jsonb NOT NULL DEFAULT 'null'::jsonb,
      description text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, key)
    )`.execute(db);

  await sql`
    CREATE TABLE modules (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      key varchar(100) NOT NULL UNIQUE,
      name varchar(200) NOT NULL,
      description text,
      is_core boolean NOT NULL DEFAULT false,
      display_order integer NOT NULL DEFAULT 999,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE organization_modules (
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      module_id integer NOT NULL REFERENCES modules(id) ON DELETE CASCADE,
      is_enabled boolean NOT NULL DEFAULT true,
      config jsonb NOT NULL DEFAULT '{}'::jsonb,
      enabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organization_id, module_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_organization_modules_module ON organization_modules (module_id)`.execute(db);

  await sql`
    CREATE TABLE locations (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(200) NOT NULL,
      description text,
      address varchar(200),
      city varchar(100),
      state varchar(100),
      zip varchar(20),
      country varchar(100),
      phone varchar(50),
      photo_url varchar(500),
      notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX idx_locations_org_active ON locations (organization_id, archived_at)`.execute(db);

  await sql`
    CREATE TABLE vendors (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(200) NOT NULL,
      description text,
      contact_name varchar(200),
      email varchar(200),
      phone varchar(50),
      website varchar(500),
      address varchar(200),
      city varchar(100),
      state varchar(100),
      zip varchar(20),
      country varchar(100),
      account_number varchar(200),
      notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX idx_vendors_org_active ON vendors (organization_id, archived_at)`.execute(db);

  await sql`
    CREATE TABLE departments (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(200) NOT NULL,
      description text,
      parent_department_id integer REFERENCES departments(id) ON DELETE SET NULL,
      cost_center varchar(100),
      -- Google Workspace reports departments as free text on users; this keeps the spelling seen there.
      google_department_name varchar(200),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      UNIQUE (organization_id, name)
    )`.execute(db);
  await sql`CREATE INDEX idx_departments_parent ON departments (parent_department_id)`.execute(db);

  // The canonical user model: one table for admins, IT staff, colleagues and outside contacts.
  await sql`
    CREATE TABLE organization_users (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      email varchar(200) NOT NULL UNIQUE,
      first_name varchar(200),
      last_name varchar(200),
      role varchar(50) NOT NULL CHECK (role IN ('admin', 'manager', 'user', 'contact')),
      is_active boolean NOT NULL DEFAULT true,
      google_workspace_id varchar(200),
      google_workspace_ou varchar(500),
      synced_from_google boolean NOT NULL DEFAULT false,
      last_synced_at timestamptz,
      phone varchar(50),
      mobile varchar(50),
      department varchar(200),
      department_id integer REFERENCES departments(id) ON DELETE SET NULL,
      title varchar(200),
      photo_url varchar(500),
      is_primary boolean NOT NULL DEFAULT false,
      is_important boolean NOT NULL DEFAULT false,
      is_billing_contact boolean NOT NULL DEFAULT false,
      is_technical_contact boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      last_accessed_at timestamptz,
      location_id integer REFERENCES locations(id),
      manager_id integer REFERENCES organization_users(id)
    )`.execute(db);
  // Identities arrive in any letter case (ID tokens, Gmail senders); look them up case-insensitively.
  await sql`CREATE UNIQUE INDEX idx_organization_users_email_lower ON organization_users (lower(email))`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX idx_organization_users_google_id ON organization_users (google_workspace_id) WHERE google_workspace_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX idx_organization_users_org_active ON organization_users (organization_id, archived_at)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_organization_users_location ON organization_users (location_id)`.execute(db);
  await sql`CREATE INDEX idx_organization_users_manager ON organization_users (manager_id)`.execute(db);
  await sql`CREATE INDEX idx_organization_users_department ON organization_users (department_id)`.execute(db);
  await sql`CREATE INDEX idx_organization_users_role ON organization_users (role)`.execute(db);

  for (const table of [
    'organizations',
    'organization_settings',
    'modules',
    'organization_modules',
    'locations',
    'vendors',
    'departments',
    'organization_users',
  ]) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_set_updated_at`)} BEFORE UPDATE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION helios_set_updated_at()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'organization_users',
    'departments',
    'vendors',
    'locations',
    'organization_modules',
    'modules',
    'organization_settings',
    'organizations',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION helios_set_updated_at()`.execute(db);
  // pg_trgm stays: other databases objects may use it, and dropping an extension is an admin's call.
}
