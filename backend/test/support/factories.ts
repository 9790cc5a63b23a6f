import type {
  Asset,
  assetCreateSchema,
  Certificate,
  certificateCreateSchema,
  Credential,
  credentialCreateSchema,
  Document,
  documentCreateSchema,
  Domain,
  domainCreateSchema,
  Folder,
  folderCreateSchema,
  HeliosFile,
  fileLinkCreateSchema,
  Role,
  Location,
  locationCreateSchema,
  SoftwareLicense,
  softwareLicenseCreateSchema,
  Tag,
  tagCreateSchema,
  Ticket,
  ticketCreateSchema,
  Vendor,
  vendorCreateSchema,
} from '@helios/shared';
import { sql } from 'kysely';
import type { z } from 'zod';
import { createVault, type Vault } from '../../src/core/crypto/vault.ts';
import type { UserRow } from '../../src/core/queries/users.ts';
import { nextIdOf } from '../../src/core/queries/ids.ts';
import type { ApiHarness } from './app.ts';

/**
 * Test factories: `const build = factories(h, manager)` builds what a test needs, with every
 * parent it names and does not have yet. Records are made through the public API as the acting
 * user (so the rows, their audit entries and their answers are exactly what the product writes and
 * sends); the database is written directly only for state the API cannot express (a device from
 * the Google sync, an archive with a given date, secrets of tables without routes).
 *
 * A parent option (`assignedTo`, `folder`, `primaryAsset`…) takes an existing record (its id, the
 * record itself, or what `h.user` / `build.user` returns), `true` for a new one with defaults, or
 * the fields of a new one.
 */

/** An existing record: its id, the record, or what `h.user` / `build.user` return. */
export type Ref = number | { id: number } | { user: { id: number } };
/** A parent: an existing one, `true` for a new one with defaults, or the fields of a new one. */
export type Parent<Fields> = Ref | true | Fields;
/** `true` archives the record through the API; a date archives it and back-dates `archived_at`. */
type Archivable = { archived?: true | Date };

export type BuiltUser = Awaited<ReturnType<ApiHarness['user']>>;
/** Columns of the user row (the harness inserts users directly, with an API key to act as them). */
export type UserFields = Partial<Omit<UserRow, 'role'>> & { role?: Role };

type Create<S extends z.ZodType> = Partial<z.input<S>>;
export type VendorFields = Create<typeof vendorCreateSchema> & Archivable;
export type LocationFields = Create<typeof locationCreateSchema> & Archivable;
export type AssetFields = Create<typeof assetCreateSchema> &
  Archivable & {
    assignedTo?: Parent<UserFields>;
    location?: Parent<LocationFields>;
    vendor?: Parent<VendorFields>;
    /** A device that came from the Google sync (the API refuses these columns). */
    synced?: { googleDeviceId: string; lastSyncedAt?: Date };
  };
export type SoftwareLicenseFields = Create<typeof softwareLicenseCreateSchema> &
  Archivable & { vendor?: Parent<VendorFields> };
export type DomainFields = Create<typeof domainCreateSchema> &
  Archivable & { registrar?: Parent<VendorFields> };
export type CertificateFields = Create<typeof certificateCreateSchema> &
  Archivable & { parentDomain?: Parent<DomainFields> };
export type FolderFields = Create<typeof folderCreateSchema> & Archivable & { parent?: Parent<FolderFields> };
export type DocumentFields = Create<typeof documentCreateSchema> &
  Archivable & { folder?: Parent<FolderFields> };
export type FileFields = Create<typeof fileLinkCreateSchema> & Archivable & { folder?: Parent<FolderFields> };
export type CredentialFields = Create<typeof credentialCreateSchema> &
  Archivable & {
    primaryUser?: Parent<UserFields>;
    primaryAsset?: Parent<AssetFields>;
    folder?: Parent<FolderFields>;
  };
export type TagFields = Create<typeof tagCreateSchema> & Archivable;
export type TicketFields = Create<typeof ticketCreateSchema> &
  Archivable & {
    /** Who files it (the ticket is created with their key); default: the factories' actor. */
    requester?: { key: string } | true | UserFields;
    /** Who it is about (`relatedUserId`). */
    related?: Parent<UserFields>;
    /** The IT staff member it is assigned to (a new one is a manager). */
    assignee?: Parent<UserFields>;
  };

/** The resources that take part in links (`PUT /<a>/:id/links/<b>/:otherId`). */
export type LinkResource =
  | 'users'
  | 'assets'
  | 'credentials'
  | 'documents'
  | 'files'
  | 'software-licenses'
  | 'domains'
  | 'certificates'
  | 'vendors'
  | 'tickets';
