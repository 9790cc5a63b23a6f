// Microsoft 365 as a directory provider (engine/provider.ts): its phases over Graph (clients.ts,
// with Google's retry policy), its shapes mapped by mapping.ts, its mirror tables
// (queries/mirror.ts) and its settings (ms_credentials, the client secret sealed by the vault).
//
// Phases: subscribed SKUs → users (users/delta) → groups (groups/delta, members inline) → license
// assignments (every user's assignedLicenses: users/delta does not track them) → Intune managed
// devices (a full list, content-hashed by the engine). The delta links of users and groups are kept
// per listing after a successful run; one older than 7 days is not used (Graph keeps delta state
// about that long), and one Graph no longer knows (410 / syncStateNotFound) restarts the listing
// as a full pass.
//
// One person row per human: a Microsoft user is matched by Entra object id, then by address. On a
// person Google also syncs, Google owns the shared fields (names, title, department, phone, photo,
// active, archive state) and Microsoft only links its object id and mirrors its record
// (ProviderColumns.users.defersTo); on a Microsoft-only person Microsoft writes them all.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Vault } from '../../../../core/crypto/vault.ts';
import type { Database, Json } from '../../../../core/db/schema.ts';
import type {
  DirectoryMember,
  DirectoryProvider,
  DirectorySource,
  GroupsPhase,
  MirrorPhase,
  ProviderColumns,
  UsersPhase,
} from '../../engine/provider.ts';
import { contentHash } from '../../engine/engine.ts';
import { chunks } from '../../queries/sync-store.ts';
import type { RetryOptions } from '../google/retry.ts';
import {
  createGraphSource,
  createMicrosoftSession,
  type GraphSourceOptions,
  type MicrosoftClientLogger,
  type MicrosoftCredentials,
  type MicrosoftSession,
} from './clients.ts';
import { openCredentials } from './commands/settings.ts';
import {
  addressOf,
  groupOf,
  licenseAssignmentsOf,
  managedDeviceOf,
  memberOf,
  skuOf,
  userOf,
} from './mapping.ts';
import {
  findMsGroupMirrors,
  msUserAddresses,
  msUserMirrorsOf,
  saveMsGroupMirrors,
  upsertMsSkus,
  upsertMsUserMirrors,
} from './queries/mirror.ts';
import { findMicrosoftSettings, updateMicrosoftSettings } from './queries/settings.ts';
import { microsoftSettingsRoutes } from './routes/settings.ts';
import type {
  DeltaListing,
  GraphDirectoryMember,
  GraphGroup,
  GraphSku,
  GraphSource,
  GraphUser,
} from './source.ts';

export const MICROSOFT = { name: 'microsoft', label: 'Microsoft 365' } as const;

/** Where Microsoft's ids and flags live in the shared tables. */
export const MICROSOFT_COLUMNS: ProviderColumns = {
  users: {
    externalId: 'microsoft_id',
    orgUnit: null,
    synced: 'synced_from_microsoft',
    defersTo: 'synced_from_google',
  },
  assets: {
    externalId: 'microsoft_device_id',
    contentHash: 'microsoft_content_hash',
    synced: 'synced_from_microsoft',
  },
  licenses: {
    sku: 'microsoft_sku_id',
    product: 'microsoft_sku_part_number',
    synced: 'synced_from_microsoft',
  },
  // Microsoft has no domains phase: these columns are never written by it.
  domains: { listed: 'is_google_workspace_domain', verified: 'google_domain_verified' },
  groups: { groupType: 'microsoft', membershipSource: 'microsoft' },
};

/** Graph keeps a delta link's state about this long; an older link is not tried. */
export const DELTA_LINK_MAX_AGE_MS = 7 * 86_400_000;

export interface MicrosoftProviderOptions {
  vault: Vault;
  /** HELIOS_MICROSOFT_LOGIN_ORIGIN / HELIOS_MICROSOFT_GRAPH_ORIGIN (the simulator, tests). */
  loginOrigin?: string | undefined;
  graphOrigin?: string | undefined;
  logger?: MicrosoftClientLogger | undefined;
  /** Retry policy overrides (tests: no sleeping). */
  retry?: RetryOptions | undefined;
  /** Page sizes below Graph's maximum (tests). */
  pageSizes?: GraphSourceOptions['pageSizes'];
}

