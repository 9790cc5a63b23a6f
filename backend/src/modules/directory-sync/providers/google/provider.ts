// Google Workspace as a directory provider (engine/provider.ts): its phases over the Workspace
// client (clients.ts, with retry.ts and transport.ts), its shapes mapped by mapping.ts, its mirror
// tables (queries/mirror.ts) and its settings (gw_credentials, the key sealed by the vault).
import type { Vault } from '../../../../core/crypto/vault.ts';
import type { Json } from '../../../../core/db/schema.ts';
import type {
  DirectoryProvider,
  DirectorySource,
  GroupsPhase,
  LicenseAssignment,
  MirrorPhase,
  ProviderColumns,
  SyncPhase,
  UsersPhase,
} from '../../engine/provider.ts';
import { type DirectoryChanges, mapBounded, OVERLAP_MINUTES, readChanges } from './changes.ts';
import { contentHash } from '../../engine/engine.ts';
import { createWorkspaceSource, type GoogleClientLogger } from './clients.ts';
import { openServiceAccountKey, type ServiceAccountKey } from './commands/settings.ts';
import { chromeDeviceOf, groupOf, licenseAssignmentOf, memberOf, mobileDeviceOf, userOf } from './mapping.ts';
import {
  findGroupMirrors,
  replaceMemberMirrors,
  resolveManagers,
  saveGroupMirrors,
  upsertOrgUnits,
  upsertUserMirrors,
  userMirrorsOf,
} from './queries/mirror.ts';
import { findGoogleSettings, type GoogleSettingsRow, updateGoogleSettings } from './queries/settings.ts';
import { googleSettingsRoutes } from './routes/settings.ts';
import {
  LICENSE_PRODUCTS,
  WORKSPACE_SKUS,
  type GoogleGroup,
  type GoogleMember,
  type GoogleOrgUnit,
  type GoogleUser,
  type WorkspaceSource,
} from './source.ts';

/** Where Google's ids and flags live in the shared tables (the schema's first columns). */
export const GOOGLE_COLUMNS: ProviderColumns = {
  users: { externalId: 'google_workspace_id', orgUnit: 'google_workspace_ou', synced: 'synced_from_google' },
  assets: {
    externalId: 'google_device_id',
    contentHash: 'google_content_hash',
    synced: 'synced_from_google',
  },
  licenses: { sku: 'google_license_sku', product: 'google_product_id', synced: 'synced_from_google' },
  domains: { listed: 'is_google_workspace_domain', verified: 'google_domain_verified' },
  groups: { groupType: 'google', membershipSource: 'google' },
};

export interface GoogleProviderOptions {
  vault: Vault;
  /** HELIOS_GOOGLE_API_ORIGIN: every Google request (token included) goes there instead. */
  apiOrigin?: string | undefined;
  logger?: GoogleClientLogger | undefined;
  /** Builds the Workspace client from the stored settings (tests: the simulator, fast retries). */
  makeSource?: (settings: GoogleSettingsRow, key: ServiceAccountKey) => WorkspaceSource;
  /** Incremental runs (Reports API) this often once a full reconcile succeeded; default 5. */
  incrementalIntervalMinutes?: number;
  /** A full reconcile (the only runs that archive) when the last one is older; default nightly. */
  fullIntervalMinutes?: number;
}

/** A listing Google does not page (org units, domains) as one page. */
async function* onePage<T>(list: () => Promise<T[]>): AsyncGenerator<T[], void, undefined> {
  yield await list();
}

async function* licenseAssignments(google: WorkspaceSource) {
  for (const productId of LICENSE_PRODUCTS) {
    for await (const page of google.licenseAssignments(productId)) yield page.map(licenseAssignmentOf);
  }
}

async function* mapped<T, U>(
  pages: AsyncIterable<T[]>,
  map: (item: T) => U,
): AsyncGenerator<U[], void, undefined> {
  for await (const page of pages) yield page.map(map);
}

const orgUnitsPhase: (google: WorkspaceSource) => MirrorPhase<GoogleOrgUnit> = (google) => ({
  kind: 'mirror',
  name: 'orgUnits',
  label: 'org units',
  seenKind: 'org_unit',
  table: { table: 'gw_org_units', externalId: 'org_unit_id' },
  list: () => ({ pages: onePage(() => google.orgUnits()) }),
  externalId: (u) => u.orgUnitId,
  save: (db, organizationId, units) =>
    upsertOrgUnits(
      db,
      organizationId,
      units.map((u) => {
        const fields = {
          path: u.orgUnitPath,
          name: u.name,
          parentId: u.parentOrgUnitId ?? null,
          parentPath: u.parentOrgUnitPath ?? null,
          description: u.description ?? null,
        };
        return { ...fields, orgUnitId: u.orgUnitId, raw: u as unknown as Json, hash: contentHash(fields) };
      }),
    ),
});

