// What changed in a Workspace since a point in time, read from the Admin SDK Reports API
// (activities.list) — the input of an incremental run (provider.ts `googleIncremental`).
//
// Event names are Google's (Reports API reference, "Admin Audit Activity Events": User Settings,
// Group Settings, Licenses Settings, Organization Settings; "Enterprise Groups Audit Activity
// Events" for changes group owners make). Rules, each because of what Google documents:
//   - events arrive "within minutes" and rarely much later: every window starts OVERLAP_MINUTES
//     before the previous run started, and activities seen twice (overlapping windows, paging
//     while new events arrive) are counted once, by `id.uniqueQualifier`;
//   - an event only says "look here": the current state is re-read (users.get, members.list,
//     licenseAssignments.get), so replaying an event is harmless and its order does not matter;
//   - any user setting event names a user to re-read (a narrow allow-list would silently miss
//     the next new event type); settings with no user (org-wide license assignment…) are left to
//     the nightly full reconcile, which also catches events that never arrive.
import {
  WORKSPACE_SKUS,
  type ActivityApplication,
  type GoogleActivity,
  type WorkspaceSource,
} from './source.ts';

/** How far each window reaches back before the previous run's start (Google: events may lag). */
export const OVERLAP_MINUTES = 15;

export interface DirectoryChanges {
  /** Users to re-read (lower-case e-mails, current or former). */
  users: Set<string>;
  /** E-mails of DELETE_USER events (gone if users.get answers 404). */
  deleted: Set<string>;
  /** Groups to re-read (e-mail or id). */
  groups: Set<string>;
  /**
   * People whose license changed, with the newest event's SKU id (null: revoked, or a SKU name
   * we cannot map — then every SKU is checked).
   */
  licenses: Map<string, { skuId: string | null; revoked: boolean }>;
  /** Org units changed (or a user moved/created): list them again (one request). */
  orgUnits: boolean;
  /** Activities read, and how many of them were duplicates. */
  activities: number;
  duplicates: number;
}

const SKU_BY_NAME = new Map(Object.entries(WORKSPACE_SKUS).map(([id, name]) => [name, id]));

const LICENSE_EVENTS = new Set([
  'USER_LICENSE_ASSIGNMENT',
  'USER_LICENSE_REASSIGNMENT',
  'USER_LICENSE_REVOKE',
]);
/** User events that can create an org unit path or move a person into one. */
const ORG_UNIT_USER_EVENTS = new Set(['CREATE_USER', 'MOVE_USER_TO_ORG_UNIT']);

const param = (event: NonNullable<GoogleActivity['events']>[number], name: string): string | undefined => {
  const p = event.parameters?.find((x) => x.name === name);
  return p?.value ?? p?.multiValue?.[0];
};

/** Reads the admin and groups_enterprise logs from `since − OVERLAP_MINUTES` on. */
export async function readChanges(google: WorkspaceSource, since: Date): Promise<DirectoryChanges> {
  const start = new Date(since.getTime() - OVERLAP_MINUTES * 60_000);
  const changes: DirectoryChanges = {
    users: new Set(),
    deleted: new Set(),
    groups: new Set(),
    licenses: new Map(),
    orgUnits: false,
    activities: 0,
    duplicates: 0,
  };
  const seen = new Set<string>();
  const read = async (application: ActivityApplication) => {
    const activities: GoogleActivity[] = [];
    for await (const page of google.activities(application, start)) activities.push(...page);
    return activities;
  };
  // Both logs at once: two requests in parallel when nothing changed.
  const [admin, groups] = await Promise.all([read('admin'), read('groups_enterprise')]);
  const fresh = (activity: GoogleActivity) => {
    const key = `${activity.id.applicationName}:${activity.id.uniqueQualifier}`;
    changes.activities++;
    if (seen.has(key)) {
      changes.duplicates++;
      return false;
    }
    seen.add(key);
    return true;
  };

  // Newest first (Google's order), so the first license event of a person is their latest.
  for (const activity of admin) {
    if (!fresh(activity)) continue;
    for (const event of activity.events ?? []) {
      const name = event.name ?? '';
      const userEmail = param(event, 'USER_EMAIL')?.toLowerCase();
      const groupEmail = param(event, 'GROUP_EMAIL')?.toLowerCase();
      switch (event.type) {
        case 'USER_SETTINGS':
          if (userEmail === undefined) break;
          changes.users.add(userEmail);
          if (name === 'RENAME_USER') {
            const renamed = param(event, 'NEW_VALUE')?.toLowerCase();
            if (renamed) changes.users.add(renamed);
          }
          if (name === 'DELETE_USER') changes.deleted.add(userEmail);
          if (ORG_UNIT_USER_EVENTS.has(name)) changes.orgUnits = true;
          break;
        case 'LICENSES_SETTINGS':
          if (userEmail === undefined || !LICENSE_EVENTS.has(name) || changes.licenses.has(userEmail)) break;
          changes.licenses.set(
            userEmail,
            name === 'USER_LICENSE_REVOKE'
              ? { skuId: null, revoked: true }
              : { skuId: SKU_BY_NAME.get(param(event, 'NEW_VALUE') ?? '') ?? null, revoked: false },
          );
          break;
        case 'GROUP_SETTINGS':
          // DELETE_GROUP is left to the reconcile: a deleted group is archived only by a full pass.
          if (groupEmail === undefined || name === 'DELETE_GROUP') break;
          changes.groups.add(groupEmail);
          if (name === 'CHANGE_GROUP_EMAIL') {
            const renamed = param(event, 'NEW_VALUE')?.toLowerCase();
            if (renamed) changes.groups.add(renamed);
          }
          break;
        case 'ORG_SETTINGS':
          changes.orgUnits = true;
          break;
      }
    }
  }
  for (const activity of groups) {
    if (!fresh(activity)) continue;
    for (const event of activity.events ?? []) {
      const group = param(event, 'group_id')?.toLowerCase();
      if (group) changes.groups.add(group);
    }
  }
  return changes;
}

/** `items` mapped `limit` at a time (Google's per-user quota is shared by every request). */
export async function mapBounded<T, U>(
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