async function* onePage<T>(list: () => Promise<T[]>): AsyncGenerator<T[], void, undefined> {
  yield await list();
}

async function* mapped<T, U>(
  pages: AsyncIterable<T[]>,
  map: (item: T) => U[],
): AsyncGenerator<U[], void, undefined> {
  for await (const page of pages) yield page.flatMap(map);
}

/** One run's phases over a Graph client. */
export function microsoftDirectory(
  graph: GraphSource,
  db: Kysely<Database>,
  organizationId: number,
): DirectorySource {
  // SKU part numbers of this run (the SKU phase runs first), to name the assignments' licenses.
  const partNumbers = new Map<string, string>();
  let groupListing: DeltaListing<GraphGroup> | undefined;

  const skusPhase: MirrorPhase<GraphSku> = {
    kind: 'mirror',
    name: 'skus',
    label: 'SKUs',
    seenKind: 'sku',
    table: { table: 'ms_licenses', externalId: 'sku_id' },
    list: () => ({
      pages: onePage(async () => {
        const skus = await graph.subscribedSkus();
        for (const s of skus) partNumbers.set(s.skuId, s.skuPartNumber);
        return skus;
      }),
    }),
    externalId: (s) => s.skuId,
    save: (trx, org, skus) =>
      upsertMsSkus(
        trx,
        org,
        MICROSOFT_COLUMNS.licenses,
        skus.map((s) => {
          const sku = skuOf(s);
          return { ...sku, raw: s as unknown as Json, hash: contentHash(sku) };
        }),
      ),
  };

  const usersPhase: UsersPhase<GraphUser> = {
    kind: 'users',
    name: 'users',
    label: 'users',
    list: (cursor) => graph.users(cursor),
    map: userOf,
    mirror: {
      table: { table: 'ms_synced_users', externalId: 'ms_user_id' },
      find: msUserMirrorsOf,
      save: (trx, org, rows) =>
        upsertMsUserMirrors(
          trx,
          org,
          rows.map(({ record: u, organizationUserId, contentHash: hash }) => ({
            msId: u.id,
            userPrincipalName: u.userPrincipalName ?? addressOf(u),
            mail: u.mail ?? null,
            displayName: u.displayName ?? null,
            givenName: u.givenName ?? null,
            familyName: u.surname ?? null,
            jobTitle: u.jobTitle ?? null,
            department: u.department ?? null,
            accountEnabled: u.accountEnabled !== false,
            organizationUserId,
            raw: u as unknown as Json,
            hash,
          })),
        ),
    },
  };

  /**
   * A full pass names every member inline, by id: their addresses come from the users just
   * mirrored. Handed on in pages of 1 000, as a listing would (the engine looks each page up in one
   * statement, and an all-company group has every user).
   */
  async function* inlineMembers(g: GraphGroup): AsyncGenerator<GraphDirectoryMember[], void, undefined> {
    const members = (g['members@delta'] ?? []).filter((m) => m['@removed'] === undefined);
    for (const page of chunks(members, 1000)) {
      const users = page.filter(
        (m) => (m['@odata.type'] ?? '#microsoft.graph.user') === '#microsoft.graph.user',
      );
      const addresses = await msUserAddresses(
        db,
        organizationId,
        users.map((m) => m.id),
      );
      yield page.map((m) => {
        const address = addresses.get(m.id);
        return address ? { ...m, mail: address } : m;
      });
    }
  }

  const groupsPhase: GroupsPhase<GraphGroup, GraphDirectoryMember> = {
    kind: 'groups',
    name: 'groups',
    label: 'groups',
    list: (cursor) => {
      groupListing = graph.groups(cursor);
      return groupListing;
    },
    // A delta names only member changes: a changed group's full member list is fetched.
    members: (g) => (groupListing?.mode() === 'delta' ? graph.groupMembers(g.id) : inlineMembers(g)),
    map: groupOf,
    mapMember: (m): DirectoryMember => memberOf(m),
    mirror: {
      table: { table: 'ms_synced_groups', externalId: 'ms_group_id' },
      find: findMsGroupMirrors,
      save: (trx, org, rows) =>
        saveMsGroupMirrors(
          trx,
          org,
          rows.map(({ record: g, group, existingId, userGroupId, contentHash: hash }) => ({
            existingId,
            msId: g.id,
            displayName: group.name,
            mail: group.email,
            description: group.description,
            groupTypes: g.groupTypes ?? [],
            securityEnabled: g.securityEnabled === true,
            mailEnabled: g.mailEnabled === true,
            userGroupId,
            // The mirror keeps the group, not its member list (memberships are Helios's).
            raw: { ...g, 'members@delta': undefined } as unknown as Json,
            hash,
          })),
        ),
      // Microsoft has no member mirror table: the memberships (user_group_memberships) are the engine's.
      replaceMembers: async () => undefined,
    },
  };

  return {
    columns: MICROSOFT_COLUMNS,
    phases: [
      skusPhase,
      usersPhase,
      groupsPhase,
      {
        kind: 'licenses',
        name: 'licenses',
        label: 'licenses',
        seats: 'provider',
        list: () => ({ pages: mapped(graph.userLicenses(), (u) => licenseAssignmentsOf(u, partNumbers)) }),
      },
      {
        kind: 'devices',
        name: 'devices',
        label: 'Intune devices',
        seenKind: 'managed_device',
        list: () => ({ pages: mapped(graph.managedDevices(), (d) => [managedDeviceOf(d)]) }),
      },
    ],
    requestCount: () => graph.requestCount(),
    massArchiveHint: "Check the tenant id and the app registration's Graph permissions",
  };
}