const usersPhase: (google: WorkspaceSource) => UsersPhase<GoogleUser> = (google) => ({
  kind: 'users',
  name: 'users',
  label: 'users',
  list: () => ({ pages: google.users() }),
  map: userOf,
  mirror: {
    table: { table: 'gw_synced_users', externalId: 'google_user_id' },
    find: userMirrorsOf,
    save: (db, organizationId, rows) =>
      upsertUserMirrors(
        db,
        organizationId,
        rows.map(({ record: u, organizationUserId, contentHash: hash }) => ({
          googleId: u.id,
          email: u.primaryEmail.toLowerCase(),
          organizationUserId,
          givenName: u.name?.givenName ?? null,
          familyName: u.name?.familyName ?? null,
          fullName: u.name?.fullName ?? null,
          orgUnitPath: u.orgUnitPath ?? null,
          suspended: u.suspended === true,
          archivedInGoogle: u.archived === true,
          isAdmin: u.isAdmin === true,
          // Google sends the epoch for "never signed in".
          lastLoginAt: u.lastLoginTime && !u.lastLoginTime.startsWith('1970-') ? u.lastLoginTime : null,
          raw: u as unknown as Json,
          etag: u.etag ?? null,
          hash,
        })),
      ),
    afterListing: async (db, organizationId) => {
      await resolveManagers(db, organizationId);
    },
  },
});

const groupsPhase: (google: WorkspaceSource) => GroupsPhase<GoogleGroup, GoogleMember> = (google) => ({
  kind: 'groups',
  name: 'groups',
  label: 'groups',
  list: () => ({ pages: google.groups() }),
  members: (g) => google.groupMembers(g.id),
  // Google counts a group's direct members in the listing itself: an empty one needs no members.list.
  knownEmpty: (g) => g.directMembersCount === '0',
  map: groupOf,
  mapMember: memberOf,
  mirror: {
    table: { table: 'gw_groups', externalId: 'google_group_id' },
    find: findGroupMirrors,
    save: (db, organizationId, rows) =>
      saveGroupMirrors(
        db,
        organizationId,
        rows.map(({ record: g, group, existingId, userGroupId, contentHash: hash }) => ({
          existingId,
          googleId: g.id,
          // Google groups always have an address (groupOf).
          email: group.email ?? g.email,
          name: group.name,
          description: group.description,
          // A 64-bit number: Google sends it as a string.
          directMembersCount: g.directMembersCount === undefined ? null : Number(g.directMembersCount),
          userGroupId,
          raw: g as unknown as Json,
          etag: g.etag ?? null,
          hash,
        })),
      ),
    replaceMembers: (db, groups) =>
      replaceMemberMirrors(
        db,
        groups.map(({ mirrorId, members }) => ({
          gwGroupId: mirrorId,
          members: members.map((m) => ({ ...m, googleId: m.externalId })),
        })),
      ),
  },
});

/** One run's phases over a Workspace client: org units → users → groups → devices → licenses → domains. */
export function googleDirectory(google: WorkspaceSource): DirectorySource {
  return {
    columns: GOOGLE_COLUMNS,
    phases: [
      orgUnitsPhase(google),
      usersPhase(google),
      groupsPhase(google),
      {
        kind: 'devices',
        name: 'chromeos',
        label: 'Chrome OS',
        seenKind: 'chromeos',
        list: () => ({ pages: mapped(google.chromeOsDevices(), chromeDeviceOf) }),
      },
      {
        kind: 'devices',
        name: 'mobile',
        label: 'mobile',
        seenKind: 'mobile',
        list: () => ({ pages: mapped(google.mobileDevices(), mobileDeviceOf) }),
      },
      {
        kind: 'licenses',
        name: 'licenses',
        label: 'licenses',
        list: () => ({ pages: licenseAssignments(google) }),
      },
      {
        kind: 'domains',
        name: 'domains',
        label: 'domains',
        list: () => ({
          pages: mapped(
            onePage(() => google.domains()),
            (d) => ({
              name: d.domainName,
              verified: d.verified === true,
              primary: d.isPrimary === true,
            }),
          ),
        }),
      },
    ],
    requestCount: () => google.requestCount(),
    massArchiveHint: "Check the customer id and the admin's access",
  };
}

/** Requests of an incremental run that may be in flight at once (Google's quota is per user). */
export const INCREMENTAL_CONCURRENCY = 8;

/**
 * An incremental run: the phases of a full run, each listing only what the admin-activity log
 * (changes.ts) named since `since` — users re-read with users.get, changed groups with groups.get
 * and members.list, devices enrolled since the window's first day (`register:` queries), licenses
 * by person. The source is `kind: 'incremental'`, so the engine archives nothing after it; people
 * Google deleted are only deactivated until the next full reconcile archives them.
 */
