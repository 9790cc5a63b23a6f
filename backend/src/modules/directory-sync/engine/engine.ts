/*
 * The directory sync engine: one run of one provider (engine/provider.ts), phase by phase, page by
 * page. Every provider goes through this one file; a provider only lists and maps.
 *
 * Who writes what:
 *   - The engine writes the shared tables wherever the shape is common to directories: people
 *     (organization_users: matched by the provider's id, then by email; only the provider-owned
 *     columns are overwritten, never role, location, notes or tags), groups and their people
 *     (user_groups, user_group_memberships), devices (assets + user_assets), licenses
 *     (software_licenses per SKU, user_software_licenses, seats in use) and domains. Which columns
 *     hold a provider's ids and flags in those tables is the provider's `ProviderColumns`.
 *   - The provider writes its own mirror tables (Google: gw_synced_users, gw_groups,
 *     gw_group_members, gw_org_units) through the hooks of its phases, because only it knows its raw
 *     records; the engine tells it when (after each page) and with which Helios ids. Where a
 *     record's identity lives only in the mirror (a group's Helios group), the engine asks the
 *     mirror first.
 *   - Content hashes are the engine's: computed from the neutral record and the Helios ids it points
 *     at, so "unchanged" means the same thing for every provider, and an unchanged record is never
 *     written (not even its mirror row).
 *
 * What vanished: every listed id is staged in sync_seen for the run. Only when every phase of the
 * run completed are vanished records archived (never deleted) — by anti-join against the staging
 * table after a full pass, by the ids a delta named as removed otherwise — and before anything is
 * archived, the mass-archive guard refuses (MassArchiveError) a run that would archive more than the
 * provider's threshold of its live people or devices. A run that fails midway archives nothing; the
 * next one repairs everything. The staging rows are removed when the run ends.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import {
  analyzeSeen,
  analyzeUsers,
  relaxCommit,
  archiveDevices,
  archiveLicenses,
  archiveMirror,
  archiveUserGroupsOf,
  archiveUsers,
  clearSeen,
  countVanished,
  deactivateSyncedUsers,
  type DeviceRow,
  ensureSkuLicense,
  insertLicenseAssignments,
  insertSyncedUsers,
  linkSyncedUsers,
  markSeen,
  releaseDeferredUsers,
  type OwnedUser,
  refreshSeatCounts,
  replaceMemberships,
  revokeUnlistedLicensesOf,
  saveUserGroups,
  unlistDomains,
  updateSyncedUsers,
  upsertDevices,
  upsertDomain,
  userIdsByEmail,
  usersByIdOrEmail,
  type VanishedScope,
} from '../queries/sync-store.ts';
import type {
  DevicesPhase,
  DirectoryGroup,
  DirectoryMember,
  DirectorySource,
  DirectoryUser,
  DomainsPhase,
  GroupsPhase,
  LicensesPhase,
  Listing,
  MirrorPhase,
  ProviderColumns,
  SeenKind,
  SyncPhase,
  UsersPhase,
} from './provider.ts';

/** The last phase of every run, after the provider's listings. */
export const ARCHIVE_PHASE = 'archive';

// A type, not an interface: it is read back from the runs table's jsonb.
export type PhaseCounts = {
  created: number;
  updated: number;
  unchanged: number;
  archived: number;
};

export interface SyncReport {
  counts: Record<string, PhaseCounts>;
  errors: { phase: string; message: string }[];
  /** Every listing ran to completion (only then was anything archived). */
  complete: boolean;
  archived: boolean;
  /** New delta cursors by phase name (to be kept only because the run succeeded). */
  cursors: Record<string, string>;
}

export interface SyncOptions {
  organizationId: number;
  runId: number;
  /** Share of live synced users or devices a run may archive before it refuses (google.md: 20 %). */
  massArchiveThreshold: number;
  /** Delta cursors the last successful run left, by phase name. */
  cursors?: Record<string, string>;
  /**
   * Called when each phase starts (0), after every page with the phase's items so far (progress for
   * GET /sync/runs and the CLI's bar), and when it ends. `counts` is the run's live counts object.
   */
  onProgress?: (phase: string, done: number, counts: Record<string, PhaseCounts>) => Promise<void> | void;
}

/** Thrown when a complete listing would archive more than the threshold allows. */
export class MassArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MassArchiveError';
  }
}