/** Microsoft 365 (Entra ID users and groups, licenses, Intune devices), the second provider. */
export function microsoftProvider(options: MicrosoftProviderOptions): DirectoryProvider {
  // msal applications by credentials, kept across runs: their token caches spare a token request
  // per run (and refresh ahead of expiry). Keyed by a hash: the secret itself is kept only by msal.
  const sessions = new Map<string, MicrosoftSession>();
  const sessionOf = (input: MicrosoftCredentials) => {
    const key = createHash('sha256')
      .update(
        JSON.stringify([
          input.tenantId,
          input.clientId,
          input.clientSecret ?? null,
          input.certificate ?? null,
        ]),
      )
      .digest('hex');
    let session = sessions.get(key);
    if (!session) {
      session = createMicrosoftSession({
        ...input,
        loginOrigin: options.loginOrigin,
        graphOrigin: options.graphOrigin,
      });
      sessions.set(key, session);
    }
    return session;
  };
  const sourceOf = (input: MicrosoftCredentials, session?: MicrosoftSession) =>
    createGraphSource({
      ...input,
      loginOrigin: options.loginOrigin,
      graphOrigin: options.graphOrigin,
      logger: options.logger,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.pageSizes ? { pageSizes: options.pageSizes } : {}),
      ...(session ? { session } : {}),
    });
  return {
    ...MICROSOFT,
    settingsPath: '/settings/microsoft',
    async connection(db, organizationId) {
      const settings = await findMicrosoftSettings(db, organizationId);
      if (!settings) return undefined;
      const saved = settings.delta_links_saved_at;
      const fresh = saved !== null && Date.now() - saved.getTime() < DELTA_LINK_MAX_AGE_MS;
      const links = settings.delta_links as Record<string, string>;
      return {
        enabled: settings.is_enabled,
        intervalMinutes: settings.sync_interval_minutes,
        lastSyncAt: settings.last_sync_at,
        massArchiveThreshold: Number(settings.mass_archive_threshold),
        ...(fresh ? { cursors: links } : {}),
        open: () => {
          const credentials = openCredentials(options.vault, settings);
          return microsoftDirectory(sourceOf(credentials, sessionOf(credentials)), db, organizationId);
        },
        recordOutcome: (trx, { status, cursors }) =>
          updateMicrosoftSettings(trx, settings.id, {
            last_sync_at: new Date(),
            last_sync_status: status,
            // A failed run did not move on: the links of the last successful one stay.
            ...(status === 'succeeded' && Object.keys(cursors).length > 0
              ? { delta_links: cursors, delta_links_saved_at: new Date() }
              : {}),
          }),
      };
    },
    // PUT /settings/microsoft fetches a token with the new credentials before storing them.
    routes: (ctx) => microsoftSettingsRoutes(ctx, (input) => sourceOf(input).token()),
  };
}
