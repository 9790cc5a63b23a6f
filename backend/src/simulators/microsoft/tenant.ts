// The simulated Entra ID / Microsoft 365 tenant: users, groups with members, subscribed SKUs with
// each user's assigned licenses, and Intune managed devices — deterministic for a seed, overlapping
// the Workspace simulator's people (same names and addresses) for a configurable share, changed
// between runs by scripted changes.
//
// Delta queries: every change stamps the record with the next value of one change counter; a
// delta token names the counter value it was issued at, so a delta returns exactly the records
// stamped later (removed ones as `@removed`). Deleted users and groups stay as tombstones for that.
import { baseUser, resolveSpec, type DirectorySpec } from '../workspace/generator.ts';
import { hash32, hex8, pick, unit } from '../workspace/random.ts';

export interface TenantOptions {
  /** Users (members and a few guests). */
  users: number;
  seed?: number;
  /** The Workspace simulator's primary domain whose people are shared (default acme.example). */
  domain?: string;
  /** Share of users who are also Workspace people (same address and names; default 0.6). */
  overlapShare?: number;
  /** Groups (default max(5, users / 20)). */
  groups?: number;
  /** Intune managed devices (default users / 2). */
  devices?: number;
  /** Share of users holding a license (default 0.85). */
  licensedShare?: number;
  /** Share of accounts disabled (default 0.03). */
  disabledShare?: number;
}

export interface TenantSpec {
  users: number;
  seed: number;
  domain: string;
  /** Where the tenant's own (non-Workspace) people live: `<stem>.onmicrosoft.example`. */
  tenantDomain: string;
  overlapShare: number;
  groups: number;
  devices: number;
  licensedShare: number;
  disabledShare: number;
  /** The directory (tenant) id, a GUID. */
  tenantId: string;
  /** The Workspace generator's spec of the same seed and domain (for the shared people). */
  workspace: DirectorySpec;
}

export interface AssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

export interface MsUserRecord {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  department: string | null;
  mobilePhone: string | null;
  businessPhones: string[];
  officeLocation: string | null;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  assignedLicenses: AssignedLicense[];
}

export interface MsGroupRecord {
  id: string;
  displayName: string;
  mail: string | null;
  mailNickname: string;
  description: string | null;
  groupTypes: string[];
  securityEnabled: boolean;
  mailEnabled: boolean;
  /** Member user ids, in insertion order. */
  members: Set<string>;
}

export interface MsSkuRecord {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
  capabilityStatus: 'Enabled' | 'Suspended' | 'Warning';
  prepaidEnabled: number;
  prepaidSuspended: number;
  prepaidWarning: number;
}

export interface MsDeviceRecord {
  id: string;
  deviceName: string;
  manufacturer: string;
  model: string;
  serialNumber: string;
  operatingSystem: string;
  osVersion: string;
  complianceState: 'compliant' | 'noncompliant' | 'inGracePeriod' | 'unknown';
  lastSyncDateTime: string;
  managedDeviceOwnerType: 'company' | 'personal';
  userId: string | null;
  userPrincipalName: string | null;
}