/** The content hash of a record as Helios stores it. */
export const contentHash = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * Phases that read only what earlier phases wrote (people by e-mail) and write tables none of the
 * others writes (groups; devices — each listing its own assets; licenses): run side by side.
 */
const INDEPENDENT_PHASES: ReadonlySet<SyncPhase['kind']> = new Set(['groups', 'devices', 'licenses']);

/**
 * Independent phases run at once: two — their Google requests stay within the per-user quota (a
 * groups phase already lists MEMBER_LISTINGS members at a time), and the database gets two page
 * transactions at a time.
 */
const CONCURRENT_PHASES = 2;

/** Member listings of one page of groups read at once. */
const MEMBER_LISTINGS = 4;

/** `items` mapped at most `limit` at a time, results in order. */
async function boundedMap<T, U>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<U>,
): Promise<U[]> {
  const out: U[] = new Array<U>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await map(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The pages of a listing, the next one already requested while the caller writes the current one:
 * the provider's round trips (and its JSON parsing) overlap the database's work instead of
 * alternating with it. One page ahead at most, so memory stays one page deep.
 */
export async function* readAhead<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  const request = () => {
    const next = iterator.next();
    // Awaited on the next turn; a failure meanwhile must not count as unhandled.
    next.catch(() => undefined);
    return next;
  };
  let next = request();
  let finished = false;
  try {
    for (;;) {
      const page = await next;
      if (page.done) {
        finished = true;
        return;
      }
      next = request();
      yield page.value;
    }
  } finally {
    // The caller stopped early (a failed write): let the listing release what it holds.
    if (!finished) await iterator.return?.();
  }
}

/**
 * A page's writes: one transaction (one commit per page, not one per statement), committed
 * without waiting for its WAL flush — a crash may lose the last pages' writes, which the next run
 * redoes (every write here is an idempotent upsert of what the directory says), while the run's
 * own outcome (sync_runs) is written outside, durably. Nothing slow happens inside: the page was
 * listed before.
 */
function pageWrites<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await relaxCommit(trx);
    return work(trx);
  });
}

/**
 * Pages of people written at once. PostgreSQL, not Node, is what a page waits for (index
 * maintenance of the people table's lookups, the mirror's jsonb), and a page's writes are one
 * backend's work: two pages in flight keep both of its cores busy.
 */
const USER_PAGES_AT_ONCE = 2;

/**
 * Runs `write` for each page, up to `limit` at a time, pages in listing order. A page naming a key
 * (a provider id or an e-mail) that a page still being written names waits for that page first —
 * a delta may list one person twice, and the second write must see the first — so pages in flight
 * never touch the same rows. The first failure stops the listing; the writes in flight are awaited
 * before it is thrown, so no transaction outlives the phase.
 */
export async function writeConcurrently<T>(
  pages: AsyncIterable<T[]>,
  limit: number,
  keysOf: (page: T[]) => string[],
  write: (page: T[]) => Promise<void>,
): Promise<void> {
  const inFlight = new Map<Promise<void>, ReadonlySet<string>>();
  let failure: { error: unknown } | undefined;
  try {
    for await (const page of pages) {
      const keys = new Set(keysOf(page));
      const overlapping = [...inFlight].filter(([, held]) => [...keys].some((k) => held.has(k)));
      await Promise.all(overlapping.map(([written]) => written));
      while (inFlight.size >= limit) await Promise.race(inFlight.keys());
      if (failure) break;
      const written: Promise<void> = write(page).then(
        () => void inFlight.delete(written),
        (error: unknown) => {
          inFlight.delete(written);
          failure ??= { error };
        },
      );
      inFlight.set(written, keys);
    }
  } finally {
    await Promise.all(inFlight.keys());
  }
  if (failure) throw failure.error;
}

const zero = (): PhaseCounts => ({ created: 0, updated: 0, unchanged: 0, archived: 0 });

/** What a finished phase leaves for the archive step. */
interface PhaseResult {
  phase: SyncPhase;
  /** Full pass (archive by anti-join) or the ids a delta removed. */
  vanished: { full: true } | { full: false; removed: readonly string[] };
}

/**
 * One sync of a provider's directory into Helios. Listing failures are recorded per phase and make
 * the run incomplete (nothing archived); a refused mass archive throws MassArchiveError.
 */
