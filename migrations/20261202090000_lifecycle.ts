// Onboarding and offboarding (the lifecycle module). Frozen in time once merged: never import app
// code here.
//
// - organization_users.user_status: where a person is in their lifecycle. A trigger keeps it in
//   step with is_active, so whatever writes is_active (the directory sync, the users API, psql)
//   needs to know nothing of it; the lifecycle's own commands set pending/offboarding/offboarded.
// - One id sequence for onboarding_templates and offboarding_templates, so /lifecycle/templates/:id
//   needs no kind; `steps` (jsonb) is the truth of a template (the seed's boolean columns are
//   derived from it on every write).
// - user_requests: effective_at, status 'failed', one open request per person and kind.
// - lifecycle_tasks: one row per step of a request (step key unique per request).
// - scheduled_user_actions: the schedule, attempts and lease of an automatic step, 1:1 with its
//   lifecycle_tasks row.
// - The default templates for organizations that already exist (new ones get them at creation).
import { type Kysely, sql } from 'kysely';

const ACTION_TYPES = [
  'google.createUser',
  'google.updateProfile',
  'google.addToGroups',
  'google.assignLicenses',
  'helios.assignAssets',
  'helios.fileTicket',
  'google.setMailForwarding',
  'google.addMailDelegate',
  'google.setVacationResponder',
  'google.transferData',
  'google.signOut',
  'google.revokeTokens',
  'google.resetPassword',
  'google.removeFromGroups',
  'google.changeLicenses',
  'google.wipeMobileDevices',
  'google.moveOrgUnit',
  'google.suspendUser',
  'helios.checkInAssets',
  'helios.revokeAccess',
];
const OLD_ACTION_TYPES = [
  'suspend',
  'unsuspend',
  'archive',
  'delete',
  'remove_licenses',
  'transfer_data',
  'move_org_unit',
  'remove_from_groups',
  'wipe_devices',
  'reset_password',
];
const list = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

// Frozen copies of the default templates (backend/src/modules/lifecycle/defaults.ts) as they were
// when this migration was written, for organizations that existed before it (DOMAIN: the
// organization's primary domain).
const ONBOARDING = {
  name: 'Default onboarding',
  description:
    'Creates the Google account, fills in the profile, adds groups and licenses, assigns a laptop from storage, and opens the tasks a joiner needs.',
  steps:
    '[{"key":"create-account","kind":"action","name":"Create the Google account","action":"google.createUser","params":{},"offsetDays":0},{"key":"set-profile","kind":"action","name":"Set title, department, manager and phones","action":"google.updateProfile","params":{},"offsetDays":0},{"key":"add-groups","kind":"action","name":"Add to groups","action":"google.addToGroups","params":{"groups":["everyone@DOMAIN"]},"offsetDays":0},{"key":"assign-licenses","kind":"action","name":"Assign licenses","action":"google.assignLicenses","params":{"skus":[{"productId":"Google-Apps","skuId":"1010020028"}]},"offsetDays":0},{"key":"assign-laptop","kind":"action","name":"Assign a laptop from storage","action":"helios.assignAssets","params":{"fromStorage":{"category":"computer"}},"offsetDays":0},{"key":"prepare-desk","kind":"task","name":"Prepare the desk","description":"Desk, chair, screen and badge ready on the first day.","assignee":{"kind":"manager"},"offsetDays":-1},{"key":"hardware-ticket","kind":"action","name":"File a ticket for the hardware","action":"helios.fileTicket","params":{"subject":"Hardware for a new joiner","priority":"medium"},"offsetDays":0}]',
};
const OFFBOARDING = {
  name: 'Default offboarding',
  description:
    "Keeps the leaver's mail flowing to their manager, hands their files over, locks the account, frees licenses, and checks in what Helios lent them.",
  steps:
    '[{"key":"forward-mail","kind":"action","name":"Forward mail to the manager","action":"google.setMailForwarding","params":{"to":"manager"},"offsetDays":0},{"key":"delegate-mailbox","kind":"action","name":"Let the manager read the mailbox","action":"google.addMailDelegate","params":{"to":"manager"},"offsetDays":0},{"key":"vacation-responder","kind":"action","name":"Set an auto-reply","action":"google.setVacationResponder","params":{"subject":"No longer with the company","message":"Thank you for your email. I am no longer with the company; your message has been forwarded to my manager."},"offsetDays":0},{"key":"transfer-data","kind":"action","name":"Transfer Drive and Calendar to the manager","action":"google.transferData","params":{"to":"manager"},"offsetDays":0},{"key":"sign-out","kind":"action","name":"Sign out of every session","action":"google.signOut","params":{},"offsetDays":0},{"key":"revoke-tokens","kind":"action","name":"Revoke app tokens","action":"google.revokeTokens","params":{},"offsetDays":0},{"key":"reset-password","kind":"action","name":"Reset the password","action":"google.resetPassword","params":{},"offsetDays":0},{"key":"remove-groups","kind":"action","name":"Remove from every group","action":"google.removeFromGroups","params":{},"offsetDays":0},{"key":"change-licenses","kind":"action","name":"Remove licenses","action":"google.changeLicenses","params":{"remove":"all"},"offsetDays":0},{"key":"wipe-mobile","kind":"action","name":"Remove the work account from mobile devices","action":"google.wipeMobileDevices","params":{"mode":"admin_account_wipe"},"offsetDays":0},{"key":"move-ou","kind":"action","name":"Move to the leavers organizational unit","action":"google.moveOrgUnit","params":{"orgUnitPath":"/Leavers"},"offsetDays":0},{"key":"suspend","kind":"action","name":"Suspend the account","action":"google.suspendUser","params":{},"offsetDays":0},{"key":"check-in-assets","kind":"action","name":"Check in Helios assets and license seats","action":"helios.checkInAssets","params":{},"offsetDays":0},{"key":"revoke-helios","kind":"action","name":"Revoke Helios API keys and sessions","action":"helios.revokeAccess","params":{},"offsetDays":0},{"key":"collect-laptop","kind":"task","name":"Collect the laptop, phone and badge","assignee":{"kind":"manager"},"offsetDays":0}]',
};