export function googleIncremental(google: WorkspaceSource, since: Date): DirectorySource {
  let changes: Promise<DirectoryChanges> | undefined;
  const changed = () => (changes ??= readChanges(google, since));
  // Google's device search takes dates: the window's first day, re-listed until it has passed.
  const day = new Date(since.getTime() - OVERLAP_MINUTES * 60_000).toISOString().slice(0, 10);
  const full = usersPhase(google);
  const groups = groupsPhase(google);
  const units = orgUnitsPhase(google);

  const gone: string[] = [];
  async function* users(): AsyncGenerator<GoogleUser[], void, undefined> {
    const c = await changed();
    const found = await mapBounded([...c.users], INCREMENTAL_CONCURRENCY, async (email) => ({
      email,
      user: await google.user(email),
    }));
    const byId = new Map<string, GoogleUser>();
    for (const { email, user } of found) {
      if (user) byId.set(user.id, user);
      else if (c.deleted.has(email)) gone.push(email);
    }
    if (byId.size > 0) yield [...byId.values()];
  }
  async function* changedGroups(): AsyncGenerator<GoogleGroup[], void, undefined> {
    const c = await changed();
    const found = await mapBounded([...c.groups], INCREMENTAL_CONCURRENCY, (key) => google.group(key));
    const byId = new Map(found.flatMap((g) => (g ? [[g.id, g] as const] : [])));
    if (byId.size > 0) yield [...byId.values()];
  }
  async function* orgUnits(): AsyncGenerator<GoogleOrgUnit[], void, undefined> {
    if ((await changed()).orgUnits) yield await google.orgUnits();
  }
  const licensed: string[] = [];
  async function* licenses(): AsyncGenerator<LicenseAssignment[], void, undefined> {
    const c = await changed();
    const skus = Object.keys(WORKSPACE_SKUS);
    const held = await mapBounded([...c.licenses], INCREMENTAL_CONCURRENCY, async ([email, latest]) => {
      if (latest.revoked) return [];
      // The newest event's SKU first; if it does not hold (changed again since), every SKU.
      if (latest.skuId !== null) {
        const hit = await google.licenseAssignment(LICENSE_PRODUCTS[0], latest.skuId, email);
        if (hit) return [hit];
      }
      const all = await Promise.all(
        skus.map((sku) => google.licenseAssignment(LICENSE_PRODUCTS[0], sku, email)),
      );
      return all.flatMap((a) => (a ? [a] : []));
    });
    licensed.push(...c.licenses.keys());
    const page = held.flat().map(licenseAssignmentOf);
    if (page.length > 0) yield page;
  }
  const phases: SyncPhase[] = [
    { ...units, list: () => ({ pages: orgUnits(), mode: () => 'delta' as const, removed: () => [] }) },
    {
      ...full,
      list: () => ({ pages: users(), mode: () => 'delta' as const, removed: () => [], gone: () => gone }),
    },
    { ...groups, list: () => ({ pages: changedGroups(), mode: () => 'delta' as const, removed: () => [] }) },
    {
      kind: 'devices',
      name: 'chromeos',
      label: 'Chrome OS',
      seenKind: 'chromeos',
      list: () => ({
        pages: mapped(google.chromeOsDevices(`register:${day}..`), chromeDeviceOf),
        mode: () => 'delta' as const,
        removed: () => [],
      }),
    },
    {
      kind: 'devices',
      name: 'mobile',
      label: 'mobile',
      seenKind: 'mobile',
      list: () => ({
        pages: mapped(google.mobileDevices(`register:${day}..`), mobileDeviceOf),
        mode: () => 'delta' as const,
        removed: () => [],
      }),
    },
    {
      kind: 'licenses',
      name: 'licenses',
      label: 'licenses',
      list: () => ({ pages: licenses(), onlyUsers: () => licensed }),
    },
  ];
  return {
    kind: 'incremental',
    columns: GOOGLE_COLUMNS,
    phases,
    requestCount: () => google.requestCount(),
    massArchiveHint: "Check the customer id and the admin's access",
  };
}

export const GOOGLE = { name: 'google', label: 'Google Workspace' } as const;

/** Google Workspace: the directory Helios was built around, and the first provider. */
export function googleProvider(options: GoogleProviderOptions): DirectoryProvider {
  const makeSource =
    options.makeSource ??
    ((settings: GoogleSettingsRow, key: ServiceAccountKey) =>
      createWorkspaceSource({
        serviceAccountKey: key,
        adminEmail: settings.admin_email,
        customerId: settings.customer_id,
        ...(options.apiOrigin ? { apiOrigin: options.apiOrigin } : {}),
        ...(options.logger ? { logger: options.logger } : {}),
      }));
  return {
    ...GOOGLE,
    settingsPath: '/settings/google',
    async connection(db, organizationId) {
      const settings = await findGoogleSettings(db, organizationId);
      if (!settings) return undefined;
      return {
        enabled: settings.is_enabled,
        intervalMinutes: settings.sync_interval_minutes,
        lastSyncAt: settings.last_sync_at,
        massArchiveThreshold: Number(settings.mass_archive_threshold),
        incremental: {
          intervalMinutes: options.incrementalIntervalMinutes ?? 5,
          fullIntervalMinutes: options.fullIntervalMinutes ?? 24 * 60,
        },
        open: (run) => {
          const google = makeSource(settings, openServiceAccountKey(options.vault, settings));
          return run?.kind === 'incremental' && run.since
            ? googleIncremental(google, run.since)
            : googleDirectory(google);
        },
        recordOutcome: (db, { status }) =>
          updateGoogleSettings(db, settings.id, { last_sync_at: new Date(), last_sync_status: status }),
      };
    },
    routes: googleSettingsRoutes,
  };
}
