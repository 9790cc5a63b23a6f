// One line of documentation per table, kept in the catalog (COMMENT ON TABLE) so that
// docs/schema.md is generated from the database itself and cannot drift from it.
import { type Kysely, sql } from 'kysely';

const comments: Record<string, string> = {
  organizations: 'The one organization of this installation (a unique index allows a single row).',
  organization_users:
    'Everyone Helios knows: admins, IT staff (manager), colleagues (user) and outside contacts.',
  organization_settings: 'Key/value (jsonb) settings of the organization.',
  modules: 'Feature modules Helios ships (documentation, helpdesk, sync, lifecycle, …).',
  organization_modules: 'Which modules the organization has enabled, with per-module config.',
  locations: 'Offices, sites and warehouses.',
  vendors: 'Suppliers, registrars, ISPs and other companies IT deals with.',
  departments: 'Organizational structure (optionally nested).',
  document_templates: 'Reusable HTML templates for documents.',
  folders: 'A tree of folders for credentials, documents and files.',
  assets: 'Hardware: computers, phones, servers, network devices, printers (incl. Google-synced devices).',
  credentials: 'The vault: logins with AES-256-GCM encrypted password and OTP secret.',
  domains: 'Internet domains with expiry, DNS facts and the vendors that host them.',
  certificates: 'TLS certificates with issuer, subject domain and expiry.',
  software_licenses: 'Software licenses and subscriptions with seats and expiry (incl. Google SKUs).',
  documents: 'Rich-text (sanitized HTML) documentation pages.',
  files: 'Uploaded files and registered Drive links.',
  user_assets: 'Link: user ↔ asset.',
  user_credentials: 'Link: user ↔ credential.',
  user_documents: 'Link: user ↔ document.',
  user_files: 'Link: user ↔ file.',
  user_software_licenses: 'Link: license seat assigned to a user.',
  asset_credentials: 'Link: asset ↔ credential.',
  asset_documents: 'Link: asset ↔ document.',
  asset_files: 'Link: asset ↔ file.',
  asset_software_licenses: 'Link: license installed on an asset.',
  domain_certificates: 'Link: domain ↔ certificate.',
  vendor_credentials: 'Link: vendor ↔ credential.',
  vendor_documents: 'Link: vendor ↔ document.',
  vendor_files: 'Link: vendor ↔ file.',
  tags: 'Labels for users, assets and tickets.',
  user_tags: 'Link: tag on a user.',
  asset_tags: 'Link: tag on an asset.',
  custom_fields: 'Admin-defined extra fields per table (text, number, date, dropdown, checkbox).',
  custom_values: 'Values of custom fields, one per field and record.',
  audit_logs: 'Who did what, when, from where: every mutation and every credential reveal.',
  notifications: 'In-app notifications per user (assignments, replies, expiry alerts).',
  ticket_statuses: 'The organization’s ordered, coloured ticket statuses.',
  tickets: 'Helpdesk tickets, numbered per organization without gaps.',
  ticket_replies: 'Public and internal replies on tickets, with time spent.',
  ticket_assets: 'Link: assets a ticket is about.',
  ticket_watchers: 'Link: users who follow a ticket.',
  ticket_attachments: 'Link: files attached to a ticket.',
  ticket_tags: 'Link: tag on a ticket.',
  auth_sessions: 'Sign-in sessions (token stored hashed).',
  auth_accounts: 'Sign-in accounts per provider (tokens encrypted, passwords hashed).',
  auth_verifications: 'One-time verification values (hashed) for email and 2FA.',
  user_groups: 'Groups and teams (manual, or mirrored from Google / Microsoft).',
  user_group_memberships: 'Who is in which group, with role and source.',
  user_sessions: 'Legacy session records (token stored hashed).',
  gw_credentials:
    'Google Workspace connection: encrypted service-account key, admin to impersonate, schedule.',
  gw_synced_users: 'Raw mirror of Google Directory users (raw_data, etag, content hash, last seen).',
  gw_org_units: 'Mirror of Google org units.',
  gw_groups: 'Mirror of Google groups.',
  gw_group_members: 'Mirror of Google group memberships.',
  ms_credentials: 'Microsoft 365 connection (encrypted client secret).',
  ms_synced_users: 'Raw mirror of Microsoft 365 users.',
  ms_synced_groups: 'Raw mirror of Microsoft 365 groups.',
  ms_licenses: 'Microsoft 365 subscribed SKUs and their seat counts.',
  onboarding_templates: 'What a new joiner gets: OU, groups, licenses, signature, tasks.',
  offboarding_templates: 'What happens when someone leaves: transfers, removals, wipe, suspension.',
  user_requests: 'Onboarding / offboarding / change requests and their approval state.',
  lifecycle_tasks: 'The tasks of a lifecycle request.',
  scheduled_user_actions: 'Account actions scheduled for a later time (suspend, delete, transfer…).',
  training_content: 'Security and compliance training material.',
  training_quiz_questions: 'Quiz questions of a training item.',
  user_training_progress: 'Each user’s assignment, progress and score per training item.',
  automation_rules: 'Rules: trigger + conditions + actions.',
  named_conditions: 'Reusable named conditions for automation rules.',
  rule_evaluation_log: 'Each evaluation of an automation rule and what it did.',
  signature_templates: 'Email signature templates.',
  signature_campaigns: 'Rollouts of a signature template to a target audience.',
  signature_assignments: 'Which signature each user has and whether it was applied.',
  ai_config: 'The AI provider, model, budget and encrypted API key.',
  ai_chat_history: 'AI assistant conversations.',
  ai_usage_log: 'AI calls with tokens, cost and latency.',
};

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, comment] of Object.entries(comments)) {
    await sql`COMMENT ON TABLE ${sql.table(table)} IS ${sql.lit(comment)}`.execute(db);
  }
  await sql`COMMENT ON VIEW gw_synced_groups IS ${sql.lit('Legacy name for gw_groups (compatibility view).')}`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of Object.keys(comments)) {
    await sql`COMMENT ON TABLE ${sql.table(table)} IS NULL`.execute(db);
  }
  await sql`COMMENT ON VIEW gw_synced_groups IS NULL`.execute(db);
}