export async function runSync(
  db: Kysely<Database>,
  source: DirectorySource,
  o: SyncOptions,
): Promise<SyncReport> {
  try {
    return await syncPhases(db, source, o);
  } finally {
    // The staging rows are only needed while the run decides what vanished.
    await clearSeen(db, o.runId);
  }
}

/** What each phase function of a run gets. */
interface Run {
  db: Kysely<Database>;
  org: number;
  runId: number;
  columns: ProviderColumns;
  counts: PhaseCounts;
  cursor: string | undefined;
  /** The source lists only what changed (engine/provider.ts `DirectorySource.kind`). */
  incremental: boolean;
  /** Stages ids the run saw (in the page's transaction when given one). */
  seen(kind: SeenKind, ids: string[], trx?: Kysely<Database>): Promise<void>;
  progress(done: number): Promise<void>;
}

async function syncPhases(
  db: Kysely<Database>,
  source: DirectorySource,
  o: SyncOptions,
): Promise<SyncReport> {
  const counts: Record<string, PhaseCounts> = Object.fromEntries(source.phases.map((p) => [p.name, zero()]));
  const errors: SyncReport['errors'] = [];
  const results: PhaseResult[] = [];
  const cursors: Record<string, string> = {};

  const settled: (PhaseResult | undefined)[] = [];
  const runOne = async (phase: SyncPhase, index: number): Promise<void> => {
    let done = 0;
    const run: Run = {
      db,
      org: o.organizationId,
      runId: o.runId,
      columns: source.columns,
      counts: counts[phase.name] ?? zero(),
      cursor: o.cursors?.[phase.name],
      incremental: source.kind === 'incremental',
      seen: (kind, ids, trx) => markSeen(trx ?? db, o.runId, kind, ids),
      progress: async (n) => {
        done = n;
        await o.onProgress?.(phase.name, n, counts);
      },
    };
    // Every phase reports at least once (a listing with no pages too), so a run's progress names
    // every phase it went through.
    await o.onProgress?.(phase.name, 0, counts);
    try {
      const listing = await runPhase(run, phase);
      const mode = listing.mode?.() ?? 'full';
      settled[index] = {
        phase,
        vanished: mode === 'full' ? { full: true } : { full: false, removed: listing.removed?.() ?? [] },
      };
      const next = listing.cursor?.();
      if (next !== undefined) cursors[phase.name] = next;
    } catch (error) {
      errors.push({ phase: phase.name, message: error instanceof Error ? error.message : String(error) });
    }
    await o.onProgress?.(phase.name, done, counts);
  };
  // Phases run in order, except that consecutive independent ones (INDEPENDENT_PHASES) run
  // CONCURRENT_PHASES at a time: their listings and writes overlap.
  const phases = source.phases;
  for (let i = 0; i < phases.length;) {
    let end = i + 1;
    while (
      INDEPENDENT_PHASES.has((phases[i] as SyncPhase).kind) &&
      end < phases.length &&
      INDEPENDENT_PHASES.has((phases[end] as SyncPhase).kind)
    )
      end++;
    const indexes = Array.from({ length: end - i }, (_, k) => i + k);
    await boundedMap(indexes, CONCURRENT_PHASES, (index) => runOne(phases[index] as SyncPhase, index));
    i = end;
  }
  // Archived in the providers' phase order, whatever order concurrent phases finished in.
  results.push(...settled.filter((r): r is PhaseResult => r !== undefined));

  const complete = errors.length === 0;
  if (!complete) return { counts, errors, complete, archived: false, cursors: {} };
  // An incremental run listed only what the change log named: absence means nothing, so nothing
  // is archived (the next full reconcile does it).
  if (source.kind === 'incremental') return { counts, errors, complete, archived: false, cursors };
  await o.onProgress?.(ARCHIVE_PHASE, 0, counts);
  const archived = await archiveVanished(db, source, o, results, counts);
  await o.onProgress?.(ARCHIVE_PHASE, archived, counts);
  return { counts, errors, complete, archived: true, cursors };
}

