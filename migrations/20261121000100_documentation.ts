// Documentation tables: assets, credentials, domains, certificates, software licenses, documents,
// files and folders, the junction tables that link everything to everything, tags, custom fields,
// the audit log and notifications. Frozen in time: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Not in the ITFlow seed (documents.template_id points at it): reusable HTML bodies for documents.
  await sql`
    CREATE TABLE document_templates (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(200) NOT NULL,
      description text,
      content text, -- rich text (HTML)
      -- Nullable: templates shipped with Helios are seeded without an author.
      created_by_user_id integer REFERENCES organization_users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX idx_document_templates_org_active ON document_templates (organization_id, archived_at)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_document_templates_created_by_user ON document_templates (created_by_user_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE folders (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(200) NOT NULL,
      description text,
      parent_folder_id integer REFERENCES folders(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      CONSTRAINT folders_not_own_parent CHECK (parent_folder_id <> id)
    )`.execute(db);
  await sql`CREATE INDEX idx_folders_org_active ON folders (organization_id, archived_at)`.execute(db);
  await sql`CREATE INDEX idx_folders_parent ON folders (parent_folder_id)`.execute(db);

  await sql`
    CREATE TABLE assets (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(200) NOT NULL,
      asset_type varchar(100) NOT NULL CHECK (
        asset_type IN ('computer', 'phone', 'tablet', 'server', 'network_device', 'printer', 'other')
      ),
      description text,
      make varchar(200),
      model varchar(200),
      serial_number varchar(200),
      os varchar(200),
      os_version varchar(100),
      admin_url varchar(500),
      client_url varchar(500),
      uri_2 varchar(500),
      purchase_date date,
      purchase_reference varchar(200),
      warranty_expire_date date,
      install_date date,
      physical_location varchar(200),
      location_id integer REFERENCES locations(id),
      google_device_id varchar(200),
      synced_from_google boolean NOT NULL DEFAULT false,
      last_synced_at timestamptz,
      status varchar(100) CHECK (status IN ('active', 'retired', 'repair', 'storage')),
      is_important boolean NOT NULL DEFAULT false,
      photo_url varchar(500),
      notes text,
      assigned_to_user_id integer REFERENCES organization_users(id),
      vendor_id integer REFERENCES vendors(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      last_accessed_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX idx_assets_org_active ON assets (organization_id, archived_at)`.execute(db);
  await sql`CREATE INDEX idx_assets_assigned_user ON assets (assigned_to_user_id)`.execute(db);
  await sql`CREATE INDEX idx_assets_google_device ON assets (google_device_id)`.execute(db);
  await sql`CREATE INDEX idx_assets_warranty_expire ON assets (warranty_expire_date)`.execute(db);
  // The Google device sync upserts on this key: one asset per Google device.
  await sql`CREATE UNIQUE INDEX idx_assets_google_device_unique ON assets (organization_id, google_device_id) WHERE google_device_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX idx_assets_location ON assets (location_id)`.execute(db);
  await sql`CREATE INDEX idx_assets_vendor ON assets (vendor_id)`.execute(db);

  await sql`
    CREATE TABLE credentials (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(200) NOT NULL,
      description text,
      category varchar(100) CHECK (
        category IN ('email', 'website', 'application', 'vpn', 'wifi', 'server', 'other')
      ),
      uri varchar(500),
      uri_2 varchar(500),
      username varchar(500),
      -- Secrets are never stored in plaintext: both columns hold an opaque blob that the app
      -- encrypts with AES-256-GCM (the seed's otp_secret varchar(200) becomes otp_secret_encrypted).
      password_encrypted bytea,
      otp_secret_encrypted bytea,
      notes text,
      is_important boolean NOT NULL DEFAULT false,
      primary_user_id integer REFERENCES organization_users(id),
      primary_asset_id integer REFERENCES assets(id),
      folder_id integer REFERENCES folders(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      last_accessed_at timestamptz,
      password_changed_at timestamptz DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX idx_credentials_org_active ON credentials (organization_id, archived_at)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_credentials_primary_user ON credentials (primary_user_id)`.execute(db);
  await sql`CREATE INDEX idx_credentials_category ON credentials (category)`.execute(db);
  await sql`CREATE INDEX idx_credentials_primary_asset ON credentials (primary_asset_id)`.execute(db);
  await sql`CREATE INDEX idx_credentials_folder ON credentials (folder_id)`.execute(db);

  await sql`
    CREATE TABLE domains (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(200) NOT NULL,
      description text,
      expire_date date,
      ip_address varchar(100),
      nameservers text,
      mail_servers text,
      txt_records text,
      raw_whois text,
      registrar_vendor_id integer REFERENCES vendors(id),
      webhost_vendor_id integer REFERENCES vendors(id),
      dnshost_vendor_id integer REFERENCES vendors(id),
      mailhost_vendor_id integer REFERENCES vendors(id),
      is_google_workspace_domain boolean NOT NULL DEFAULT false,
      google_domain_verified boolean NOT NULL DEFAULT false,
      notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      last_accessed_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX idx_domains_org_active ON domains (organization_id, archived_at)`.execute(db);
  await sql`CREATE INDEX idx_domains_expire_date ON domains (expire_date)`.execute(db);
  await sql`CREATE INDEX idx_domains_google_workspace ON domains (is_google_workspace_domain)`.execute(db);
  await sql`CREATE INDEX idx_domains_registrar_vendor ON domains (registrar_vendor_id)`.execute(db);
  await sql`CREATE INDEX idx_domains_webhost_vendor ON domains (webhost_vendor_id)`.execute(db);
  await sql`CREATE INDEX idx_domains_dnshost_vendor ON domains (dnshost_vendor_id)`.execute(db);
  await sql`CREATE INDEX idx_domains_mailhost_vendor ON domains (mailhost_vendor_id)`.execute(db);

  await sql`
    CREATE TABLE certificates (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(200) NOT NULL,
      description text,
      domain varchar(200),
      issued_by varchar(200) NOT NULL,
      expire_date date,
      public_key text,
      domain_id integer REFERENCES domains(id),
      notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      last_accessed_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX idx_certificates_org_active ON certificates (organization_id, archived_at)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_certificates_expire_date ON certificates (expire_date)`.execute(db);
  await sql`CREATE INDEX idx_certificates_domain ON certificates (domain_id)`.execute(db);

  await sql`
    CREATE TABLE software_licenses (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(200) NOT NULL,
      description text,
      version varchar(100),
      license_type varchar(100) CHECK (license_type IN ('subscription', 'perpetual', 'trial', 'volume')),
      license_key varchar(500),
      seats integer CHECK (seats IS NULL OR seats >= 0),
      purchase_date date,
      purchase_reference varchar(200),
      expire_date date,
      google_license_sku varchar(200),
      synced_from_google boolean NOT NULL DEFAULT false,
      last_synced_at timestamptz,
      vendor_id integer REFERENCES vendors(id),
      notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      last_accessed_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX idx_software_licenses_org_active ON software_licenses (organization_id, archived_at)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_software_licenses_expire_date ON software_licenses (expire_date)`.execute(db);
  await sql`CREATE INDEX idx_software_licenses_google_license ON software_licenses (google_license_sku)`.execute(
    db,
  );
  // The Google license sync upserts on this key: one license record per Google SKU.
  await sql`CREATE UNIQUE INDEX idx_software_licenses_google_license_unique ON software_licenses (organization_id, google_license_sku) WHERE google_license_sku IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX idx_software_licenses_vendor ON software_licenses (vendor_id)`.execute(db);

  await sql`
    CREATE TABLE documents (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(200) NOT NULL,
      description text,
      content text, -- rich text (HTML)
      folder_id integer REFERENCES folders(id),
      template_id integer REFERENCES document_templates(id),
      notes text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      last_accessed_at timestamptz,
      created_by_user_id integer NOT NULL REFERENCES organization_users(id)
    )`.execute(db);
  await sql`CREATE INDEX idx_documents_org_active ON documents (organization_id, archived_at)`.execute(db);
  await sql`CREATE INDEX idx_documents_folder ON documents (folder_id)`.execute(db);
  await sql`CREATE INDEX idx_documents_template ON documents (template_id)`.execute(db);
  await sql`CREATE INDEX idx_documents_created_by_user ON documents (created_by_user_id)`.execute(db);

  await sql`
    CREATE TABLE files (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(200) NOT NULL,
      reference_name varchar(500) NOT NULL, -- actual file name on disk / in the bucket
      description text,
      file_type varchar(100),
      file_size bigint,
      mime_type varchar(100),
      storage_path varchar(1000), -- object key or disk path
      folder_id integer REFERENCES folders(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      uploaded_by_user_id integer NOT NULL REFERENCES organization_users(id)
    )`.execute(db);
  await sql`CREATE INDEX idx_files_org_active ON files (organization_id, archived_at)`.execute(db);
  await sql`CREATE INDEX idx_files_folder ON files (folder_id)`.execute(db);
  await sql`CREATE INDEX idx_files_uploaded_by_user ON files (uploaded_by_user_id)`.execute(db);

  // Junction tables: the "everything links to everything" system.
  await sql`
    CREATE TABLE user_assets (
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      asset_id integer NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      PRIMARY KEY (user_id, asset_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_user_assets_asset ON user_assets (asset_id)`.execute(db);

  await sql`
    CREATE TABLE user_credentials (
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      credential_id integer NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
      PRIMARY KEY (user_id, credential_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_user_credentials_credential ON user_credentials (credential_id)`.execute(db);

  await sql`
    CREATE TABLE user_documents (
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      document_id integer NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      PRIMARY KEY (user_id, document_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_user_documents_document ON user_documents (document_id)`.execute(db);

  await sql`
    CREATE TABLE user_files (
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      file_id integer NOT NULL REFERENCES files(id) ON DELETE CASCADE,
      PRIMARY KEY (user_id, file_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_user_files_file ON user_files (file_id)`.execute(db);

  await sql`
    CREATE TABLE user_software_licenses (
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      software_license_id integer NOT NULL REFERENCES software_licenses(id) ON DELETE CASCADE,
      assigned_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, software_license_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_user_software_licenses_software_license ON user_software_licenses (software_license_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE asset_credentials (
      asset_id integer NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      credential_id integer NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
      PRIMARY KEY (asset_id, credential_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_asset_credentials_credential ON asset_credentials (credential_id)`.execute(db);

  await sql`
    CREATE TABLE asset_documents (
      asset_id integer NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      document_id integer NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      PRIMARY KEY (asset_id, document_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_asset_documents_document ON asset_documents (document_id)`.execute(db);

  await sql`
    CREATE TABLE asset_files (
      asset_id integer NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      file_id integer NOT NULL REFERENCES files(id) ON DELETE CASCADE,
      PRIMARY KEY (asset_id, file_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_asset_files_file ON asset_files (file_id)`.execute(db);

  await sql`
    CREATE TABLE asset_software_licenses (
      asset_id integer NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      software_license_id integer NOT NULL REFERENCES software_licenses(id) ON DELETE CASCADE,
      installed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (asset_id, software_license_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_asset_software_licenses_software_license ON asset_software_licenses (software_license_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE domain_certificates (
      domain_id integer NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
      certificate_id integer NOT NULL REFERENCES certificates(id) ON DELETE CASCADE,
      PRIMARY KEY (domain_id, certificate_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_domain_certificates_certificate ON domain_certificates (certificate_id)`.execute(
    db,
  );

  await sql`
    CREATE TABLE vendor_credentials (
      vendor_id integer NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
      credential_id integer NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
      PRIMARY KEY (vendor_id, credential_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_vendor_credentials_credential ON vendor_credentials (credential_id)`.execute(db);

  await sql`
    CREATE TABLE vendor_documents (
      vendor_id integer NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
      document_id integer NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
      PRIMARY KEY (vendor_id, document_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_vendor_documents_document ON vendor_documents (document_id)`.execute(db);

  await sql`
    CREATE TABLE vendor_files (
      vendor_id integer NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
      file_id integer NOT NULL REFERENCES files(id) ON DELETE CASCADE,
      PRIMARY KEY (vendor_id, file_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_vendor_files_file ON vendor_files (file_id)`.execute(db);

  await sql`
    CREATE TABLE tags (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      name varchar(100) NOT NULL,
      type varchar(50) CHECK (type IN ('user', 'asset', 'ticket', 'general')),
      color varchar(20),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz,
      -- NULLS NOT DISTINCT: two untyped tags with one name are still duplicates.
      UNIQUE NULLS NOT DISTINCT (organization_id, name, type)
    )`.execute(db);
  await sql`CREATE INDEX idx_tags_org_type ON tags (organization_id, type)`.execute(db);

  await sql`
    CREATE TABLE user_tags (
      user_id integer NOT NULL REFERENCES organization_users(id) ON DELETE CASCADE,
      tag_id integer NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
      PRIMARY KEY (user_id, tag_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_user_tags_tag ON user_tags (tag_id)`.execute(db);

  await sql`
    CREATE TABLE asset_tags (
      asset_id integer NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      tag_id integer NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
      PRIMARY KEY (asset_id, tag_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_asset_tags_tag ON asset_tags (tag_id)`.execute(db);

  await sql`
    CREATE TABLE custom_fields (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      -- The tables that can carry custom fields (tickets arrives with the ticketing migration).
      table_name varchar(100) NOT NULL CHECK (
        table_name IN (
          'organization_users', 'assets', 'credentials', 'domains', 'certificates', 'software_licenses',
          'locations', 'vendors', 'documents', 'files', 'tickets'
        )
      ),
      field_name varchar(100) NOT NULL,
      field_label varchar(200) NOT NULL,
      field_type varchar(50) NOT NULL CHECK (field_type IN ('text', 'number', 'date', 'dropdown', 'checkbox')),
      field_options jsonb,
      display_order integer NOT NULL DEFAULT 999,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, table_name, field_name)
    )`.execute(db);
  await sql`CREATE INDEX idx_custom_fields_org_table ON custom_fields (organization_id, table_name)`.execute(
    db,
  );

  await sql`
    CREATE TABLE custom_values (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      field_id integer NOT NULL REFERENCES custom_fields(id) ON DELETE CASCADE,
      entity_id integer NOT NULL,
      value text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (field_id, entity_id)
    )`.execute(db);
  await sql`CREATE INDEX idx_custom_values_field_entity ON custom_values (field_id, entity_id)`.execute(db);

  await sql`
    CREATE TABLE audit_logs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      -- Open-ended on purpose: besides create/update/delete/login/access the app records reveal,
      -- archive, restore, sync… A CHECK here would make every new audited action a migration.
      action varchar(100) NOT NULL,
      entity_type varchar(100),
      entity_id integer,
      description text,
      old_value jsonb,
      new_value jsonb,
      user_id integer REFERENCES organization_users(id),
      ip_address varchar(100),
      user_agent text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX idx_audit_logs_org_created ON audit_logs (organization_id, created_at DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX idx_audit_logs_entity ON audit_logs (entity_type, entity_id)`.execute(db);
  await sql`CREATE INDEX idx_audit_logs_user ON audit_logs (user_id, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE notifications (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      organization_id integer NOT NULL REFERENCES organizations(id),
      type varchar(100) NOT NULL, -- open-ended: 'ticket_assigned', 'domain_expiring', 'cert_expiring', ...
      message text NOT NULL,
      action_url varchar(500),
      user_id integer NOT NULL REFERENCES organization_users(id),
      is_read boolean NOT NULL DEFAULT false,
      read_at timestamptz,
      dismissed_at timestamptz,
      entity_type varchar(100),
      entity_id integer,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX idx_notifications_user_unread ON notifications (user_id, is_read, created_at DESC)`.execute(
    db,
  );
  // Unread counts and the inbox read only unread rows; a partial index over them stays small.
  await sql`CREATE INDEX idx_notifications_user_unread_partial ON notifications (user_id, created_at DESC) WHERE NOT is_read`.execute(
    db,
  );
  await sql`CREATE INDEX idx_notifications_org_created ON notifications (organization_id, created_at DESC)`.execute(
    db,
  );

  // Search by name (GET /search, list `q=`).
  for (const table of [
    'document_templates',
    'folders',
    'assets',
    'credentials',
    'domains',
    'certificates',
    'software_licenses',
    'documents',
    'files',
    'tags',
  ]) {
    await sql`CREATE INDEX ${sql.raw(`idx_${table}_name_trgm`)} ON ${sql.table(table)} USING gin (name gin_trgm_ops)`.execute(
      db,
    );
  }

  for (const table of [
    'document_templates',
    'folders',
    'assets',
    'credentials',
    'domains',
    'certificates',
    'software_licenses',
    'documents',
    'files',
    'tags',
    'custom_fields',
    'custom_values',
  ]) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_set_updated_at`)} BEFORE UPDATE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION helios_set_updated_at()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'notifications',
    'audit_logs',
    'custom_values',
    'custom_fields',
    'asset_tags',
    'user_tags',
    'tags',
    'vendor_files',
    'vendor_documents',
    'vendor_credentials',
    'domain_certificates',
    'asset_software_licenses',
    'asset_files',
    'asset_documents',
    'asset_credentials',
    'user_software_licenses',
    'user_files',
    'user_documents',
    'user_credentials',
    'user_assets',
    'files',
    'documents',
    'software_licenses',
    'certificates',
    'domains',
    'credentials',
    'assets',
    'folders',
    'document_templates',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
