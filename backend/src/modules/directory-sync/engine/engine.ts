import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Json } from '../../../core/db/schema.ts';
import {
  analyzeSeen,
  archiveVanished,
  clearSeen,
  type DeviceRow,
  ensureSkuLicense,
  insertLicenseAssignments,
  insertSyncedUsers,
  markSeen,
  type MemberRow,
  refreshSeatCounts,
  replaceGroupMembers,
  resolveManagers,
  type SeenKind,
  updateSyncedUser,
  upsertDevices,
  upsertDomain,
  upsertGroup,
  upsertOrgUnits,
  upsertUserMirrors,
  userIdsByEmail,
  usersForPage,
  vanished,
  type GoogleOwnedUser,
  type UserMirrorRow,
} from '../queries/google-sync.ts';
import {
  LICENSE_PRODUCTS,
  WORKSPACE_SKUS,
  type GoogleChromeDevice,
  type GoogleMobileDevice,
  type GoogleUser,
  type WorkspaceSource,
} from '../providers/google/source.ts';

/** The phases of a run, in order. */
export const PHASES = [
  'orgUnits',
  'users',
  'groups',
  'chromeos',
  'mobile',
  'licenses',
  'domains',
  'archive',
] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseCounts {
  created: number;
  updated: number;
  unchanged: number;
  archived: number;
}

export interface SyncReport {
  counts: Record<string, PhaseCounts>;
  errors: { phase: Phase; message: string }[];
  /** Every listing ran to completion (only then was anything archived). */
  complete: boolean;
  archived: boolean;
}

export interface SyncOptions {
  organizationId: number;
  runId: number;
  /** Share of live synced users or devices a run may archive before it refuses (google.md: 20 %). */
  massArchiveThreshold: number;
  /** Called after every page (progress for GET /sync/runs and the CLI's bar). */
  onProgress?: (phase: Phase, done: number, counts: Record<string, PhaseCounts>) => Promise<void> | void;
}

/** Thrown when a complete listing would archive more than the threshold allows. */
export class MassArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MassArchiveError';
  }
}

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const zero = (): PhaseCounts => ({ created: 0, updated: 0, unchanged: 0, archived: 0 });
const primary = <T extends { primary?: boolean }>(items: T[] | undefined): T | undefined =>
  items?.find((i) => i.primary) ?? items?.[0];

/** The Google-owned columns of a Helios user, from a Directory user. */
function ownedFields(u: GoogleUser): GoogleOwnedUser {
  const org = primary(u.organizations);
  return {
    email: u.primaryEmail.toLowerCase(),
    first_name: u.name?.givenName?.slice(0, 200) ?? null,
    last_name: u.name?.familyName?.slice(0, 200) ?? null,
    title: org?.title?.slice(0, 200) ?? null,
    department: org?.department?.slice(0, 200) ?? null,
    phone: primary(u.phones)?.value?.slice(0, 50) ?? null,
    photo_url: u.thumbnailPhotoUrl?.slice(0, 500) ?? null,
    google_workspace_id: u.id,
    google_workspace_ou: u.orgUnitPath?.slice(0, 500) ?? null,
    // Suspended in Google → inactive in Helios (not archived: they may come back).
    is_active: !u.suspended,
  };
}

const CHROME_STATUS: Record<string, string> = {
  ACTIVE: 'active',
  DISABLED: 'repair',
  DEPROVISIONED: 'retired',
};
const MOBILE_STATUS: Record<string, string> = {
  APPROVED: 'active',
  BLOCKED: 'repair',
  WIPED: 'retired',
  PENDING: 'storage',
};

function chromeRow(d: GoogleChromeDevice, userId: number | null): DeviceRow {
  const fields = {
    deviceId: d.deviceId,
    name: d.annotatedAssetId || [d.model ?? 'Chromebook', d.serialNumber].filter(Boolean).join(' '),
    assetType: 'computer',
    make: null,
    model: d.model ?? null,
    serial: d.serialNumber ?? null,
    os: 'ChromeOS',
    osVersion: d.osVersion ?? null,
    status: CHROME_STATUS[d.status ?? ''] ?? 'storage',
    assignedToUserId: userId,
  };
  return { ...fields, hash: hash(fields) };
}