/** Runs one listing phase to its end; returns the listing (for its mode, removals and cursor). */
async function runPhase(
  run: Run,
  phase: SyncPhase,
): Promise<Pick<Listing<unknown>, 'mode' | 'removed' | 'cursor'>> {
  switch (phase.kind) {
    case 'users':
      return usersPhase(run, phase);
    case 'groups':
      return groupsPhase(run, phase);
    case 'devices':
      return devicesPhase(run, phase);
    case 'licenses':
      await licensesPhase(run, phase);
      return {};
    case 'domains':
      await domainsPhase(run, phase);
      return {};
    case 'mirror':
      return mirrorPhase(run, phase);
  }
}

const fit = (value: string | null, length: number) => value?.slice(0, length) ?? null;

/** The provider-owned columns of a Helios user (in a stable order: they are hashed). */
function ownedOf(u: DirectoryUser, columns: ProviderColumns['users']): OwnedUser {
  return {
    email: u.email.toLowerCase(),
    first_name: fit(u.givenName, 200),
    last_name: fit(u.familyName, 200),
    title: fit(u.title, 200),
    department: fit(u.department, 200),
    phone: fit(u.phone, 50),
    photo_url: fit(u.photoUrl, 500),
    [columns.externalId]: u.externalId,
    ...(columns.orgUnit ? { [columns.orgUnit]: fit(u.orgUnit, 500) } : {}),
    is_active: u.active,
  };
}

async function usersPhase(run: Run, phase: UsersPhase<unknown>) {
  const { db, org, counts: c } = run;
  const columns = run.columns.users;
  const listing = phase.list(run.cursor);
  let done = 0;
  const writePage = async (people: { record: unknown; user: DirectoryUser }[]) => {
    const ids = people.map((p) => p.user.externalId);
    await pageWrites(run.db, async (db) => {
      const [mirrors, users] = await Promise.all([
        phase.mirror.find(db, org, ids),
        usersByIdOrEmail(
          db,
          org,
          columns,
          ids,
          people.map((p) => p.user.email),
        ),
      ]);
      const byExternalId = new Map(users.filter((u) => u.externalId).map((u) => [u.externalId as string, u]));
      const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
      const updates: { id: number; owned: OwnedUser }[] = [];
      const links: { id: number; externalId: string }[] = [];
      const creates: { person: (typeof people)[number]; owned: OwnedUser; hash: string }[] = [];
      const mirrorRows: Parameters<typeof phase.mirror.save>[2] = [];
      for (const person of people) {
        const owned = ownedOf(person.user, columns);
        const existing = byExternalId.get(person.user.externalId) ?? byEmail.get(owned.email);
        // A person the outranking provider syncs: this one only links its id (ProviderColumns).
        const deferred = existing?.deferred === true;
        // The hash covers what Helios stores (owned fields), the manager relation and who owns them.
        const hash = contentHash(
          deferred
            ? { owned, manager: person.user.manager, deferred }
            : { owned, manager: person.user.manager },
        );
        const mirror = mirrors.get(person.user.externalId);
        if (
          mirror &&
          mirror.contentHash === hash &&
          !mirror.archived &&
          existing &&
          (deferred ||
            (existing.archivedAt === null &&
              // Deactivated by an incremental run's deletion event, and back (undeleted): rewrite.
              existing.isActive === owned.is_active))
        ) {
          c.unchanged++;
          continue;
        }
        if (existing && deferred) {
          links.push({ id: existing.id, externalId: person.user.externalId });
          mirrorRows.push({ ...person, organizationUserId: existing.id, contentHash: hash });
          c.updated++;
        } else if (existing) {
          updates.push({ id: existing.id, owned });
          mirrorRows.push({ ...person, organizationUserId: existing.id, contentHash: hash });
          c.updated++;
        } else {
          creates.push({ person, owned, hash });
        }
      }
      // Every changed person of the page in one statement each way (not one per person).
      await updateSyncedUsers(db, columns, updates);
      await linkSyncedUsers(db, columns, links);
      // A new person's manager is set by the insert itself when known — already a Helios user, or
      // another new person of this page — so each new row is written once, by one statement for the
      // page, not inserted and then updated by the mirror's manager pass.
      const inserted = await insertSyncedUsers(
        db,
        org,
        columns,
        creates.map((x) => ({ owned: x.owned, manager: x.person.user.manager })),
      );
      const idOf = new Map(inserted.map((r) => [r.externalId, r.id]));
      for (const x of creates) {
        const id = idOf.get(x.person.user.externalId);
        if (id !== undefined) mirrorRows.push({ ...x.person, organizationUserId: id, contentHash: x.hash });
      }
      c.created += inserted.length;
      await phase.mirror.save(db, org, mirrorRows);
      await run.seen('user', ids, db);
    });
    done += people.length;
    await run.progress(done);
  };
  async function* mapped() {
    for await (const page of readAhead(listing.pages))
      yield page.map((record) => ({ record, user: phase.map(record) }));
  }
  await writeConcurrently(
    mapped(),
    USER_PAGES_AT_ONCE,
    (people) => people.flatMap((p) => [`id:${p.user.externalId}`, `email:${p.user.email.toLowerCase()}`]),
    writePage,
  );
  // Relations to other people are resolved once every person exists (a manager may come later).
  // An incremental run that re-read nobody changed no relation: the pass over every mirrored
  // person is left to the runs that did (and to every full reconcile, which repairs all).
  if (!run.incremental || done > 0) await phase.mirror.afterListing?.(db, org);
  // The table grew from nothing (a first sync): the later phases match people by e-mail page after
  // page, and statistics of an empty table would plan those lookups as scans.
  if (c.created >= 1000) await analyzeUsers(db, phase.mirror.table);
  const gone = listing.gone?.() ?? [];
  if (gone.length > 0) c.updated += await deactivateSyncedUsers(db, org, columns, gone);
  return listing;
}