export async function up(db: Kysely<any>): Promise<void> {
  // ------------------------------------------------------------ the person's status
  await sql`ALTER TABLE organization_users
    ADD COLUMN user_status varchar(20) NOT NULL DEFAULT 'active'
      CHECK (user_status IN ('pending', 'active', 'suspended', 'offboarding', 'offboarded'))`.execute(db);
  // Archived people left the directory; inactive ones are suspended.
  await sql`UPDATE organization_users SET user_status = CASE
      WHEN archived_at IS NOT NULL THEN 'offboarded'
      WHEN NOT is_active THEN 'suspended'
      ELSE 'active' END`.execute(db);
  // Lists of people by status ("who is being offboarded").
  await sql`CREATE INDEX idx_organization_users_user_status ON organization_users (organization_id, user_status)`.execute(
    db,
  );
  // is_active decides unless the write set user_status itself (the lifecycle's commands do): a
  // deactivated person is suspended unless a lifecycle holds them (pending, offboarding,
  // offboarded); a reactivated suspended person is active again, and so is a pending one once
  // Google has their account (the sync or createUser sets google_workspace_id).
  await sql`
    CREATE FUNCTION helios_user_status_from_active() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        IF NEW.user_status IS DISTINCT FROM OLD.user_status THEN
          RETURN NEW;
        END IF;
      END IF;
      IF NOT NEW.is_active THEN
        IF NEW.user_status NOT IN ('pending', 'offboarding', 'offboarded') THEN
          NEW.user_status := 'suspended';
        END IF;
      ELSIF NEW.user_status = 'suspended'
        OR (NEW.user_status = 'pending' AND NEW.google_workspace_id IS NOT NULL) THEN
        NEW.user_status := 'active';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER organization_users_user_status BEFORE INSERT OR UPDATE ON organization_users
    FOR EACH ROW EXECUTE FUNCTION helios_user_status_from_active()`.execute(db);

  // ------------------------------------------------------------ templates
  await sql`CREATE SEQUENCE lifecycle_template_id_seq`.execute(db);
  for (const table of ['onboarding_templates', 'offboarding_templates']) {
    const t = sql.table(table);
    await sql`ALTER TABLE ${t} ALTER COLUMN id DROP IDENTITY`.execute(db);
    await sql`ALTER TABLE ${t} ADD COLUMN steps jsonb NOT NULL DEFAULT '[]'::jsonb
      CHECK (jsonb_typeof(steps) = 'array')`.execute(db);
  }
  await sql`SELECT setval('lifecycle_template_id_seq', GREATEST(
      (SELECT COALESCE(max(id), 0) FROM onboarding_templates),
      (SELECT COALESCE(max(id), 0) FROM offboarding_templates), 0) + 1, false)`.execute(db);
  // Ids both tables used get a new one on the offboarding side (nothing referenced them yet: no
  // code wrote these tables before this migration).
  await sql`UPDATE offboarding_templates SET id = nextval('lifecycle_template_id_seq')
    WHERE id IN (SELECT id FROM onboarding_templates)`.execute(db);
  for (const table of ['onboarding_templates', 'offboarding_templates']) {
    await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN id SET DEFAULT nextval('lifecycle_template_id_seq')`.execute(
      db,
    );
  }

  // ------------------------------------------------------------ requests
  await sql`ALTER TABLE user_requests DROP CONSTRAINT user_requests_status_check`.execute(db);
  await sql`ALTER TABLE user_requests ADD CONSTRAINT user_requests_status_check
    CHECK (status IN ('pending', 'approved', 'in_progress', 'failed', 'completed', 'cancelled', 'rejected'))`.execute(
    db,
  );
  await sql`ALTER TABLE user_requests ADD COLUMN effective_at timestamptz`.execute(db);
  await sql`UPDATE user_requests SET effective_at = COALESCE(start_date, end_date, created_at::date)::timestamptz`.execute(
    db,
  );
  // One open request per person and kind, however many staff file one at once.
  await sql`CREATE UNIQUE INDEX idx_user_requests_open_per_person ON user_requests (subject_user_id, request_type)
    WHERE status IN ('pending', 'approved', 'in_progress', 'failed')`.execute(db);

  // ------------------------------------------------------------ steps
  await sql`UPDATE lifecycle_tasks SET status = 'running' WHERE status = 'in_progress'`.execute(db);
  await sql`ALTER TABLE lifecycle_tasks DROP CONSTRAINT lifecycle_tasks_status_check`.execute(db);
  await sql`ALTER TABLE lifecycle_tasks ADD CONSTRAINT lifecycle_tasks_status_check
    CHECK (status IN ('pending', 'scheduled', 'running', 'completed', 'skipped', 'failed', 'cancelled'))`.execute(
    db,
  );
  await sql`ALTER TABLE lifecycle_tasks DROP CONSTRAINT lifecycle_tasks_task_type_check`.execute(db);
  await sql`ALTER TABLE lifecycle_tasks ADD CONSTRAINT lifecycle_tasks_task_type_check
    CHECK (task_type IN ('manual', 'google_action', 'helios_action', 'microsoft_action', 'ticket', 'email', 'approval'))`.execute(
    db,
  );
  await sql`ALTER TABLE lifecycle_tasks
    ADD COLUMN step_key varchar(63),
    ADD COLUMN action_type varchar(50) CHECK (action_type IN (${list(ACTION_TYPES)})),
    ADD COLUMN params jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(params) = 'object'),
    ADD COLUMN offset_days integer NOT NULL DEFAULT 0,
    ADD COLUMN conditions jsonb,
    ADD COLUMN assignee jsonb`.execute(db);
  await sql`UPDATE lifecycle_tasks SET step_key = 'task-' || id`.execute(db);
  await sql`ALTER TABLE lifecycle_tasks ALTER COLUMN step_key SET NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX idx_lifecycle_tasks_step_key ON lifecycle_tasks (user_request_id, step_key)`.execute(
    db,
  );

  await sql`ALTER TABLE scheduled_user_actions DROP CONSTRAINT scheduled_user_actions_action_type_check`.execute(
    db,
  );
  await sql`ALTER TABLE scheduled_user_actions ADD CONSTRAINT scheduled_user_actions_action_type_check
    CHECK (action_type IN (${list([...OLD_ACTION_TYPES, ...ACTION_TYPES])}))`.execute(db);
  await sql`ALTER TABLE scheduled_user_actions DROP CONSTRAINT scheduled_user_actions_status_check`.execute(
    db,
  );
  await sql`ALTER TABLE scheduled_user_actions ADD CONSTRAINT scheduled_user_actions_status_check
    CHECK (status IN ('scheduled', 'running', 'completed', 'failed', 'cancelled', 'skipped'))`.execute(db);
  // The step this run of an action belongs to (1:1), and the lease of the worker running it: a
  // run left 'running' past its lease (a crashed process) may be claimed again.
  await sql`ALTER TABLE scheduled_user_actions
    ADD COLUMN lifecycle_task_id integer UNIQUE REFERENCES lifecycle_tasks(id) ON DELETE CASCADE,
    ADD COLUMN locked_until timestamptz`.execute(db);

  // ------------------------------------------------------------ defaults for existing organizations
  // The seed's columns, derived from the steps as every later write derives them.
  await sql`INSERT INTO onboarding_templates (organization_id, name, description, steps, group_emails, license_skus)
    SELECT id, ${ONBOARDING.name}, ${ONBOARDING.description},
      replace(${ONBOARDING.steps}, 'everyone@DOMAIN', 'everyone@' || primary_domain)::jsonb,
      ARRAY['everyone@' || primary_domain], ARRAY['Google-Apps/1010020028'] FROM organizations
    ON CONFLICT (organization_id, name) DO NOTHING`.execute(db);
  await sql`INSERT INTO offboarding_templates (organization_id, name, description, steps,
      transfer_drive_to_manager, transfer_calendar, remove_from_groups, remove_licenses, wipe_devices,
      email_forward_to_manager, suspend_after_days)
    SELECT id, ${OFFBOARDING.name}, ${OFFBOARDING.description}, ${OFFBOARDING.steps}::jsonb,
      true, true, true, true, true, true, 0 FROM organizations
    ON CONFLICT (organization_id, name) DO NOTHING`.execute(db);
  for (const table of ['onboarding_templates', 'offboarding_templates']) {
    await sql`UPDATE ${sql.table(table)} SET tasks = jsonb_path_query_array(steps, '$[*] ? (@.kind == "task")')
      WHERE steps <> '[]'::jsonb`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE scheduled_user_actions DROP COLUMN locked_until, DROP COLUMN lifecycle_task_id`.execute(
    db,
  );
  await sql`DELETE FROM scheduled_user_actions WHERE action_type NOT IN (${list(OLD_ACTION_TYPES)})
    OR status = 'skipped'`.execute(db);
  await sql`ALTER TABLE scheduled_user_actions DROP CONSTRAINT scheduled_user_actions_status_check`.execute(
    db,
  );
  await sql`ALTER TABLE scheduled_user_actions ADD CONSTRAINT scheduled_user_actions_status_check
    CHECK (status IN ('scheduled', 'running', 'completed', 'failed', 'cancelled'))`.execute(db);
  await sql`ALTER TABLE scheduled_user_actions DROP CONSTRAINT scheduled_user_actions_action_type_check`.execute(
    db,
  );
  await sql`ALTER TABLE scheduled_user_actions ADD CONSTRAINT scheduled_user_actions_action_type_check
    CHECK (action_type IN (${list(OLD_ACTION_TYPES)}))`.execute(db);

  await sql`DROP INDEX idx_lifecycle_tasks_step_key`.execute(db);
  await sql`ALTER TABLE lifecycle_tasks DROP COLUMN step_key, DROP COLUMN action_type, DROP COLUMN params,
    DROP COLUMN offset_days, DROP COLUMN conditions, DROP COLUMN assignee`.execute(db);
  await sql`UPDATE lifecycle_tasks SET task_type = 'manual' WHERE task_type = 'helios_action'`.execute(db);
  await sql`ALTER TABLE lifecycle_tasks DROP CONSTRAINT lifecycle_tasks_task_type_check`.execute(db);
  await sql`ALTER TABLE lifecycle_tasks ADD CONSTRAINT lifecycle_tasks_task_type_check
    CHECK (task_type IN ('manual', 'google_action', 'microsoft_action', 'ticket', 'email', 'approval'))`.execute(
    db,
  );
  await sql`UPDATE lifecycle_tasks SET status = CASE status
      WHEN 'running' THEN 'in_progress' WHEN 'scheduled' THEN 'pending' WHEN 'cancelled' THEN 'skipped'
      ELSE status END`.execute(db);
  await sql`ALTER TABLE lifecycle_tasks DROP CONSTRAINT lifecycle_tasks_status_check`.execute(db);
  await sql`ALTER TABLE lifecycle_tasks ADD CONSTRAINT lifecycle_tasks_status_check
    CHECK (status IN ('pending', 'in_progress', 'completed', 'skipped', 'failed'))`.execute(db);

  await sql`DROP INDEX idx_user_requests_open_per_person`.execute(db);
  await sql`ALTER TABLE user_requests DROP COLUMN effective_at`.execute(db);
  await sql`UPDATE user_requests SET status = 'in_progress' WHERE status = 'failed'`.execute(db);
  await sql`ALTER TABLE user_requests DROP CONSTRAINT user_requests_status_check`.execute(db);
  await sql`ALTER TABLE user_requests ADD CONSTRAINT user_requests_status_check
    CHECK (status IN ('pending', 'approved', 'in_progress', 'completed', 'cancelled', 'rejected'))`.execute(
    db,
  );

  for (const table of ['onboarding_templates', 'offboarding_templates']) {
    const t = sql.table(table);
    await sql`ALTER TABLE ${t} DROP COLUMN steps`.execute(db);
    await sql`ALTER TABLE ${t} ALTER COLUMN id DROP DEFAULT`.execute(db);
  }
  // Identity again, each from past its highest id.
  for (const table of ['onboarding_templates', 'offboarding_templates']) {
    const { rows } = await sql<{
      next: number;
    }>`SELECT COALESCE(max(id), 0) + 1 AS next FROM ${sql.table(table)}`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (START WITH ${sql.raw(
      String(Number(rows[0]?.next ?? 1)),
    )})`.execute(db);
  }
  await sql`DROP SEQUENCE lifecycle_template_id_seq`.execute(db);

  await sql`DROP TRIGGER organization_users_user_status ON organization_users`.execute(db);
  await sql`DROP FUNCTION helios_user_status_from_active()`.execute(db);
  await sql`DROP INDEX idx_organization_users_user_status`.execute(db);
  await sql`ALTER TABLE organization_users DROP COLUMN user_status`.execute(db);
}