/** Resources with `POST /<resource>/:id/archive`. */
export type ArchivableResource =
  | 'users'
  | 'assets'
  | 'software-licenses'
  | 'domains'
  | 'certificates'
  | 'vendors'
  | 'locations'
  | 'folders'
  | 'documents'
  | 'document-templates'
  | 'files'
  | 'credentials'
  | 'tags'
  | 'tickets';

const tableOf: Record<ArchivableResource, string> = {
  users: 'organization_users',
  assets: 'assets',
  'software-licenses': 'software_licenses',
  domains: 'domains',
  certificates: 'certificates',
  vendors: 'vendors',
  locations: 'locations',
  folders: 'folders',
  documents: 'documents',
  'document-templates': 'document_templates',
  files: 'files',
  credentials: 'credentials',
  tags: 'tags',
  tickets: 'tickets',
};

export interface Factories {
  /** The same factories acting as someone else (their key is used for every request). */
  as(actor: string | { key: string }): Factories;
  /** A user with an API key (`{ user, key }`, as `h.user`); role `user` unless told. */
  user(fields?: UserFields): Promise<BuiltUser>;
  vendor(fields?: VendorFields): Promise<Vendor>;
  location(fields?: LocationFields): Promise<Location>;
  asset(fields?: AssetFields): Promise<Asset>;
  softwareLicense(fields?: SoftwareLicenseFields): Promise<SoftwareLicense>;
  domain(fields?: DomainFields): Promise<Domain>;
  certificate(fields?: CertificateFields): Promise<Certificate>;
  folder(fields?: FolderFields): Promise<Folder>;
  document(fields?: DocumentFields): Promise<Document>;
  /** A Google Drive file registered by link (no bytes stored). */
  file(fields?: FileFields): Promise<HeliosFile>;
  credential(fields?: CredentialFields): Promise<Credential>;
  tag(fields?: TagFields): Promise<Tag>;
  ticket(fields?: TicketFields): Promise<Ticket>;
  /** Links two records, e.g. `link({ users: me, assets: laptop })` (`PUT /users/:id/links/assets/:id`). */
  link(pair: Partial<Record<LinkResource, Ref>>): Promise<void>;
  /** Archives a record through the API; with a date, `archived_at` is then set to it. */
  archive(resource: ArchivableResource, record: Ref, at?: Date): Promise<void>;
  /** The Google Workspace connection (gw_credentials), its key sealed for its row. */
  googleConnection(fields: {
    serviceAccountKey: string;
    serviceAccountEmail: string;
    adminEmail: string;
  }): Promise<{ id: number }>;
  /** A Microsoft 365 connection (ms_credentials), its client secret sealed for its row. */
  microsoftConnection(fields: {
    clientSecret: string;
    tenantId?: string;
    clientId?: string;
  }): Promise<{ id: number }>;
  /** The AI assistant's configuration (ai_config), its API key sealed for its row. */
  aiConfig(fields: { apiKey: string }): Promise<{ id: number }>;
  /** A sign-in account (auth_accounts) of a user, its tokens sealed for its row. */
  authAccount(fields: {
    user: Ref;
    providerId?: string;
    accountId?: string;
    accessToken?: string;
    refreshToken?: string;
    idToken?: string;
  }): Promise<{ id: number }>;
}

let counter = 0;
const next = () => ++counter;

/** The id of an existing record. */
export function idOf(ref: Ref): number {
  if (typeof ref === 'number') return ref;
  if ('user' in ref) return ref.user.id;
  return ref.id;
}

const isRef = (value: unknown): value is Ref =>
  typeof value === 'number' ||
  (typeof value === 'object' &&
    value !== null &&
    (typeof (value as { id?: unknown }).id === 'number' ||
      (typeof (value as { user?: { id?: unknown } }).user?.id === 'number' && 'key' in value)));