function mobileRow(d: GoogleMobileDevice, userId: number | null): DeviceRow {
  const os = d.os ?? null;
  const tablet = /ipad|tablet/i.test(`${d.model ?? ''} ${d.type ?? ''}`);
  const fields = {
    deviceId: d.resourceId,
    name: d.name?.[0] || d.model || 'Mobile device',
    assetType: tablet ? 'tablet' : 'phone',
    make: d.type?.startsWith('IOS') ? 'Apple' : null,
    model: d.model ?? null,
    serial: null,
    os: os?.split(' ')[0] ?? null,
    osVersion: os?.split(' ').slice(1).join(' ') || null,
    status: MOBILE_STATUS[d.status ?? ''] ?? 'storage',
    assignedToUserId: userId,
  };
  return { ...fields, hash: hash(fields) };
}

/**
 * One sync of a Workspace customer into Helios, phase by phase (org units → users → groups and
 * memberships → Chrome OS → mobile → licenses → domains → archive), page by page. Google-owned fields
 * are overwritten; everything else is left alone; unchanged records are not written at all.
 * Only when every listing completed does the archive phase run — and it refuses (MassArchiveError)
 * rather than archive more than the threshold of live users or devices.
 */
export async function runSync(
  db: Kysely<Database>,
  source: WorkspaceSource,
  o: SyncOptions,
): Promise<SyncReport> {
  try {
    return await syncPhases(db, source, o);
  } finally {
    // The staging rows are only needed while the run decides what vanished.
    await clearSeen(db, o.runId);
  }
}

