import type { SyncProvider } from '@helios/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import type { RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';

/*
 * The plug-in interface of the directory sync: what a provider (Google Workspace today, Microsoft
 * 365 next) gives the one engine (engine.ts) and the one run lifecycle (commands/sync-runs.ts).
 *
 * A provider lists; the engine writes. Each phase of a run is one listing of one kind of record —
 * people, groups with their members, devices, license assignments, domains, or records only the
 * provider's own mirror keeps (Google's org units) — read page by page, mapped by the provider into
 * the neutral shapes below. The engine matches, hashes, writes the shared tables, stages what it
 * saw, and archives what vanished once the whole run completed.
 *
 * Listings are full passes (what was not listed has vanished) or deltas (Graph's delta queries:
 * only what changed since a cursor, vanished records named explicitly); a provider whose delta
 * link expired falls back to a full pass and says so through `mode()`.
 */

export type ProviderName = SyncProvider;

/**
 * The `sync_seen.kind`s a phase may stage its ids under (the table's CHECK; a provider that needs
 * another kind adds it with a migration). Runs never share staging rows: they are keyed by run.
 */
export type SeenKind =
  'org_unit' | 'user' | 'group' | 'chromeos' | 'mobile' | 'license' | 'domain' | 'sku' | 'managed_device';

/**
 * Where a provider's identity lives in the shared tables: the columns that hold its ids, content
 * hashes and "synced from" flags. The schema carries Google's today; a provider with its own ids
 * in these tables adds its columns with a migration and widens these unions.
 */
export interface ProviderColumns {
  users: {
    /** The provider's id of the person (matched first; email second). */
    externalId: 'google_workspace_id' | 'microsoft_id';
    /** Where the provider files the person (Google's org-unit path), if it has such a thing. */
    orgUnit: 'google_workspace_ou' | null;
    synced: 'synced_from_google' | 'synced_from_microsoft';
    /**
     * Another provider's "synced from" flag that outranks this one: on a person that provider
     * syncs, this provider only links its id (and mirrors its record) and never writes the shared
     * profile fields, the active flag or the archive state — one person row per human, each field
     * with one owner. Microsoft defers to Google (the directory Helios is built around).
     */
    defersTo?: 'synced_from_google';
  };
  assets: {
    externalId: 'google_device_id' | 'microsoft_device_id';
    contentHash: 'google_content_hash' | 'microsoft_content_hash';
    synced: 'synced_from_google' | 'synced_from_microsoft';
  };
  licenses: {
    sku: 'google_license_sku' | 'microsoft_sku_id';
    product: 'google_product_id' | 'microsoft_sku_part_number';
    synced: 'synced_from_google' | 'synced_from_microsoft';
  };
  domains: { listed: 'is_google_workspace_domain'; verified: 'google_domain_verified' };
  /** `user_groups.group_type` and `user_group_memberships.source` of the provider's groups. */
  groups: { groupType: string; membershipSource: string };
}

/** A provider's mirror table of one kind (raw records, content hash, `archived_at`). */
export interface MirrorTable {
  table:
    'gw_synced_users' | 'gw_groups' | 'gw_org_units' | 'ms_synced_users' | 'ms_synced_groups' | 'ms_licenses';
  /** The column holding the provider's id (compared with the staged ids). */
  externalId: 'google_user_id' | 'google_group_id' | 'org_unit_id' | 'ms_user_id' | 'ms_group_id' | 'sku_id';
}

/** One listing of a run. `pages` is consumed once; the rest is read after it. */
export interface Listing<T> {
  /** Pages of records: a run holds one page in memory at a time. Throwing = listing incomplete. */
  pages: AsyncIterable<T[]>;
  /** `full` (default): every live record was listed. `delta`: only changes since the cursor. */
  mode?(): 'full' | 'delta';
  /** A delta's vanished records (provider ids), e.g. Graph's `@removed` items. */
  removed?(): readonly string[];
  /** Where the next run's delta starts (Graph's `@odata.deltaLink`); kept only if this run succeeds. */
  cursor?(): string | undefined;
  /**
   * People the provider reports deleted by e-mail only (Google's DELETE_USER event names the
   * address, and the user is gone from the API). An incremental run deactivates them; archiving
   * stays with the next full pass.
   */
  gone?(): readonly string[];
}

/** `full`: every listing complete (the only runs that archive). `incremental`: only what changed. */
export type RunKind = 'full' | 'incremental';

/** What the lifecycle asks a provider's connection to open. */
export interface OpenOptions {
  kind: RunKind;
  /** Incremental: when the previous successful run started (the provider adds its own overlap). */
  since?: Date;
}