async function groupsPhase(run: Run, phase: GroupsPhase<unknown, unknown>) {
  const { org, counts: c } = run;
  const listing = phase.list(run.cursor);
  // The member listings of a page's groups are independent: read MEMBER_LISTINGS at a time
  // (Google's quota is per user, so bounded), skipping groups the listing says are empty — and
  // those of the next page while this one is written (readAhead).
  async function* withMembers() {
    for await (const page of listing.pages) {
      const listed = await boundedMap(page, MEMBER_LISTINGS, async (record) => {
        const members: DirectoryMember[] = [];
        if (phase.knownEmpty?.(record)) return members;
        for await (const memberPage of phase.members(record))
          for (const m of memberPage) members.push(phase.mapMember(m));
        return members;
      });
      yield { page, listed };
    }
  }
  let done = 0;
  for await (const { page, listed } of readAhead(withMembers())) {
    const groups = page.map((record) => ({ record, group: phase.map(record) }));
    const ids = groups.map((g) => g.group.externalId);
    await pageWrites(run.db, async (db) => {
      const existing = await phase.mirror.find(db, org, ids);
      // Every person of the page's groups matched to a Helios user in one query, not one per group.
      const userIds = await userIdsByEmail(
        db,
        org,
        listed.flatMap((members) => members.filter((m) => m.person && m.email).map((m) => m.email as string)),
      );
      const changed: {
        mirrorId: number;
        userGroupId: number;
        members: (DirectoryMember & { userId: number | null })[];
      }[] = [];
      const pending: {
        record: unknown;
        group: DirectoryGroup;
        mirror: { id: number; userGroupId: number | null } | undefined;
        hash: string;
        members: (DirectoryMember & { userId: number | null })[];
      }[] = [];
      for (const [index, { record, group }] of groups.entries()) {
        const members = (listed[index] ?? []).map((m) => ({
          ...m,
          userId: m.email ? (userIds.get(m.email.toLowerCase()) ?? null) : null,
        }));
        members.sort((a, b) => a.externalId.localeCompare(b.externalId));
        const hash = contentHash({
          email: group.email,
          name: group.name,
          description: group.description,
          members: members.map((m) => [m.externalId, m.role, m.type, m.status, m.userId]),
        });
        const mirror = existing.get(group.externalId);
        if (mirror && mirror.contentHash === hash && !mirror.archived) {
          c.unchanged++;
          continue;
        }
        const fitted = {
          ...group,
          email: group.email?.toLowerCase() ?? null,
          name: group.name.slice(0, 255),
        };
        pending.push({ record, group: fitted, mirror, hash, members });
        c[mirror ? 'updated' : 'created']++;
      }
      // The page's changed groups written together: their Helios groups, then their mirror rows.
      const userGroupIds = await saveUserGroups(
        db,
        org,
        run.columns.groups,
        pending.map(({ group, mirror }) => ({
          userGroupId: mirror?.userGroupId ?? null,
          email: group.email,
          name: group.name,
          description: group.email === null || group.name === group.email ? group.description : group.name,
        })),
      );
      const mirrorIds = await phase.mirror.save(
        db,
        org,
        pending.map(({ record, group, mirror, hash }, i) => ({
          record,
          group,
          existingId: mirror?.id,
          userGroupId: userGroupIds[i] as number,
          contentHash: hash,
        })),
      );
      for (const [i, { members }] of pending.entries())
        changed.push({ mirrorId: mirrorIds[i] as number, userGroupId: userGroupIds[i] as number, members });
      // Every changed group's members at once: a few statements for the page, not a few per group.
      await phase.mirror.replaceMembers(db, changed);
      await replaceMemberships(db, run.columns.groups, changed);
      await run.seen('group', ids, db);
    });
    done += page.length;
    await run.progress(done);
  }
  return listing;
}