/** The SKUs every tenant subscribes to (real SKU ids and part numbers). */
export const SKUS: readonly { skuId: string; skuPartNumber: string; displayName: string }[] = [
  {
    skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900',
    skuPartNumber: 'ENTERPRISEPACK',
    displayName: 'Office 365 E3',
  },
  { skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', skuPartNumber: 'SPE_E5', displayName: 'Microsoft 365 E5' },
  {
    skuId: 'f245ecc8-75af-4f8e-b61f-27d8114de5f3',
    skuPartNumber: 'O365_BUSINESS_PREMIUM',
    displayName: 'Microsoft 365 Business Standard',
  },
  {
    skuId: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
    skuPartNumber: 'EMS',
    displayName: 'Enterprise Mobility + Security E3',
  },
];

const DEVICE_MODELS: readonly { manufacturer: string; model: string; os: string; version: string }[] = [
  { manufacturer: 'Dell Inc.', model: 'Latitude 7440', os: 'Windows', version: '10.0.22631.4317' },
  { manufacturer: 'LENOVO', model: 'ThinkPad T14 Gen 4', os: 'Windows', version: '10.0.22631.4169' },
  { manufacturer: 'HP', model: 'EliteBook 840 G10', os: 'Windows', version: '10.0.19045.5011' },
  { manufacturer: 'Apple', model: 'MacBook Pro (14-inch, 2023)', os: 'macOS', version: '14.6.1' },
  { manufacturer: 'Apple', model: 'iPhone 15', os: 'iOS', version: '17.6.1' },
  { manufacturer: 'samsung', model: 'Galaxy S24', os: 'Android', version: '14' },
];

const COMPLIANCE: readonly MsDeviceRecord['complianceState'][] = [
  'compliant',
  'compliant',
  'compliant',
  'compliant',
  'noncompliant',
  'inGracePeriod',
];

/** A GUID that is a pure function of (seed, kind, index). */
export function guid(seed: number, kind: number, index: number): string {
  const a = hex8(hash32(seed, kind, index, 1));
  const b = hex8(hash32(seed, kind, index, 2));
  const c = hex8(hash32(seed, kind, index, 3));
  const d = hex8(hash32(seed, kind, index, 4));
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[hash32(seed, kind, index, 5) % 4]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

export function resolveTenantSpec(options: TenantOptions): TenantSpec {
  const users = Math.floor(options.users);
  if (!(users >= 1)) throw new Error('A tenant needs at least one user');
  const seed = Math.floor(options.seed ?? 1);
  const workspace = resolveSpec({
    users: users + 1,
    seed,
    ...(options.domain ? { domain: options.domain } : {}),
  });
  const share = (v: number | undefined, fallback: number, name: string) => {
    const value = v ?? fallback;
    if (!(value >= 0 && value <= 1)) throw new Error(`${name} must be within [0, 1]`);
    return value;
  };
  const stem = workspace.domain.slice(0, workspace.domain.indexOf('.'));
  return {
    users,
    seed,
    domain: workspace.domain,
    tenantDomain: `${stem}.onmicrosoft.example`,
    overlapShare: share(options.overlapShare, 0.6, 'overlapShare'),
    groups: Math.floor(options.groups ?? Math.max(5, users / 20)),
    devices: Math.floor(options.devices ?? users / 2),
    licensedShare: share(options.licensedShare, 0.85, 'licensedShare'),
    disabledShare: share(options.disabledShare, 0.03, 'disabledShare'),
    tenantId: guid(seed, 1, 0),
    workspace,
  };
}

/**
 * Whether tenant user i is also Workspace person i + 1 (the Workspace admin, index 0, is not in
 * the tenant). Deterministic per index, so the overlap is the same share of any tenant size.
 */
export function overlaps(spec: TenantSpec, index: number): boolean {
  return unit(spec.seed, index, 301) < spec.overlapShare;
}

function baseMsUser(spec: TenantSpec, index: number): MsUserRecord {
  const { seed } = spec;
  // A shared person is Workspace user index + 1; a tenant-only person takes the names of a
  // Workspace index far beyond any generated directory, on the tenant's own domain.
  const shared = overlaps(spec, index);
  const person = baseUser(spec.workspace, shared ? index + 1 : index + 50_000_000);
  const local = person.email.slice(0, person.email.indexOf('@'));
  const guest = !shared && unit(seed, index, 302) < 0.02;
  const upn = guest
    ? `${local}_partner.example#EXT#@${spec.tenantDomain}`
    : shared
      ? person.email
      : `${local}@${spec.tenantDomain}`;
  const licensed = !guest && unit(seed, index, 303) < spec.licensedShare;
  const licenses: AssignedLicense[] = [];
  if (licensed) {
    licenses.push({ skuId: pick(SKUS.slice(0, 3), hash32(seed, index, 304)).skuId, disabledPlans: [] });
    if (unit(seed, index, 305) < 0.3) licenses.push({ skuId: SKUS[3]?.skuId ?? '', disabledPlans: [] });
  }
  return {
    id: guid(seed, 2, index),
    userPrincipalName: upn,
    mail: guest ? `${local}@partner.example` : upn,
    displayName: `${person.givenName} ${person.familyName}`,
    givenName: person.givenName,
    surname: person.familyName,
    jobTitle: guest ? null : person.title,
    department: guest ? null : person.department,
    mobilePhone: person.mobilePhone,
    businessPhones: person.workPhone ? [person.workPhone] : [],
    officeLocation: person.buildingId,
    accountEnabled: index < 10 || unit(seed, index, 306) >= spec.disabledShare,
    userType: guest ? 'Guest' : 'Member',
    assignedLicenses: licenses,
  };
}

function baseGroup(spec: TenantSpec, index: number): MsGroupRecord {
  const unified = index === 0 || unit(spec.seed, index, 401) < 0.7;
  const name =
    index === 0 ? 'All Company' : `Project ${hex8(hash32(spec.seed, index, 402)).slice(0, 5)} ${index}`;
  const nickname = index === 0 ? 'allcompany' : `project-${index}`;
  return {
    id: guid(spec.seed, 3, index),
    displayName: name,
    mail: `${nickname}@${spec.tenantDomain}`,
    mailNickname: nickname,
    description: index === 0 ? 'Everyone in the company' : `Workspace of project ${index}`,
    groupTypes: unified ? ['Unified'] : [],
    securityEnabled: !unified,
    mailEnabled: true,
    members: new Set(),
  };
}

function baseDevice(spec: TenantSpec, index: number, users: readonly MsUserRecord[]): MsDeviceRecord {
  const { seed } = spec;
  const model = pick(DEVICE_MODELS, hash32(seed, index, 501));
  // Most devices have a primary user; every 25th is a shared, unassigned one.
  const owner = index % 25 === 24 ? undefined : users[(index * 7 + 3) % users.length];
  const synced = Date.UTC(2025, 4, 1) + (hash32(seed, index, 502) % (30 * 86_400)) * 1000;
  return {
    id: guid(seed, 4, index),
    deviceName: `${model.os === 'Windows' ? 'DESKTOP' : model.os.toUpperCase()}-${hex8(
      hash32(seed, index, 503),
    )
      .slice(0, 7)
      .toUpperCase()}`,
    manufacturer: model.manufacturer,
    model: model.model,
    serialNumber: `${model.manufacturer.slice(0, 2).toUpperCase()}${hex8(hash32(seed, index, 504)).toUpperCase()}`,
    operatingSystem: model.os,
    osVersion: model.version,
    complianceState: pick(COMPLIANCE, hash32(seed, index, 505)),
    lastSyncDateTime: new Date(synced).toISOString(),
    managedDeviceOwnerType: model.os === 'Android' && index % 3 === 0 ? 'personal' : 'company',
    userId: owner?.id ?? null,
    userPrincipalName: owner?.userPrincipalName ?? null,
  };
}

/** One removed member of a group, kept so a delta can report `@removed` members. */
interface MemberChange {
  seq: number;
  groupId: string;
  userId: string;
  removed: boolean;
}

export interface TenantCounts {
  users: number;
  disabledUsers: number;
  guests: number;
  groups: number;
  /** Group memberships of users. */
  groupMembers: number;
  skus: number;
  /** User ↔ SKU assignments. */
  assignments: number;
  devices: number;
}

/** The tenant's live state plus what a delta needs (change stamps and tombstones). */
export class Tenant {
  readonly spec: TenantSpec;
  readonly users = new Map<string, MsUserRecord>();
  readonly groups = new Map<string, MsGroupRecord>();
  readonly skus = new Map<string, MsSkuRecord>();
  readonly devices = new Map<string, MsDeviceRecord>();
  /** Change stamp of every live or deleted user / group (deleted: in the tombstone sets). */
  readonly stamps = new Map<string, number>();
  readonly deletedUsers = new Set<string>();
  readonly deletedGroups = new Set<string>();
  readonly memberChanges: MemberChange[] = [];
  #seq = 1;
  /** Bumped by expireDeltaTokens(): tokens of an older generation answer 410 syncStateNotFound. */
  generation = 1;

  constructor(spec: TenantSpec) {
    this.spec = spec;
    const users: MsUserRecord[] = [];
    for (let i = 0; i < spec.users; i++) {
      const u = baseMsUser(spec, i);
      users.push(u);
      this.users.set(u.id, u);
      this.stamps.set(u.id, this.#seq);
    }
    for (let g = 0; g < spec.groups; g++) {
      const group = baseGroup(spec, g);
      this.groups.set(group.id, group);
      this.stamps.set(group.id, this.#seq);
    }
    // All Company holds every member account; every user also joins one or two project groups.
    const groups = [...this.groups.values()];
    const projects = groups.slice(1);
    for (let i = 0; i < users.length; i++) {
      const u = users[i] as MsUserRecord;
      if (u.userType === 'Member') groups[0]?.members.add(u.id);
      if (projects.length === 0) continue;
      projects[hash32(spec.seed, i, 601) % projects.length]?.members.add(u.id);
      if (unit(spec.seed, i, 602) < 0.3)
        projects[hash32(spec.seed, i, 603) % projects.length]?.members.add(u.id);
    }
    const consumed = new Map<string, number>();
    for (const u of users)
      for (const l of u.assignedLicenses) consumed.set(l.skuId, (consumed.get(l.skuId) ?? 0) + 1);
    for (const sku of SKUS) {
      const used = consumed.get(sku.skuId) ?? 0;
      this.skus.set(sku.skuId, {
        ...sku,
        capabilityStatus: 'Enabled',
        // Some headroom, as a tenant buys seats ahead.
        prepaidEnabled: used + Math.max(5, Math.ceil(used * 0.1)),
        prepaidSuspended: 0,
        prepaidWarning: 0,
      });
    }
    for (let d = 0; d < spec.devices; d++) {
      const device = baseDevice(spec, d, users);
      this.devices.set(device.id, device);
    }
  }

  /** The current change counter: a delta token issued now covers changes stamped after it. */
  get seq(): number {
    return this.#seq;
  }

  #touch(id: string): void {
    this.#seq++;
    this.stamps.set(id, this.#seq);
  }

  consumedUnits(skuId: string): number {
    let n = 0;
    for (const u of this.users.values()) if (u.assignedLicenses.some((l) => l.skuId === skuId)) n++;
    return n;
  }

  /** Member changes of a group stamped after `since` (the `members@delta` of a delta). */
  memberChangesSince(groupId: string, since: number): MemberChange[] {
    return this.memberChanges.filter((c) => c.groupId === groupId && c.seq > since);
  }

  // ——— Scripted changes ———

  user(idOrUpn: string): MsUserRecord {
    const direct = this.users.get(idOrUpn);
    if (direct) return direct;
    const lower = idOrUpn.toLowerCase();
    for (const u of this.users.values()) if (u.userPrincipalName.toLowerCase() === lower) return u;
    throw new Error(`No such user: ${idOrUpn}`);
  }

  /** The i-th generated user (stable handle for tests). */
  userAt(index: number): MsUserRecord {
    return this.user(guid(this.spec.seed, 2, index));
  }

  /** Changes the sign-in name and address; the object id stays. */
  renameUser(idOrUpn: string, upn: string): MsUserRecord {
    const u = this.user(idOrUpn);
    u.userPrincipalName = upn;
    u.mail = upn;
    this.#touch(u.id);
    for (const d of this.devices.values()) if (d.userId === u.id) d.userPrincipalName = upn;
    return u;
  }

  updateUser(idOrUpn: string, update: Partial<Omit<MsUserRecord, 'id' | 'assignedLicenses'>>): MsUserRecord {
    const u = this.user(idOrUpn);
    Object.assign(u, update);
    this.#touch(u.id);
    return u;
  }

  disableUser(idOrUpn: string, disabled = true): MsUserRecord {
    return this.updateUser(idOrUpn, { accountEnabled: !disabled });
  }

  /** Deletes the user: gone from listings, group members and device ownership from then on. */
  deleteUser(idOrUpn: string): void {
    const u = this.user(idOrUpn);
    this.users.delete(u.id);
    this.deletedUsers.add(u.id);
    this.#touch(u.id);
    for (const g of this.groups.values()) if (g.members.has(u.id)) this.removeMember(g.id, u.id);
    for (const d of this.devices.values())
      if (d.userId === u.id) Object.assign(d, { userId: null, userPrincipalName: null });
  }

  addUser(input: {
    userPrincipalName: string;
    givenName: string;
    surname: string;
    jobTitle?: string;
  }): MsUserRecord {
    const index = this.spec.users + this.users.size + this.deletedUsers.size;
    const u: MsUserRecord = {
      id: guid(this.spec.seed, 2, index + 1_000_000),
      userPrincipalName: input.userPrincipalName,
      mail: input.userPrincipalName,
      displayName: `${input.givenName} ${input.surname}`,
      givenName: input.givenName,
      surname: input.surname,
      jobTitle: input.jobTitle ?? null,
      department: null,
      mobilePhone: null,
      businessPhones: [],
      officeLocation: null,
      accountEnabled: true,
      userType: 'Member',
      assignedLicenses: [],
    };
    this.users.set(u.id, u);
    this.#touch(u.id);
    return u;
  }

  /** Moves a user's license from one SKU to another (`to` null: removes it). Not a users/delta change. */
  moveLicense(idOrUpn: string, from: string, to: string | null): void {
    const u = this.user(idOrUpn);
    u.assignedLicenses = u.assignedLicenses.filter((l) => l.skuId !== from);
    if (to !== null && !u.assignedLicenses.some((l) => l.skuId === to))
      u.assignedLicenses.push({ skuId: to, disabledPlans: [] });
  }

  addMember(groupId: string, userId: string): void {
    const g = this.#group(groupId);
    if (g.members.has(userId)) return;
    g.members.add(userId);
    this.#touch(g.id);
    this.memberChanges.push({ seq: this.#seq, groupId: g.id, userId, removed: false });
  }

  removeMember(groupId: string, userId: string): void {
    const g = this.#group(groupId);
    if (!g.members.delete(userId)) throw new Error(`${userId} is not a member of ${groupId}`);
    this.#touch(g.id);
    this.memberChanges.push({ seq: this.#seq, groupId: g.id, userId, removed: true });
  }

  renameGroup(groupId: string, displayName: string): void {
    this.#group(groupId).displayName = displayName;
    this.#touch(groupId);
  }

  deleteGroup(groupId: string): void {
    this.#group(groupId);
    this.groups.delete(groupId);
    this.deletedGroups.add(groupId);
    this.#touch(groupId);
  }

  #group(id: string): MsGroupRecord {
    const g = this.groups.get(id);
    if (!g) throw new Error(`No such group: ${id}`);
    return g;
  }

  /** The Intune device is retired: it leaves the managed-device list. */
  retireDevice(id: string): void {
    if (!this.devices.delete(id)) throw new Error(`No such device: ${id}`);
  }

  updateDevice(id: string, update: Partial<Omit<MsDeviceRecord, 'id'>>): MsDeviceRecord {
    const d = this.devices.get(id);
    if (!d) throw new Error(`No such device: ${id}`);
    return Object.assign(d, update);
  }

  /** Every delta token issued so far answers 410 syncStateNotFound from now on. */
  expireDeltaTokens(): void {
    this.generation++;
  }

  counts(): TenantCounts {
    let disabledUsers = 0;
    let guests = 0;
    let assignments = 0;
    for (const u of this.users.values()) {
      if (!u.accountEnabled) disabledUsers++;
      if (u.userType === 'Guest') guests++;
      assignments += u.assignedLicenses.length;
    }
    let groupMembers = 0;
    for (const g of this.groups.values()) groupMembers += g.members.size;
    return {
      users: this.users.size,
      disabledUsers,
      guests,
      groups: this.groups.size,
      groupMembers,
      skus: this.skus.size,
      assignments,
      devices: this.devices.size,
    };
  }
}

export function generateTenant(options: TenantOptions): Tenant {
  return new Tenant(resolveTenantSpec(options));
}
