// Helios's own tables: sign-in (better-auth style), user groups, the Google Workspace and Microsoft 365
// mirrors, onboarding/offboarding, training, automation rules, email signatures and AI settings.
// Runs after documentation (software_licenses) and ticketing (tickets). Frozen in time: never import app code here.
//
// Secrets (*_encrypted bytea) are opaque blobs the app encrypts with AES-256-GCM; tokens are stored
// only as *_hash (SHA-256 hex of the token), so a copy of the database grants no access.
// Tables that hang off a parent with ON DELETE CASCADE (sessions, memberships, tasks, progress, logs)
// reach their organization through that parent and carry no organization_id of their own.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // ---------------------------------------------------------------- authentication

  await sql`
    CREATE TABLE auth_sessions (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      -- SHA-256 of the session token; the cookie carries the token itself.
      token_hash varchar(128) NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      ip_address inet,
      user_agent text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX idx_auth_sessions_user ON auth_sessions (user_id)`.execute(db);
  // Purging expired sessions.
  await sql`CREATE INDEX idx_auth_sessions_expires_at ON auth_sessions (expires_at)`.execute(db);

  await sql`
    CREATE TABLE auth_accounts (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      provider_id varchar(100) NOT NULL, -- 'google', 'microsoft', 'credential' (email + password)
      account_id varchar(255) NOT NULL, -- the provider's subject id
      -- Provider tokens, encrypted with AES-256-GCM by the app (refreshable, so not hashable).
      access_token_encrypted bytea,
      refresh_token_encrypted bytea,
      id_token_encrypted bytea,
      access_token_expires_at timestamptz,
      refresh_token_expires_at timestamptz,
      scope text,
      -- Encoded one-way hash (argon2id/scrypt PHC string, hence longer than a token hash).
      password_hash varchar(255),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (provider_id, account_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_auth_accounts_user ON auth_accounts (user_id)`.execute(db);

  await sql`
    CREATE TABLE auth_verifications (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      identifier varchar(255) NOT NULL, -- e.g. 'email-verification:alice@example.com'
      value_hash varchar(128) NOT NULL, -- hash of the code or link token sent to the user
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX idx_auth_verifications_org ON auth_verifications (organization_id)`.execute(db);
  await sql`CREATE INDEX idx_auth_verifications_identifier ON auth_verifications (identifier)`.execute(db);
  await sql`CREATE INDEX idx_auth_verifications_expires_at ON auth_verifications (expires_at)`.execute(db);

  // ---------------------------------------------------------------- user management

  await sql`
    CREATE TABLE user_groups (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name varchar(200) NOT NULL,
      email varchar(255),
      description text,
      group_type varchar(50) NOT NULL DEFAULT 'manual'
        CHECK (group_type IN ('manual', 'google', 'microsoft', 'dynamic')),
      is_active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      UNIQUE (organization_id, name)
    )`.execute(db);
  // Not unique: an archived group keeps its address when Google re-creates a group with the same one.
  await sql`CREATE INDEX idx_user_groups_email_lower ON user_groups (lower(email))`.execute(db);

  await sql`
    CREATE TABLE user_group_memberships (
      group_id integer NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      role varchar(50) NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'manager', 'member')),
      source varchar(50) NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'google', 'microsoft', 'rule')),
      joined_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (group_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_user_group_memberships_user ON user_group_memberships (user_id)`.execute(db);

  // Legacy sessions, kept until every client has moved to auth_sessions.
  await sql`
    CREATE TABLE user_sessions (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      session_token_hash varchar(128) NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      ip_address inet,
      user_agent text,
      last_seen_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX idx_user_sessions_user ON user_sessions (user_id)`.execute(db);
  await sql`CREATE INDEX idx_user_sessions_expires_at ON user_sessions (expires_at)`.execute(db);

  // ---------------------------------------------------------------- Google Workspace mirror
  // Mirrors hold Google's view (raw_data + etag/content_hash for skip-unchanged syncs); the
  // canonical records are organization_users / user_groups. Rows that vanish from a complete
  // listing are archived (archived_at), never deleted. last_seen_at is written together with a
  // changed row only: an unchanged re-sync touches nothing (seen ids go to a per-run staging
  // table, vanished rows are archived by anti-join), so it is "last written", not a heartbeat.

  await sql`
    CREATE TABLE gw_credentials (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL UNIQUE REFERENCES organizations(id) ON DELETE CASCADE,
      service_account_email varchar(255) NOT NULL,
      client_id varchar(100), -- the service account's OAuth client id, shown for domain-wide delegation setup
      -- The service account's JSON key, encrypted with AES-256-GCM by the app; never returned or logged.
      service_account_key_encrypted bytea NOT NULL,
      admin_email varchar(255) NOT NULL, -- the admin the service account impersonates
      customer_id varchar(100) NOT NULL DEFAULT 'my_customer',
      scopes text[] NOT NULL DEFAULT '{}',
      is_enabled boolean NOT NULL DEFAULT true,
      sync_interval_minutes integer NOT NULL DEFAULT 15 CHECK (sync_interval_minutes > 0),
      -- Share of synced rows a single run may archive before it stops and reports instead.
      mass_archive_threshold numeric(5,4) NOT NULL DEFAULT 0.2
        CHECK (mass_archive_threshold BETWEEN 0 AND 1),
      last_sync_at timestamptz,
      last_sync_status varchar(50),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE gw_synced_users (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      google_user_id varchar(64) NOT NULL,
      primary_email varchar(255) NOT NULL,
      organization_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      given_name varchar(200),
      family_name varchar(200),
      full_name varchar(400),
      org_unit_path varchar(500),
      is_suspended boolean NOT NULL DEFAULT false,
      is_archived_in_google boolean NOT NULL DEFAULT false,
      is_admin boolean NOT NULL DEFAULT false,
      last_login_at timestamptz, -- NULL when Google reports epoch 0 (never signed in)
      raw_data jsonb NOT NULL,
      etag varchar(255),
      content_hash varchar(64) NOT NULL,
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, google_user_id)
    )`.execute(db);
  // Matching falls back to e-mail, case-insensitively. Not unique: Google reuses the address of a
  // deleted (here archived) user for a new account with a new id.
  await sql`CREATE INDEX idx_gw_synced_users_email_lower ON gw_synced_users (organization_id, lower(primary_email))`.execute(
    db,
  );
  await sql`CREATE INDEX idx_gw_synced_users_organization_user ON gw_synced_users (organization_user_id)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_gw_synced_users_org_unit_path ON gw_synced_users (organization_id, org_unit_path)`.execute(
    db,
  );

  await sql`
    CREATE TABLE gw_org_units (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      org_unit_id varchar(64) NOT NULL, -- Google's 'id:…'
      org_unit_path varchar(500) NOT NULL,
      parent_org_unit_id varchar(64), -- NULL for children of the root, which Google does not list
      parent_org_unit_path varchar(500),
      name varchar(255) NOT NULL,
      description text,
      raw_data jsonb NOT NULL,
      content_hash varchar(64) NOT NULL,
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, org_unit_id)
    )`.execute(db);
  // Paths are unique among live units only: an archived unit keeps the path Google may give to a
  // re-created one. The OU listing is complete in one response, so a run archives before it inserts.
  await sql`CREATE UNIQUE INDEX idx_gw_org_units_path ON gw_org_units (organization_id, org_unit_path) WHERE archived_at IS NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE gw_groups (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      google_group_id varchar(64) NOT NULL,
      email varchar(255) NOT NULL,
      name varchar(255) NOT NULL,
      description text,
      direct_members_count integer CHECK (direct_members_count >= 0),
      user_group_id integer REFERENCES user_groups(id) ON DELETE SET NULL,
      raw_data jsonb NOT NULL,
      etag varchar(255),
      content_hash varchar(64) NOT NULL,
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, google_group_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_gw_groups_email_lower ON gw_groups (organization_id, lower(email))`.execute(db);
  await sql`CREATE INDEX idx_gw_groups_user_group ON gw_groups (user_group_id)`.execute(db);

  // Members are a plain mirror of the latest listing: rows are replaced, not archived.
  await sql`
    CREATE TABLE gw_group_members (
      gw_group_id integer NOT NULL REFERENCES gw_groups(id) ON DELETE CASCADE,
      google_member_id varchar(64) NOT NULL,
      email varchar(255), -- absent for CUSTOMER (whole-domain) members
      role varchar(20) NOT NULL DEFAULT 'MEMBER' CHECK (role IN ('OWNER', 'MANAGER', 'MEMBER')),
      member_type varchar(20) NOT NULL CHECK (member_type IN ('USER', 'GROUP', 'CUSTOMER', 'EXTERNAL')),
      status varchar(50), -- Google's 'ACTIVE', 'SUSPENDED', … (free text, Google adds values)
      organization_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (gw_group_id, google_member_id)
    )`.execute(db);
  // "Which groups is this Google user / group in?"
  await sql`CREATE INDEX idx_gw_group_members_google_member ON gw_group_members (google_member_id)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_gw_group_members_organization_user ON gw_group_members (organization_user_id)`.execute(
    db,
  );

  // Compatibility view: the pre-ITFlow Helios schema (listed as existing in the ITFlow seed) called
  // this table gw_synced_groups; reports and scripts written against that name keep working. The
  // column list is fixed when the view is created, so re-create it if gw_groups gains columns.
  await sql`CREATE VIEW gw_synced_groups AS SELECT * FROM gw_groups`.execute(db);

  // ---------------------------------------------------------------- Microsoft 365 mirror

  await sql`
    CREATE TABLE ms_credentials (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL UNIQUE REFERENCES organizations(id) ON DELETE CASCADE,
      -- The Entra ID directory id. Named azure_tenant_id: Helios has no tenants (see the schema README).
      azure_tenant_id varchar(64) NOT NULL,
      client_id varchar(64) NOT NULL,
      -- The app registration's client secret, encrypted with AES-256-GCM by the app; never returned.
      client_secret_encrypted bytea NOT NULL,
      is_enabled boolean NOT NULL DEFAULT true,
      last_sync_at timestamptz,
      last_sync_status varchar(50),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE ms_synced_users (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      ms_user_id varchar(64) NOT NULL,
      user_principal_name varchar(255) NOT NULL,
      mail varchar(255),
      display_name varchar(255),
      given_name varchar(200),
      family_name varchar(200),
      job_title varchar(200),
      department varchar(200),
      account_enabled boolean NOT NULL DEFAULT true,
      assigned_sku_ids text[] NOT NULL DEFAULT '{}',
      organization_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      raw_data jsonb NOT NULL,
      content_hash varchar(64) NOT NULL,
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, ms_user_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_ms_synced_users_upn_lower ON ms_synced_users (organization_id, lower(user_principal_name))`.execute(
    db,
  );
  await sql`CREATE INDEX idx_ms_synced_users_mail_lower ON ms_synced_users (organization_id, lower(mail))`.execute(
    db,
  );
  await sql`CREATE INDEX idx_ms_synced_users_organization_user ON ms_synced_users (organization_user_id)`.execute(
    db,
  );
  // "Who holds SKU x?" (assigned_sku_ids @> ARRAY[x]).
  await sql`CREATE INDEX idx_ms_synced_users_assigned_skus ON ms_synced_users USING gin (assigned_sku_ids)`.execute(
    db,
  );

  await sql`
    CREATE TABLE ms_synced_groups (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      ms_group_id varchar(64) NOT NULL,
      display_name varchar(255) NOT NULL,
      mail varchar(255),
      description text,
      group_types text[] NOT NULL DEFAULT '{}', -- e.g. {Unified}, {DynamicMembership}
      security_enabled boolean NOT NULL DEFAULT false,
      mail_enabled boolean NOT NULL DEFAULT false,
      user_group_id integer REFERENCES user_groups(id) ON DELETE SET NULL,
      raw_data jsonb NOT NULL,
      content_hash varchar(64) NOT NULL,
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, ms_group_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_ms_synced_groups_mail_lower ON ms_synced_groups (organization_id, lower(mail))`.execute(
    db,
  );
  await sql`CREATE INDEX idx_ms_synced_groups_user_group ON ms_synced_groups (user_group_id)`.execute(db);

  await sql`
    CREATE TABLE ms_licenses (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      sku_id varchar(64) NOT NULL, -- a GUID, kept as Graph's string
      sku_part_number varchar(100) NOT NULL, -- e.g. 'ENTERPRISEPACK'
      display_name varchar(255),
      enabled_units integer NOT NULL DEFAULT 0 CHECK (enabled_units >= 0),
      suspended_units integer NOT NULL DEFAULT 0 CHECK (suspended_units >= 0),
      warning_units integer NOT NULL DEFAULT 0 CHECK (warning_units >= 0),
      consumed_units integer NOT NULL DEFAULT 0 CHECK (consumed_units >= 0),
      -- The documented license this subscription feeds (seats, renewal, vendor).
      software_license_id integer REFERENCES software_licenses(id) ON DELETE SET NULL,
      raw_data jsonb NOT NULL,
      content_hash varchar(64) NOT NULL,
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz, -- the subscription no longer appears in Graph
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, sku_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_ms_licenses_software_license ON ms_licenses (software_license_id)`.execute(db);

  // ---------------------------------------------------------------- signatures
  // Before lifecycle: onboarding templates name the signature a new user starts with.

  await sql`
    CREATE TABLE signature_templates (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name varchar(200) NOT NULL,
      description text,
      html_content text NOT NULL,
      plain_text_content text,
      variables jsonb NOT NULL DEFAULT '[]'::jsonb, -- placeholders the template uses, e.g. ["first_name", "title"]
      is_default boolean NOT NULL DEFAULT false,
      created_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      UNIQUE (organization_id, name),
      CHECK (NOT (is_default AND archived_at IS NOT NULL))
    )`.execute(db);
  // At most one default template per organization (an archived template cannot be the default).
  await sql`CREATE UNIQUE INDEX idx_signature_templates_one_default ON signature_templates (organization_id) WHERE is_default`.execute(
    db,
  );
  await sql`CREATE INDEX idx_signature_templates_created_by_user ON signature_templates (created_by_user_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE signature_campaigns (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name varchar(200) NOT NULL,
      description text,
      -- Templates in use are archived, not deleted.
      template_id integer NOT NULL REFERENCES signature_templates(id) ON DELETE RESTRICT,
      status varchar(20) NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'scheduled', 'active', 'completed', 'cancelled')),
      -- Who gets it: {"all": true} or {"department_ids": [..], "user_group_ids": [..], "org_unit_paths": [..]}.
      target jsonb NOT NULL CHECK (jsonb_typeof(target) = 'object'),
      starts_at timestamptz,
      ends_at timestamptz,
      created_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at)
    )`.execute(db);
  await sql`CREATE INDEX idx_signature_campaigns_org_status ON signature_campaigns (organization_id, status)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_signature_campaigns_template ON signature_campaigns (template_id)`.execute(db);
  await sql`CREATE INDEX idx_signature_campaigns_created_by_user ON signature_campaigns (created_by_user_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE signature_assignments (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      template_id integer NOT NULL REFERENCES signature_templates(id) ON DELETE RESTRICT,
      campaign_id integer REFERENCES signature_campaigns(id) ON DELETE SET NULL,
      status varchar(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'failed', 'removed')),
      rendered_html text,
      applied_at timestamptz,
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      -- One assignment per user per campaign. NULLs stay distinct on purpose: deleting a campaign
      -- sets campaign_id to NULL, and NULLS NOT DISTINCT would make that delete fail for any user who
      -- also has a direct (campaign-less) assignment.
      UNIQUE (user_id, campaign_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_signature_assignments_template ON signature_assignments (template_id)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_signature_assignments_campaign ON signature_assignments (campaign_id)`.execute(
    db,
  );
  // The worker's queue: pending (and failed, for retry) assignments.
  await sql`CREATE INDEX idx_signature_assignments_status ON signature_assignments (status)`.execute(db);

  // ---------------------------------------------------------------- lifecycle

  await sql`
    CREATE TABLE onboarding_templates (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name varchar(200) NOT NULL,
      description text,
      department_id integer REFERENCES departments(id) ON DELETE SET NULL,
      google_org_unit_path varchar(500),
      group_emails text[] NOT NULL DEFAULT '{}',
      license_skus text[] NOT NULL DEFAULT '{}',
      signature_template_id integer REFERENCES signature_templates(id) ON DELETE SET NULL,
      tasks jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(tasks) = 'array'),
      is_active boolean NOT NULL DEFAULT true,
      created_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      UNIQUE (organization_id, name)
    )`.execute(db);
  await sql`CREATE INDEX idx_onboarding_templates_department ON onboarding_templates (department_id)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_onboarding_templates_signature_template ON onboarding_templates (signature_template_id)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_onboarding_templates_created_by_user ON onboarding_templates (created_by_user_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE offboarding_templates (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name varchar(200) NOT NULL,
      description text,
      -- Defaults keep data and stay reversible; destructive or privacy-relevant steps are opt-in.
      transfer_drive_to_manager boolean NOT NULL DEFAULT true,
      transfer_calendar boolean NOT NULL DEFAULT true,
      remove_from_groups boolean NOT NULL DEFAULT true,
      remove_licenses boolean NOT NULL DEFAULT false,
      wipe_devices boolean NOT NULL DEFAULT false,
      -- Days after the end date; NULL = never automatically.
      suspend_after_days integer CHECK (suspend_after_days >= 0),
      delete_after_days integer CHECK (delete_after_days >= 0),
      email_forward_to_manager boolean NOT NULL DEFAULT false,
      tasks jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(tasks) = 'array'),
      is_active boolean NOT NULL DEFAULT true,
      created_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      UNIQUE (organization_id, name),
      CHECK (delete_after_days IS NULL OR suspend_after_days IS NULL OR delete_after_days >= suspend_after_days)
    )`.execute(db);
  await sql`CREATE INDEX idx_offboarding_templates_created_by_user ON offboarding_templates (created_by_user_id)`.execute(
    db,
  );

  // The lifecycle queue. Everything it points at is optional history: SET NULL, never CASCADE.
  await sql`
    CREATE TABLE user_requests (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      request_type varchar(20) NOT NULL CHECK (request_type IN ('onboard', 'offboard', 'change')),
      status varchar(20) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'in_progress', 'completed', 'cancelled', 'rejected')),
      -- The existing user (offboard/change, or onboard once the account exists).
      subject_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      -- The person as requested (onboard: the account to create).
      email varchar(200),
      first_name varchar(200),
      last_name varchar(200),
      title varchar(200),
      department_id integer REFERENCES departments(id) ON DELETE SET NULL,
      manager_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      start_date date,
      end_date date,
      onboarding_template_id integer REFERENCES onboarding_templates(id) ON DELETE SET NULL,
      offboarding_template_id integer REFERENCES offboarding_templates(id) ON DELETE SET NULL,
      ticket_id integer REFERENCES tickets(id) ON DELETE SET NULL,
      requested_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      approved_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      approved_at timestamptz,
      completed_at timestamptz,
      data jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(data) = 'object'),
      notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
    )`.execute(db);
  await sql`CREATE INDEX idx_user_requests_org_status ON user_requests (organization_id, status, created_at DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_user_requests_subject_user ON user_requests (subject_user_id)`.execute(db);
  await sql`CREATE INDEX idx_user_requests_department ON user_requests (department_id)`.execute(db);
  await sql`CREATE INDEX idx_user_requests_manager ON user_requests (manager_id)`.execute(db);
  await sql`CREATE INDEX idx_user_requests_onboarding_template ON user_requests (onboarding_template_id)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_user_requests_offboarding_template ON user_requests (offboarding_template_id)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_user_requests_ticket ON user_requests (ticket_id)`.execute(db);
  await sql`CREATE INDEX idx_user_requests_requested_by_user ON user_requests (requested_by_user_id)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_user_requests_approved_by_user ON user_requests (approved_by_user_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE lifecycle_tasks (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_request_id integer NOT NULL REFERENCES user_requests(id) ON DELETE CASCADE,
      title varchar(300) NOT NULL,
      description text,
      task_type varchar(50) NOT NULL DEFAULT 'manual'
        CHECK (task_type IN ('manual', 'google_action', 'microsoft_action', 'ticket', 'email', 'approval')),
      action jsonb, -- what an automated task does, e.g. {"kind": "add_to_group", "group": "sales@…"}
      assignee_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      status varchar(20) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'in_progress', 'completed', 'skipped', 'failed')),
      due_date date,
      sort_order integer NOT NULL DEFAULT 0,
      started_at timestamptz,
      completed_at timestamptz,
      completed_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      result jsonb,
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX idx_lifecycle_tasks_user_request ON lifecycle_tasks (user_request_id, sort_order)`.execute(
    db,
  );
  // "My open tasks".
  await sql`CREATE INDEX idx_lifecycle_tasks_assignee_user ON lifecycle_tasks (assignee_user_id, status)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_lifecycle_tasks_completed_by_user ON lifecycle_tasks (completed_by_user_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE scheduled_user_actions (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      target_user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      user_request_id integer REFERENCES user_requests(id) ON DELETE SET NULL,
      action_type varchar(50) NOT NULL CHECK (action_type IN ('suspend', 'unsuspend', 'archive', 'delete',
        'remove_licenses', 'transfer_data', 'move_org_unit', 'remove_from_groups', 'wipe_devices', 'reset_password')),
      payload jsonb NOT NULL DEFAULT '{}'::jsonb,
      scheduled_for timestamptz NOT NULL,
      status varchar(20) NOT NULL DEFAULT 'scheduled'
        CHECK (status IN ('scheduled', 'running', 'completed', 'failed', 'cancelled')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      executed_at timestamptz,
      result jsonb,
      error text,
      created_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // The due-job scan: WHERE status = 'scheduled' AND scheduled_for <= now() ORDER BY scheduled_for.
  await sql`CREATE INDEX idx_scheduled_user_actions_due ON scheduled_user_actions (status, scheduled_for)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_scheduled_user_actions_target_user ON scheduled_user_actions (target_user_id)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_scheduled_user_actions_user_request ON scheduled_user_actions (user_request_id)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_scheduled_user_actions_created_by_user ON scheduled_user_actions (created_by_user_id)`.execute(
    db,
  );

  // ---------------------------------------------------------------- training

  await sql`
    CREATE TABLE training_content (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      title varchar(300) NOT NULL,
      description text,
      content_type varchar(20) NOT NULL CHECK (content_type IN ('video', 'document', 'link', 'quiz', 'html')),
      body text,
      url varchar(2000),
      duration_minutes integer CHECK (duration_minutes > 0),
      is_required boolean NOT NULL DEFAULT false,
      passing_score integer CHECK (passing_score BETWEEN 0 AND 100), -- percent; NULL = no score needed
      due_days integer CHECK (due_days > 0), -- days after assignment
      is_published boolean NOT NULL DEFAULT false,
      created_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX idx_training_content_org_active ON training_content (organization_id, archived_at)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_training_content_created_by_user ON training_content (created_by_user_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE training_quiz_questions (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      content_id integer NOT NULL REFERENCES training_content(id) ON DELETE CASCADE,
      question text NOT NULL,
      question_type varchar(30) NOT NULL DEFAULT 'single_choice'
        CHECK (question_type IN ('single_choice', 'multiple_choice', 'true_false', 'short_answer')),
      options jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(options) = 'array'),
      correct_answers jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(correct_answers) = 'array'),
      explanation text,
      display_order integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX idx_training_quiz_questions_content ON training_quiz_questions (content_id, display_order)`.execute(
    db,
  );

  await sql`
    CREATE TABLE user_training_progress (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      content_id integer NOT NULL REFERENCES training_content(id) ON DELETE CASCADE,
      status varchar(20) NOT NULL DEFAULT 'assigned'
        CHECK (status IN ('assigned', 'in_progress', 'completed', 'failed', 'exempt')),
      assigned_at timestamptz NOT NULL DEFAULT now(),
      due_date date,
      started_at timestamptz,
      completed_at timestamptz,
      score integer CHECK (score BETWEEN 0 AND 100),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      last_answers jsonb,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (user_id, content_id)
    )`.execute(db);
  // Completion reports per course.
  await sql`CREATE INDEX idx_user_training_progress_content ON user_training_progress (content_id, status)`.execute(
    db,
  );

  // ---------------------------------------------------------------- automation

  await sql`
    CREATE TABLE automation_rules (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name varchar(200) NOT NULL,
      description text,
      trigger_type varchar(50) NOT NULL CHECK (trigger_type IN ('ticket_created', 'ticket_updated', 'ticket_replied',
        'user_created', 'user_updated', 'user_synced', 'asset_expiring', 'schedule', 'manual')),
      conditions jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(conditions) = 'object'),
      actions jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(actions) = 'array'),
      is_enabled boolean NOT NULL DEFAULT true,
      stop_processing boolean NOT NULL DEFAULT false, -- later rules for the same event are skipped
      display_order integer NOT NULL DEFAULT 0,
      schedule_cron varchar(100),
      run_count integer NOT NULL DEFAULT 0 CHECK (run_count >= 0),
      last_run_at timestamptz,
      created_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      CHECK (trigger_type <> 'schedule' OR schedule_cron IS NOT NULL)
    )`.execute(db);
  // The engine's lookup: the rules for one trigger, in order.
  await sql`CREATE INDEX idx_automation_rules_trigger ON automation_rules (organization_id, trigger_type, display_order)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_automation_rules_created_by_user ON automation_rules (created_by_user_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE named_conditions (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      name varchar(200) NOT NULL,
      description text,
      condition jsonb NOT NULL,
      created_by_user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, name)
    )`.execute(db);
  await sql`CREATE INDEX idx_named_conditions_created_by_user ON named_conditions (created_by_user_id)`.execute(
    db,
  );

  // Append-only audit of rule evaluations (no updated_at); old rows are purged by evaluated_at.
  await sql`
    CREATE TABLE rule_evaluation_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      rule_id integer NOT NULL REFERENCES automation_rules(id) ON DELETE CASCADE,
      entity_type varchar(50) NOT NULL, -- 'ticket', 'user', 'asset', 'schedule', …
      entity_id integer, -- NULL for scheduled and manual runs without a subject
      matched boolean NOT NULL,
      actions_taken jsonb,
      error text,
      duration_ms integer CHECK (duration_ms >= 0),
      evaluated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX idx_rule_evaluation_log_rule ON rule_evaluation_log (rule_id, evaluated_at DESC)`.execute(
    db,
  );
  // "Which rules ran on this ticket?"
  await sql`CREATE INDEX idx_rule_evaluation_log_entity ON rule_evaluation_log (entity_type, entity_id)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_rule_evaluation_log_evaluated_at ON rule_evaluation_log (evaluated_at)`.execute(
    db,
  );

  // ---------------------------------------------------------------- AI

  await sql`
    CREATE TABLE ai_config (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL UNIQUE REFERENCES organizations(id) ON DELETE CASCADE,
      provider varchar(30) NOT NULL DEFAULT 'none'
        CHECK (provider IN ('openai', 'anthropic', 'google', 'azure_openai', 'ollama', 'none')),
      model varchar(200),
      -- The provider API key, encrypted with AES-256-GCM by the app; never returned.
      api_key_encrypted bytea,
      base_url varchar(500), -- Azure OpenAI endpoint or Ollama server
      is_enabled boolean NOT NULL DEFAULT false,
      max_tokens integer CHECK (max_tokens > 0),
      temperature numeric(3,2) CHECK (temperature BETWEEN 0 AND 2),
      monthly_budget_cents integer CHECK (monthly_budget_cents >= 0), -- NULL = no budget cap
      features jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(features) = 'object'),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (NOT is_enabled OR provider <> 'none')
    )`.execute(db);

  await sql`
    CREATE TABLE ai_chat_history (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      conversation_id uuid NOT NULL,
      role varchar(20) NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
      content text NOT NULL,
      model varchar(200),
      prompt_tokens integer CHECK (prompt_tokens >= 0),
      completion_tokens integer CHECK (completion_tokens >= 0),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX idx_ai_chat_history_conversation ON ai_chat_history (user_id, conversation_id, created_at)`.execute(
    db,
  );

  // Kept when the user is deleted (SET NULL): spend must still add up.
  await sql`
    CREATE TABLE ai_usage_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      user_id integer REFERENCES organization_users(id) ON DELETE SET NULL,
      feature varchar(100) NOT NULL, -- e.g. 'ticket_summary', 'reply_draft', 'chat'
      provider varchar(30) NOT NULL CHECK (provider IN ('openai', 'anthropic', 'google', 'azure_openai', 'ollama')),
      model varchar(200),
      prompt_tokens integer NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
      completion_tokens integer NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
      cost_microcents bigint NOT NULL DEFAULT 0 CHECK (cost_microcents >= 0),
      latency_ms integer CHECK (latency_ms >= 0),
      success boolean NOT NULL,
      error text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX idx_ai_usage_log_org_created ON ai_usage_log (organization_id, created_at DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_ai_usage_log_user ON ai_usage_log (user_id)`.execute(db);

  for (const table of [
    'auth_sessions',
    'auth_accounts',
    'auth_verifications',
    'user_groups',
    'user_group_memberships',
    'user_sessions',
    'gw_credentials',
    'gw_synced_users',
    'gw_org_units',
    'gw_groups',
    'gw_group_members',
    'ms_credentials',
    'ms_synced_users',
    'ms_synced_groups',
    'ms_licenses',
    'signature_templates',
    'signature_campaigns',
    'signature_assignments',
    'onboarding_templates',
    'offboarding_templates',
    'user_requests',
    'lifecycle_tasks',
    'scheduled_user_actions',
    'training_content',
    'training_quiz_questions',
    'user_training_progress',
    'automation_rules',
    'named_conditions',
    'ai_config',
  ]) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_set_updated_at`)} BEFORE UPDATE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION helios_set_updated_at()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP VIEW gw_synced_groups`.execute(db);
  for (const table of [
    'ai_usage_log',
    'ai_chat_history',
    'ai_config',
    'rule_evaluation_log',
    'named_conditions',
    'automation_rules',
    'user_training_progress',
    'training_quiz_questions',
    'training_content',
    'scheduled_user_actions',
    'lifecycle_tasks',
    'user_requests',
    'offboarding_templates',
    'onboarding_templates',
    'signature_assignments',
    'signature_campaigns',
    'signature_templates',
    'ms_licenses',
    'ms_synced_groups',
    'ms_synced_users',
    'ms_credentials',
    'gw_group_members',
    'gw_groups',
    'gw_org_units',
    'gw_synced_users',
    'gw_credentials',
    'user_sessions',
    'user_group_memberships',
    'user_groups',
    'auth_verifications',
    'auth_accounts',
    'auth_sessions',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