async function devicesPhase(run: Run, phase: DevicesPhase) {
  const { org, counts: c } = run;
  const listing = phase.list(run.cursor);
  let done = 0;
  for await (const page of readAhead(listing.pages)) {
    await pageWrites(run.db, async (db) => {
      const users = await userIdsByEmail(
        db,
        org,
        page.map((d) => d.userEmail).filter((e): e is string => Boolean(e)),
      );
      const rows = page.map((d): DeviceRow => {
        // The hash covers every stored field, the assignee's Helios id included.
        const fields = {
          deviceId: d.externalId,
          name: d.name,
          assetType: d.assetType,
          make: d.make,
          model: d.model,
          serial: d.serial,
          os: d.os,
          osVersion: d.osVersion,
          status: d.status,
          assignedToUserId: d.userEmail ? (users.get(d.userEmail.toLowerCase()) ?? null) : null,
          // Only where the provider has them, so the hashes of other providers' devices stay as they were.
          ...(d.management ? { management: d.management } : {}),
        };
        const { deviceId, ...rest } = fields;
        return { externalId: deviceId, ...rest, hash: contentHash(fields) };
      });
      const r = await upsertDevices(db, org, run.columns.assets, rows);
      c.created += r.created;
      c.updated += r.updated;
      c.unchanged += rows.length - r.created - r.updated;
      await run.seen(
        phase.seenKind,
        rows.map((d) => d.externalId),
        db,
      );
    });
    done += page.length;
    await run.progress(done);
  }
  return listing;
}

async function licensesPhase(run: Run, phase: LicensesPhase): Promise<void> {
  const { db, org, counts: c } = run;
  const columns = run.columns.licenses;
  const licenseIds = new Map<string, number>();
  let done = 0;
  const listing = phase.list();
  for await (const page of readAhead(listing.pages)) {
    await pageWrites(run.db, async (db) => {
      for (const a of page) {
        if (licenseIds.has(a.sku.id)) continue;
        const sku = await ensureSkuLicense(db, org, columns, { ...a.sku, name: a.sku.name.slice(0, 200) });
        licenseIds.set(a.sku.id, sku.id);
      }
      const users = await userIdsByEmail(
        db,
        org,
        page.map((a) => a.userEmail),
      );
      const rows = page.flatMap((a) => {
        const userId = users.get(a.userEmail.toLowerCase());
        const licenseId = licenseIds.get(a.sku.id);
        return userId !== undefined && licenseId !== undefined ? [{ userId, licenseId }] : [];
      });
      const created = await insertLicenseAssignments(db, rows);
      c.created += created;
      c.unchanged += rows.length - created;
      await run.seen(
        'license',
        page.map((a) => `${a.sku.id}:${a.userEmail.toLowerCase()}`),
        db,
      );
    });
    done += page.length;
    await run.progress(done);
  }
  const only = listing.onlyUsers?.();
  if (only !== undefined) {
    // Moved or revoked licenses of the people the change log named: counted as updates.
    c.updated += await revokeUnlistedLicensesOf(db, org, columns, run.runId, only);
    await refreshSeatCounts(db, org, columns);
  }
}

async function domainsPhase(run: Run, phase: DomainsPhase): Promise<void> {
  const { db, org, counts: c } = run;
  let done = 0;
  for await (const page of phase.list().pages) {
    for (const d of page) c[await upsertDomain(db, org, run.columns.domains, d)]++;
    await run.seen(
      'domain',
      page.map((d) => d.name.toLowerCase()),
    );
    done += page.length;
    await run.progress(done);
  }
}