/** Factories on the harness, creating through the API as `actor` (a staff member's key). */
export function factories(h: ApiHarness, actor: string | { key: string }): Factories {
  const key = typeof actor === 'string' ? actor : actor.key;
  const db = h.t.handle.db;
  let vault: Vault | undefined;
  const sealer = () => (vault ??= createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir }));

  async function send<T>(what: string, method: string, path: string, body?: unknown, as = key): Promise<T> {
    const res = await h.api(as, method, path, body);
    const text = await res.text();
    if (!res.ok) throw new Error(`build.${what}: ${method} ${path} answered ${res.status}: ${text}`);
    return (text ? (JSON.parse(text) as { data: T }).data : undefined) as T;
  }

  /** The id of a parent: the one given, or a new one made by `make`. */
  async function parentId<F>(
    parent: Parent<F> | undefined,
    make: (fields?: F) => Promise<{ id: number } | BuiltUser>,
  ): Promise<number | undefined> {
    if (parent === undefined) return undefined;
    if (isRef(parent)) return idOf(parent);
    return idOf(await make(parent === true ? undefined : parent));
  }

  /** POSTs a new record, then archives it when asked. */
  async function create<T extends { id: number; archivedAt?: string | null }>(
    what: string,
    resource: ArchivableResource,
    body: Record<string, unknown>,
    archived: true | Date | undefined,
    as = key,
  ): Promise<T> {
    const record = await send<T>(what, 'POST', `/${resource}`, body, as);
    if (!archived) return record;
    const done = await send<T>(what, 'POST', `/${resource}/${record.id}/archive`, undefined, as);
    if (archived === true) return done;
    await backdate(resource, record.id, archived);
    return { ...done, archivedAt: archived.toISOString() };
  }

  const backdate = (resource: ArchivableResource, id: number, at: Date) =>
    sql`UPDATE ${sql.table(tableOf[resource])} SET archived_at = ${at} WHERE id = ${id}`.execute(db);

  const build: Factories = {
    as: (other) => factories(h, other),

    async user(fields = {}) {
      const { role = 'user', email, ...rest } = fields;
      return h.user(role, email, rest);
    },

    async vendor({ archived, ...fields } = {}) {
      return create<Vendor>('vendor', 'vendors', { name: `Vendor ${next()}`, ...fields }, archived);
    },

    async location({ archived, ...fields } = {}) {
      return create<Location>('location', 'locations', { name: `Location ${next()}`, ...fields }, archived);
    },

    async asset({ archived, assignedTo, location, vendor, synced, ...fields } = {}) {
      const body: Record<string, unknown> = { name: `Asset ${next()}`, assetType: 'computer', ...fields };
      const assignedToUserId = await parentId(assignedTo, build.user);
      if (assignedToUserId !== undefined) body.assignedToUserId = assignedToUserId;
      const locationId = await parentId(location, build.location);
      if (locationId !== undefined) body.locationId = locationId;
      const vendorId = await parentId(vendor, build.vendor);
      if (vendorId !== undefined) body.vendorId = vendorId;
      const asset = await create<Asset>('asset', 'assets', body, archived);
      if (!synced) return asset;
      const lastSyncedAt = synced.lastSyncedAt ?? new Date();
      await db
        .updateTable('assets')
        .set({
          google_device_id: synced.googleDeviceId,
          synced_from_google: true,
          last_synced_at: lastSyncedAt,
        })
        .where('id', '=', asset.id)
        .execute();
      return {
        ...asset,
        googleDeviceId: synced.googleDeviceId,
        syncedFromGoogle: true,
        lastSyncedAt: lastSyncedAt.toISOString(),
      };
    },

    async softwareLicense({ archived, vendor, ...fields } = {}) {
      const body: Record<string, unknown> = { name: `Software license ${next()}`, ...fields };
      const vendorId = await parentId(vendor, build.vendor);
      if (vendorId !== undefined) body.vendorId = vendorId;
      return create<SoftwareLicense>('softwareLicense', 'software-licenses', body, archived);
    },

    async domain({ archived, registrar, ...fields } = {}) {
      const body: Record<string, unknown> = { name: `built-${next()}.example`, ...fields };
      const registrarVendorId = await parentId(registrar, build.vendor);
      if (registrarVendorId !== undefined) body.registrarVendorId = registrarVendorId;
      return create<Domain>('domain', 'domains', body, archived);
    },

    async certificate({ archived, parentDomain, ...fields } = {}) {
      // A PEM brings its own name and issuer; explicit certificates need both.
      const body: Record<string, unknown> =
        fields.pem === undefined ? { name: `Certificate ${next()}`, issuedBy: 'Test CA', ...fields } : fields;
      const domainId = await parentId(parentDomain, build.domain);
      if (domainId !== undefined) body.domainId = domainId;
      return create<Certificate>('certificate', 'certificates', body, archived);
    },

    async folder({ archived, parent, ...fields } = {}) {
      const body: Record<string, unknown> = { name: `Folder ${next()}`, ...fields };
      const parentFolderId = await parentId(parent, build.folder);
      if (parentFolderId !== undefined) body.parentFolderId = parentFolderId;
      return create<Folder>('folder', 'folders', body, archived);
    },

    async document({ archived, folder, ...fields } = {}) {
      const body: Record<string, unknown> = { name: `Document ${next()}`, ...fields };
      const folderId = await parentId(folder, build.folder);
      if (folderId !== undefined) body.folderId = folderId;
      return create<Document>('document', 'documents', body, archived);
    },

    async file({ archived, folder, ...fields } = {}) {
      const n = next();
      const body: Record<string, unknown> = {
        name: `File ${n}`,
        driveFileId: `built-drive-file-${String(n).padStart(6, '0')}`,
        ...fields,
      };
      const folderId = await parentId(folder, build.folder);
      if (folderId !== undefined) body.folderId = folderId;
      return create<HeliosFile>('file', 'files', body, archived);
    },

    async credential({ archived, primaryUser, primaryAsset, folder, ...fields } = {}) {
      const body: Record<string, unknown> = { name: `Credential ${next()}`, ...fields };
      const primaryUserId = await parentId(primaryUser, build.user);
      if (primaryUserId !== undefined) body.primaryUserId = primaryUserId;
      const primaryAssetId = await parentId(primaryAsset, build.asset);
      if (primaryAssetId !== undefined) body.primaryAssetId = primaryAssetId;
      const folderId = await parentId(folder, build.folder);
      if (folderId !== undefined) body.folderId = folderId;
      return create<Credential>('credential', 'credentials', body, archived);
    },

    async tag({ archived, ...fields } = {}) {
      return create<Tag>('tag', 'tags', { name: `Tag ${next()}`, ...fields }, archived);
    },

    async ticket({ archived, requester, related, assignee, ...fields } = {}) {
      const n = next();
      const body: Record<string, unknown> = {
        subject: `Ticket ${n}`,
        details: `Details of ticket ${n}`,
        ...fields,
      };
      const relatedUserId = await parentId(related, build.user);
      if (relatedUserId !== undefined) body.relatedUserId = relatedUserId;
      const assignedToUserId = await parentId(assignee, (f) => build.user({ role: 'manager', ...f }));
      if (assignedToUserId !== undefined) body.assignedToUserId = assignedToUserId;
      const as =
        requester === undefined
          ? key
          : requester === true
            ? (await build.user()).key
            : 'key' in requester
              ? requester.key
              : (await build.user(requester)).key;
      return create<Ticket>('ticket', 'tickets', body, archived, as);
    },

    async link(pair) {
      const sides = Object.entries(pair) as [LinkResource, Ref][];
      const [a, b] = sides;
      if (sides.length !== 2 || !a || !b) throw new Error('build.link: name exactly two records');
      await send('link', 'PUT', `/${a[0]}/${idOf(a[1])}/links/${b[0]}/${idOf(b[1])}`);
    },

    async archive(resource, record, at) {
      await send('archive', 'POST', `/${resource}/${idOf(record)}/archive`);
      if (at) await backdate(resource, idOf(record), at);
    },

    async googleConnection({ serviceAccountKey, serviceAccountEmail, adminEmail }) {
      const id = await nextIdOf(db, 'gw_credentials');
      const sealed = sealer().seal(
        { table: 'gw_credentials', column: 'service_account_key_encrypted', id },
        serviceAccountKey,
      );
      await sql`
        INSERT INTO gw_credentials (id, organization_id, service_account_email, service_account_key_encrypted, admin_email)
        OVERRIDING SYSTEM VALUE
        VALUES (${id}, ${h.organizationId}, ${serviceAccountEmail}, ${sealed}, ${adminEmail})`.execute(db);
      return { id };
    },

    async microsoftConnection({ clientSecret, tenantId = 'tenant', clientId = 'client' }) {
      const id = await nextIdOf(db, 'ms_credentials');
      const sealed = sealer().seal(
        { table: 'ms_credentials', column: 'client_secret_encrypted', id },
        clientSecret,
      );
      await sql`
        INSERT INTO ms_credentials (id, organization_id, azure_tenant_id, client_id, client_secret_encrypted)
        OVERRIDING SYSTEM VALUE VALUES (${id}, ${h.organizationId}, ${tenantId}, ${clientId}, ${sealed})`.execute(
        db,
      );
      return { id };
    },

    async aiConfig({ apiKey }) {
      const { id } = await db
        .insertInto('ai_config')
        .values({ organization_id: h.organizationId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('ai_config')
        .set({
          api_key_encrypted: sealer().seal({ table: 'ai_config', column: 'api_key_encrypted', id }, apiKey),
        })
        .where('id', '=', id)
        .execute();
      return { id };
    },

    async authAccount({ user, providerId = 'google', accountId = `sub-${next()}`, ...tokens }) {
      const { id } = await db
        .insertInto('auth_accounts')
        .values({ user_id: idOf(user), provider_id: providerId, account_id: accountId })
        .returning('id')
        .executeTakeFirstOrThrow();
      const columns = {
        access_token_encrypted: tokens.accessToken,
        refresh_token_encrypted: tokens.refreshToken,
        id_token_encrypted: tokens.idToken,
      };
      for (const [column, plain] of Object.entries(columns) as [keyof typeof columns, string | undefined][]) {
        if (plain === undefined) continue;
        await db
          .updateTable('auth_accounts')
          .set({ [column]: sealer().seal({ table: 'auth_accounts', column, id }, plain) })
          .where('id', '=', id)
          .execute();
      }
      return { id };
    },
  };
  return build;
}