/** A listing that is always a full pass (what the engine can only archive by anti-join). */
export interface FullListing<T> {
  pages: AsyncIterable<T[]>;
  /**
   * An incremental run's license listing covers only these people (e-mails): their synced
   * assignments not listed are revoked; everyone else's are left alone.
   */
  onlyUsers?(): readonly string[];
}

// ——— The neutral records a provider maps its own shapes to ———

/** A person. Fields are the provider's raw values; the engine fits them to the columns. */
export interface DirectoryUser {
  externalId: string;
  email: string;
  givenName: string | null;
  familyName: string | null;
  title: string | null;
  department: string | null;
  phone: string | null;
  photoUrl: string | null;
  /** `ProviderColumns.users.orgUnit`'s value, or null. */
  orgUnit: string | null;
  /** Suspended or disabled → inactive (not archived: they may come back). */
  active: boolean;
  /** How the provider names the manager (Google: an email); part of the content hash. */
  manager: string | null;
}

export interface DirectoryGroup {
  externalId: string;
  /** Null for a group without an address (an Entra security group): named by its name then. */
  email: string | null;
  name: string;
  description: string | null;
}

export interface DirectoryMember {
  /** Stable within the group (sorts the member list of the content hash). */
  externalId: string;
  email: string | null;
  role: string;
  /** The provider's member type (USER, GROUP, …), mirrored and hashed. */
  type: string;
  status: string | null;
  /** A person (matched to a Helios user by email), not a nested group or the whole customer. */
  person: boolean;
}

export interface DirectoryDevice {
  externalId: string;
  name: string;
  assetType: string;
  make: string | null;
  model: string | null;
  serial: string | null;
  os: string | null;
  osVersion: string | null;
  status: string;
  /** The person using it, matched to a Helios user by email. */
  userEmail: string | null;
  /** Management facts (Intune): compliance state and last check-in (RFC 3339), when the provider has them. */
  management?: { compliance: string | null; lastCheckInAt: string | null };
}

export interface LicenseAssignment {
  sku: { id: string; name: string; productId: string };
  userEmail: string;
}

export interface DirectoryDomain {
  name: string;
  verified: boolean;
}

// ——— Phases. `R` is the provider's own record type; the engine only hands it back. ———

/** How a mirror upsert went: rows not reported were unchanged. */
export interface UpsertOutcome {
  created: number;
  updated: number;
}

/** The provider's mirror of its people (Google: gw_synced_users). */
export interface UserMirror<R> {
  table: MirrorTable;
  /** Content hash and archive state of the mirrored records among these ids. */
  find(
    db: Kysely<Database>,
    organizationId: number,
    externalIds: string[],
  ): Promise<Map<string, { contentHash: string; archived: boolean }>>;
  /** Writes the mirror rows of a page's new and changed people. */
  save(
    db: Kysely<Database>,
    organizationId: number,
    rows: { record: R; user: DirectoryUser; organizationUserId: number; contentHash: string }[],
  ): Promise<void>;
  /**
   * After the whole listing: relations only the mirror can resolve (Google names a manager by email
   * in `relations`), recomputed from stored rows each run so a run that died is repaired next time.
   */
  afterListing?(db: Kysely<Database>, organizationId: number): Promise<void>;
}

export interface UsersPhase<R> {
  kind: 'users';
  name: string;
  label: string;
  list(cursor: string | undefined): Listing<R>;
  map(record: R): DirectoryUser;
  mirror: UserMirror<R>;
}

/** The provider's mirror of its groups (Google: gw_groups + gw_group_members). */
export interface GroupMirror<R> {
  /** The mirror table; its `user_group_id` column links the Helios group. */
  table: MirrorTable;
  /** The mirror rows of a page of groups, by the provider's id (one query per page). */
  find(
    db: Kysely<Database>,
    organizationId: number,
    externalIds: string[],
  ): Promise<Map<string, { id: number; userGroupId: number | null; contentHash: string; archived: boolean }>>;
  /**
   * Inserts or updates the mirror rows of a page's changed groups (un-archiving them), a few
   * statements for the page; returns their ids in order.
   */
  save(
    db: Kysely<Database>,
    organizationId: number,
    rows: {
      record: R;
      /** Email lower-cased, name fitted to the column. */
      group: DirectoryGroup;
      existingId: number | undefined;
      userGroupId: number;
      contentHash: string;
    }[],
  ): Promise<number[]>;
  /** Replaces the mirrored members of a page's changed groups (a few statements for the page). */
  replaceMembers(
    db: Kysely<Database>,
    groups: { mirrorId: number; members: (DirectoryMember & { userId: number | null })[] }[],
  ): Promise<void>;
}