async function mirrorPhase(run: Run, phase: MirrorPhase<unknown>) {
  const { db, org, counts: c } = run;
  const listing = phase.list(run.cursor);
  let done = 0;
  for await (const page of readAhead(listing.pages)) {
    const r = await phase.save(db, org, page);
    c.created += r.created;
    c.updated += r.updated;
    c.unchanged += page.length - r.created - r.updated;
    await run.seen(
      phase.seenKind,
      page.map((record) => phase.externalId(record)),
    );
    done += page.length;
    await run.progress(done);
  }
  return listing;
}

/**
 * The archive step of a complete run: the guard first (nothing is archived when it refuses), then
 * every phase's vanished records. Returns how many records were archived.
 */
async function archiveVanished(
  db: Kysely<Database>,
  source: DirectorySource,
  o: SyncOptions,
  results: PhaseResult[],
  counts: Record<string, PhaseCounts>,
): Promise<number> {
  const { columns, massArchiveHint: hint } = source;
  const org = o.organizationId;
  const scopeOf = (result: PhaseResult, kinds: readonly SeenKind[]): VanishedScope =>
    result.vanished.full ? { runId: o.runId, kinds } : { ids: result.vanished.removed };
  const users = results.find((r) => r.phase.kind === 'users');
  // A provider's devices are one population (a device may move between listings): after full
  // passes a device is live if any listing staged it; once one listing is a delta, only the
  // removals its deltas named can be trusted.
  const deviceResults = results.filter((r) => r.phase.kind === 'devices');
  const deviceKinds = deviceResults.flatMap((r) => (r.phase.kind === 'devices' ? [r.phase.seenKind] : []));
  const devicesScope: VanishedScope | undefined =
    deviceResults.length === 0
      ? undefined
      : deviceResults.every((r) => r.vanished.full)
        ? { runId: o.runId, kinds: deviceKinds }
        : { ids: deviceResults.flatMap((r) => (r.vanished.full ? [] : r.vanished.removed)) };

  await analyzeSeen(db);
  const guards = [
    ...(users ? [{ what: 'users', of: { users: columns.users }, scope: scopeOf(users, ['user']) }] : []),
    ...(devicesScope ? [{ what: 'devices', of: { assets: columns.assets }, scope: devicesScope }] : []),
  ];
  for (const guard of guards) {
    const { live, missing } = await countVanished(db, org, guard.of, guard.scope);
    if (live > 0 && missing / live > o.massArchiveThreshold) {
      throw new MassArchiveError(
        `This listing would archive ${missing} of ${live} synced ${guard.what} (more than ${Math.round(o.massArchiveThreshold * 100)} %); nothing was archived. ${hint}, then run again.`,
      );
    }
  }

  let total = 0;
  const add = (phaseName: string, n: number) => {
    const pc = counts[phaseName];
    if (pc) pc.archived += n;
    total += n;
  };
  for (const result of results) {
    const { phase } = result;
    switch (phase.kind) {
      case 'users': {
        const scope = scopeOf(result, ['user']);
        add(phase.name, await archiveUsers(db, org, columns.users, scope));
        // People the outranking provider still has are not this provider's to archive: only released.
        await releaseDeferredUsers(db, org, columns.users, scope);
        await archiveMirror(db, org, phase.mirror.table, scope);
        break;
      }
      case 'devices':
        // All of the provider's devices at once, counted under its first device listing.
        if (devicesScope && result === deviceResults[0])
          add(phase.name, await archiveDevices(db, org, columns.assets, devicesScope));
        break;
      case 'groups':
        add(phase.name, await archiveMirror(db, org, phase.mirror.table, scopeOf(result, ['group'])));
        await archiveUserGroupsOf(db, org, phase.mirror.table);
        break;
      case 'mirror':
        add(phase.name, await archiveMirror(db, org, phase.table, scopeOf(result, [phase.seenKind])));
        break;
      case 'licenses':
        add(phase.name, await archiveLicenses(db, org, columns.licenses, o.runId));
        if ((phase.seats ?? 'assigned') === 'assigned') await refreshSeatCounts(db, org, columns.licenses);
        break;
      case 'domains':
        add(phase.name, await unlistDomains(db, org, columns.domains, o.runId));
        break;
    }
  }
  return total;
}