async function syncPhases(
  db: Kysely<Database>,
  source: WorkspaceSource,
  o: SyncOptions,
): Promise<SyncReport> {
  const counts: Record<string, PhaseCounts> = Object.fromEntries(
    PHASES.filter((p) => p !== 'archive').map((p) => [p, zero()]),
  );
  const errors: SyncReport['errors'] = [];
  const org = o.organizationId;
  const seen = (kind: SeenKind, ids: string[]) => markSeen(db, o.runId, kind, ids);
  const progress = async (phase: Phase, done: number) => o.onProgress?.(phase, done, counts);

  /** Runs one listing phase; a failure is recorded and marks the run incomplete. */
  const phase = async (name: Phase, body: () => Promise<void>) => {
    try {
      await body();
    } catch (error) {
      errors.push({ phase: name, message: error instanceof Error ? error.message : String(error) });
    }
  };

  await phase('orgUnits', async () => {
    const units = await source.orgUnits();
    const rows = units.map((u) => {
      const fields = {
        path: u.orgUnitPath,
        name: u.name,
        parentId: u.parentOrgUnitId ?? null,
        parentPath: u.parentOrgUnitPath ?? null,
        description: u.description ?? null,
      };
      return { ...fields, orgUnitId: u.orgUnitId, raw: u as unknown as Json, hash: hash(fields) };
    });
    const r = await upsertOrgUnits(db, org, rows);
    counts.orgUnits = {
      ...zero(),
      created: r.created,
      updated: r.updated,
      unchanged: rows.length - r.created - r.updated,
    };
    await seen(
      'org_unit',
      units.map((u) => u.orgUnitId),
    );
    await progress('orgUnits', units.length);
  });

  await phase('users', async () => {
    let done = 0;
    const c = counts.users ?? zero();
    for await (const page of source.users()) {
      const ids = page.map((u) => u.id);
      const { mirrors, users } = await usersForPage(
        db,
        org,
        ids,
        page.map((u) => u.primaryEmail),
      );
      const mirrorOf = new Map(mirrors.map((m) => [m.google_user_id, m]));
      const byGoogleId = new Map(
        users.filter((u) => u.google_workspace_id).map((u) => [u.google_workspace_id as string, u]),
      );
      const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
      const creates: { user: GoogleUser; owned: GoogleOwnedUser; contentHash: string }[] = [];
      const mirrorRows: UserMirrorRow[] = [];
      const mirrorFor = (u: GoogleUser, userId: number, contentHash: string): UserMirrorRow => ({
        googleId: u.id,
        email: u.primaryEmail.toLowerCase(),
        organizationUserId: userId,
        givenName: u.name?.givenName ?? null,
        familyName: u.name?.familyName ?? null,
        fullName: u.name?.fullName ?? null,
        orgUnitPath: u.orgUnitPath ?? null,
        suspended: u.suspended === true,
        archivedInGoogle: u.archived === true,
        isAdmin: u.isAdmin === true,
        lastLoginAt: u.lastLoginTime && !u.lastLoginTime.startsWith('1970-') ? u.lastLoginTime : null,
        raw: u as unknown as Json,
        etag: u.etag ?? null,
        hash: contentHash,
      });
      for (const u of page) {
        const owned = ownedFields(u);
        // The hash covers what Helios stores (owned fields) and the manager relation.
        const contentHash = hash({
          owned,
          manager: u.relations?.find((r) => r.type === 'manager')?.value ?? null,
        });
        const mirror = mirrorOf.get(u.id);
        const existing = byGoogleId.get(u.id) ?? byEmail.get(owned.email);
        if (
          mirror &&
          mirror.content_hash === contentHash &&
          mirror.archived_at === null &&
          existing &&
          existing.archived_at === null
        ) {
          c.unchanged++;
          continue;
        }
        if (existing) {
          await updateSyncedUser(db, existing.id, owned);
          mirrorRows.push(mirrorFor(u, existing.id, contentHash));
          c.updated++;
        } else {
          creates.push({ user: u, owned, contentHash });
        }
      }
      const inserted = await insertSyncedUsers(
        db,
        org,
        creates.map((x) => x.owned),
      );
      const idOf = new Map(inserted.map((r) => [r.google_workspace_id, r.id]));
      for (const x of creates) {
        const id = idOf.get(x.user.id);
        if (id !== undefined) mirrorRows.push(mirrorFor(x.user, id, x.contentHash));
      }
      c.created += inserted.length;
      await upsertUserMirrors(db, org, mirrorRows);
      await seen('user', ids);
      done += page.length;
      await progress('users', done);
    }
    counts.users = c;
    // Managers are resolved once every user exists (a manager may come on a later page).
    await resolveManagers(db, org);
  });

  await phase('groups', async () => {
    let done = 0;
    const c = counts.groups ?? zero();
    for await (const page of source.groups()) {
      for (const g of page) {
        const members: MemberRow[] = [];
        for await (const memberPage of source.groupMembers(g.id)) {
          const userIds = await userIdsByEmail(
            db,
            org,
            memberPage.filter((m) => m.type === 'USER' && m.email).map((m) => m.email as string),
          );
          for (const m of memberPage) {
            members.push({
              googleId: m.id ?? m.email ?? 'customer',
              email: m.email ?? null,
              role: m.role ?? 'MEMBER',
              type: m.type ?? 'USER',
              status: m.status ?? null,
              userId: m.email ? (userIds.get(m.email.toLowerCase()) ?? null) : null,
            });
          }
        }
        members.sort((a, b) => a.googleId.localeCompare(b.googleId));
        const fields = {
          email: g.email,
          name: g.name ?? g.email,
          description: g.description ?? null,
          members: members.map((m) => [m.googleId, m.role, m.type, m.status, m.userId]),
        };
        const result = await upsertGroup(db, org, {
          googleId: g.id,
          email: g.email.toLowerCase(),
          name: (g.name ?? g.email).slice(0, 255),
          description: g.description ?? null,
          directMembersCount: g.directMembersCount === undefined ? null : Number(g.directMembersCount),
          raw: g as unknown as Json,
          etag: g.etag ?? null,
          hash: hash(fields),
        });
        if (result.changed !== 'unchanged' && result.userGroupId !== null)
          await replaceGroupMembers(db, result.id, result.userGroupId, members);
        c[result.changed]++;
      }
      await seen(
        'group',
        page.map((g) => g.id),
      );
      done += page.length;
      await progress('groups', done);
    }
    counts.groups = c;
  });

  const devicePhase = async (name: 'chromeos' | 'mobile') => {
    let done = 0;
    const c = counts[name] ?? zero();
    const pages = name === 'chromeos' ? source.chromeOsDevices() : source.mobileDevices();
    for await (const page of pages as AsyncIterable<(GoogleChromeDevice | GoogleMobileDevice)[]>) {
      const emailOf = (d: GoogleChromeDevice | GoogleMobileDevice) =>
        'deviceId' in d && name === 'chromeos'
          ? ((d as GoogleChromeDevice).annotatedUser ?? (d as GoogleChromeDevice).recentUsers?.[0]?.email)
          : (d as GoogleMobileDevice).email?.[0];
      const users = await userIdsByEmail(
        db,
        org,
        page.map(emailOf).filter((e): e is string => Boolean(e)),
      );
      const rows = page.map((d) => {
        const email = emailOf(d);
        const userId = email ? (users.get(email.toLowerCase()) ?? null) : null;
        return name === 'chromeos'
          ? chromeRow(d as GoogleChromeDevice, userId)
          : mobileRow(d as GoogleMobileDevice, userId);
      });
      const r = await upsertDevices(db, org, rows);
      c.created += r.created;
      c.updated += r.updated;
      c.unchanged += rows.length - r.created - r.updated;
      await seen(
        name,
        rows.map((d) => d.deviceId),
      );
      done += page.length;
      await progress(name, done);
    }
    counts[name] = c;
  };
  await phase('chromeos', () => devicePhase('chromeos'));
  await phase('mobile', () => devicePhase('mobile'));

  await phase('licenses', async () => {
    let done = 0;
    const c = counts.licenses ?? zero();
    const licenseIds = new Map<string, number>();
    for (const productId of LICENSE_PRODUCTS) {
      for await (const page of source.licenseAssignments(productId)) {
        for (const a of page) {
          if (licenseIds.has(a.skuId)) continue;
          const sku = await ensureSkuLicense(db, org, {
            skuId: a.skuId,
            productId: a.productId,
            name: (
              a.skuName ??
              WORKSPACE_SKUS[a.skuId] ??
              `${a.productName ?? a.productId} ${a.skuId}`
            ).slice(0, 200),
          });
          licenseIds.set(a.skuId, sku.id);
        }
        const users = await userIdsByEmail(
          db,
          org,
          page.map((a) => a.userId),
        );
        const rows = page.flatMap((a) => {
          const userId = users.get(a.userId.toLowerCase());
          const licenseId = licenseIds.get(a.skuId);
          return userId !== undefined && licenseId !== undefined ? [{ userId, licenseId }] : [];
        });
        const created = await insertLicenseAssignments(db, rows);
        c.created += created;
        c.unchanged += rows.length - created;
        await seen(
          'license',
          page.map((a) => `${a.skuId}:${a.userId.toLowerCase()}`),
        );
        done += page.length;
        await progress('licenses', done);
      }
    }
    counts.licenses = c;
  });

  await phase('domains', async () => {
    const c = counts.domains ?? zero();
    const domains = await source.domains();
    for (const d of domains)
      c[
        await upsertDomain(db, org, {
          name: d.domainName,
          verified: d.verified === true,
          isPrimary: d.isPrimary === true,
        })
      ]++;
    await seen(
      'domain',
      domains.map((d) => d.domainName.toLowerCase()),
    );
    counts.domains = c;
    await progress('domains', domains.length);
  });

  const complete = errors.length === 0;
  let archived = false;
  if (complete) {
    await progress('archive', 0);
    await analyzeSeen(db);
    for (const kind of ['user', 'chromeos'] as const) {
      const { live, missing } = await vanished(db, org, o.runId, kind);
      if (live > 0 && missing / live > o.massArchiveThreshold) {
        const what = kind === 'user' ? 'users' : 'devices';
        throw new MassArchiveError(
          `This listing would archive ${missing} of ${live} synced ${what} (more than ${Math.round(o.massArchiveThreshold * 100)} %); nothing was archived. Check the customer id and the admin's access, then run again.`,
        );
      }
    }
    const a = await archiveVanished(db, org, o.runId);
    const add = (phaseName: string, n: number) => {
      const pc = counts[phaseName];
      if (pc) pc.archived += n;
    };
    add('users', a.users);
    add('chromeos', a.devices);
    add('groups', a.groups);
    add('orgUnits', a.orgUnits);
    add('licenses', a.licenses);
    add('domains', a.domains);
    await refreshSeatCounts(db, org);
    archived = true;
  }
  return { counts, errors, complete, archived };
}