export interface GroupsPhase<R, M> {
  kind: 'groups';
  name: string;
  label: string;
  list(cursor: string | undefined): Listing<R>;
  /** Every member of one group (always in full: the member list is part of the group's hash). */
  members(record: R): AsyncIterable<M[]>;
  /**
   * True when the listing itself says the group has no members (Google's `directMembersCount`
   * of 0): its member listing is skipped, one request fewer per empty group.
   */
  knownEmpty?(record: R): boolean;
  map(record: R): DirectoryGroup;
  mapMember(member: M): DirectoryMember;
  mirror: GroupMirror<R>;
}

export interface DevicesPhase {
  kind: 'devices';
  name: string;
  label: string;
  seenKind: 'chromeos' | 'mobile' | 'managed_device';
  list(cursor: string | undefined): Listing<DirectoryDevice>;
}

export interface LicensesPhase {
  kind: 'licenses';
  name: string;
  label: string;
  list(): FullListing<LicenseAssignment>;
  /**
   * What a license's `seats` says: `assigned` (default: the assignments counted after the run) or
   * `provider` (the seats bought, written by the provider's own phase: Microsoft's prepaid units).
   */
  seats?: 'assigned' | 'provider';
}

export interface DomainsPhase {
  kind: 'domains';
  name: string;
  label: string;
  list(): FullListing<DirectoryDomain>;
}

/** Records only the provider's mirror keeps (Google's org units): upserted, staged, archived. */
export interface MirrorPhase<R> {
  kind: 'mirror';
  name: string;
  label: string;
  seenKind: SeenKind;
  table: MirrorTable;
  list(cursor: string | undefined): Listing<R>;
  externalId(record: R): string;
  save(db: Kysely<Database>, organizationId: number, records: R[]): Promise<UpsertOutcome>;
}

/*
 * A provider's phases in order. The record types are the provider's: a phase built with its own
 * types fits here because the engine only passes a phase's records from its `list` back to the same
 * phase's `map`, `mirror` and `save` (method parameters, checked where the provider builds them).
 */
export type SyncPhase =
  | UsersPhase<unknown>
  | GroupsPhase<unknown, unknown>
  | DevicesPhase
  | LicensesPhase
  | DomainsPhase
  | MirrorPhase<unknown>;

/** One run's read access to the directory, built from the stored connection. */
export interface DirectorySource {
  columns: ProviderColumns;
  phases: readonly SyncPhase[];
  /** HTTP requests sent so far (retries and token requests included), for run stats and benches. */
  requestCount(): number;
  /** What to check when the mass-archive guard stops a run (a wrong filter, a narrowed grant…). */
  massArchiveHint: string;
  /**
   * `incremental`: the phases list only what the provider's change log named, so the engine
   * archives nothing after them (no anti-join, no removals); default `full`.
   */
  kind?: RunKind;
}

/** The provider's stored connection (its settings row), as the lifecycle and the schedule need it. */
export interface ProviderConnection {
  enabled: boolean;
  /** The schedule queues a run this long after the last one. */
  intervalMinutes: number;
  lastSyncAt: Date | null;
  /** Share of live synced users or devices a run may archive before it refuses (google.md: 20 %). */
  massArchiveThreshold: number;
  /** Delta cursors per phase name, saved by the last successful run. */
  cursors?: Record<string, string>;
  /**
   * Incremental runs between full reconciles, when the provider can tell what changed: the
   * schedule queues one every `intervalMinutes` once a full run succeeded, and a full one when the
   * last successful full run is older than `fullIntervalMinutes` (default nightly).
   */
  incremental?: { intervalMinutes: number; fullIntervalMinutes: number };
  /**
   * Decrypts the secret and builds the clients (throws when the stored secret cannot be used).
   * Without options (or kind `full`): a full reconcile.
   */
  open(options?: OpenOptions): DirectorySource;
  /** Stamps a finished run's outcome on the settings; on success also the new delta cursors. */
  recordOutcome(
    db: Kysely<Database>,
    outcome: { status: 'succeeded' | 'failed'; cursors: Record<string, string> },
  ): Promise<void>;
}

/** A directory Helios syncs from. */
export interface DirectoryProvider {
  name: ProviderName;
  /** For people: "Google Workspace". */
  label: string;
  /** Where an admin sets it up (`/settings/google`): named when a sync is asked for before that. */
  settingsPath: string;
  /** The stored connection, or undefined when the provider is not set up. */
  connection(db: Kysely<Database>, organizationId: number): Promise<ProviderConnection | undefined>;
  /** The provider's own routes (its settings). */
  routes?(ctx: ModuleContext): RouteSpec[];
}
