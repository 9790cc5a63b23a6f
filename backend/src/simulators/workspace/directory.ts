// The simulated directory's state: the generated base records (generator.ts) plus an overlay of
// scripted changes — patches by index, deleted indexes, appended records. Nothing is stored for an
// untouched record, so memory grows with the number of changes, not with the directory size (the
// only per-user structure is the e-mail → index map, built on the first lookup by e-mail).
import { DEPARTMENTS } from './catalog.ts';
import {
  ADMIN_INDEX,
  DEPARTMENT_GROUPS,
  baseChromeDevice,
  baseDepartmentIndex,
  baseDepth,
  baseEmail,
  baseGroup,
  baseMobileDevice,
  baseOrgUnits,
  baseUser,
  isWorkspaceSku,
  orgUnitRecord,
  resolveSpec,
  userId,
  userIndexFromId,
  type ChromeDeviceRecord,
  type DirectoryOptions,
  type DirectorySpec,
  type DomainRecord,
  type GroupRecord,
  type MobileDeviceRecord,
  type OrgUnitRecord,
  type UserRecord,
} from './generator.ts';
import { keysetPage, type KeyRange, type KeysetPage } from './paging.ts';

/** Records with a stable index, generated lazily and overlaid with scripted changes. */
class Overlay<T extends { index: number }> {
  readonly #base: (index: number) => T;
  readonly baseCount: number;
  readonly #patches = new Map<number, Partial<T>>();
  readonly #deleted = new Set<number>();
  readonly #added: T[] = [];

  constructor(baseCount: number, base: (index: number) => T) {
    this.baseCount = baseCount;
    this.#base = base;
  }

  /** One past the highest index ever used. */
  get end(): number {
    return this.baseCount + this.#added.length;
  }

  get liveCount(): number {
    return this.end - this.#deleted.size;
  }

  exists(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.end && !this.#deleted.has(index);
  }

  patchOf(index: number): Partial<T> | undefined {
    return this.#patches.get(index);
  }

  /** The unpatched record (generated, or as added). */
  original(index: number): T {
    if (index < this.baseCount) return this.#base(index);
    const added = this.#added[index - this.baseCount];
    if (added === undefined) throw new Error(`No record ${index}`);
    return added;
  }

  get(index: number): T | undefined {
    if (!this.exists(index)) return undefined;
    const patch = this.#patches.get(index);
    const record = this.original(index);
    return patch === undefined ? record : { ...record, ...patch };
  }

  patch(index: number, patch: Partial<T>): void {
    this.#patches.set(index, { ...this.#patches.get(index), ...patch });
  }

  delete(index: number): void {
    this.#deleted.add(index);
    this.#patches.delete(index);
  }

  add(make: (index: number) => T): T {
    const record = make(this.end);
    this.#added.push(record);
    return record;
  }
}

export interface NewUser {
  primaryEmail: string;
  givenName: string;
  familyName: string;
  title?: string;
  department?: string;
  orgUnitPath?: string;
  managerEmail?: string | null;
  suspended?: boolean;
  isAdmin?: boolean;
  workPhone?: string | null;
  /** A Google-Apps SKU id, or null for none (default Business Starter). */
  skuId?: string | null;
}

export interface UserUpdate {
  primaryEmail?: string;
  givenName?: string;
  familyName?: string;
  title?: string;
  department?: string;
  orgUnitPath?: string;
  managerEmail?: string | null;
  suspended?: boolean;
  archived?: boolean;
  isAdmin?: boolean;
  workPhone?: string | null;
  mobilePhone?: string | null;
  skuId?: string | null;
  employeeType?: string;
  changePasswordAtNextLogin?: boolean;
}

export interface NewChromeDevice {
  serialNumber?: string;
  model?: string;
  /** E-mail of the assigned user (a directory user, or any address). */
  annotatedUser?: string | null;
  status?: string;
  orgUnitPath?: string;
  annotatedAssetId?: string;
}

export interface NewMobileDevice {
  /** E-mail of the device's account. */
  email: string;
  model?: string;
  os?: string;
  type?: string;
  status?: string;
}

export type MemberRole = 'OWNER' | 'MANAGER' | 'MEMBER';

export interface MemberRecord {
  /** Keyset key: a user index, or GROUP_MEMBER_KEY + group index. */
  key: number;
  type: 'USER' | 'GROUP';
  role: MemberRole;
  user?: UserRecord;
  group?: GroupRecord;
}

export interface LicenseRecord {
  user: UserRecord;
  skuId: string;
}

export interface DirectoryCounts {
  users: number;
  activeUsers: number;
  suspendedUsers: number;
  archivedUsers: number;
  orgUnits: number;
  groups: number;
  groupMembers: number;
  chromeDevices: number;
  mobileDevices: number;
  licenses: number;
  licensesBySku: Record<string, number>;
  domains: number;
}

const GROUP_MEMBER_KEY = 2 ** 40;

export class Directory {
  readonly spec: DirectorySpec;
  readonly #users: Overlay<UserRecord>;
  readonly #chrome: Overlay<ChromeDeviceRecord>;
  readonly #mobile: Overlay<MobileDeviceRecord>;
  #groups: GroupRecord[] | undefined;
  #groupKeys: Map<string, GroupRecord> | undefined;
  readonly #extraOrgUnits: OrgUnitRecord[] = [];
  #emails: Map<string, number> | undefined;
  /** Members added or removed by hand (a group owner or an admin), per group id. */
  readonly #memberAdds = new Map<string, Map<number, MemberRole>>();
  readonly #memberRemoves = new Map<string, Set<number>>();
  #version = 0;
  #departmentCounts: { version: number; counts: Map<string, number> } | undefined;

  constructor(options: DirectoryOptions) {
    const spec = resolveSpec(options);
    this.spec = spec;
    this.#users = new Overlay(spec.users, (i) => baseUser(spec, i));
    this.#chrome = new Overlay(spec.chromeDevices, (i) => baseChromeDevice(spec, i));
    this.#mobile = new Overlay(spec.mobileDevices, (i) => baseMobileDevice(spec, i));
  }

  /** Bumped by every scripted change. */
  get version(): number {
    return this.#version;
  }

  get adminEmail(): string {
    return this.emailOf(ADMIN_INDEX) ?? baseEmail(this.spec, ADMIN_INDEX);
  }

  get customerId(): string {
    return this.spec.customerId;
  }

  get domains(): readonly DomainRecord[] {
    return this.spec.domains;
  }

  // -- users ------------------------------------------------------------------------------------

  get userEnd(): number {
    return this.#users.end;
  }

  user(index: number): UserRecord | undefined {
    return this.#users.get(index);
  }

  /** The current e-mail of a live user (cheap: no full record). */
  emailOf(index: number): string | undefined {
    if (!this.#users.exists(index)) return undefined;
    const patched = this.#users.patchOf(index)?.email;
    if (patched !== undefined) return patched;
    return index < this.#users.baseCount ? baseEmail(this.spec, index) : this.#users.original(index).email;
  }

  #departmentOf(index: number): string | undefined {
    if (!this.#users.exists(index)) return undefined;
    const patched = this.#users.patchOf(index)?.department;
    if (patched !== undefined) return patched;
    if (index >= this.#users.baseCount) return this.#users.original(index).department;
    return DEPARTMENTS[baseDepartmentIndex(index)]?.name ?? 'Executive';
  }

  #emailIndex(): Map<string, number> {
    if (this.#emails === undefined) {
      const emails = new Map<string, number>();
      for (let i = 0; i < this.#users.end; i++) {
        const email = this.emailOf(i);
        if (email !== undefined) emails.set(email, i);
      }
      this.#emails = emails;
    }
    return this.#emails;
  }

  /** A live user by primary e-mail (case-insensitive) or id. */
  findUser(key: string): UserRecord | undefined {
    const byId = userIndexFromId(this.spec, key);
    if (byId !== undefined) return this.user(byId);
    const index = this.#emailIndex().get(key.toLowerCase());
    return index === undefined ? undefined : this.user(index);
  }

  #requireUser(email: string): UserRecord {
    const user = this.findUser(email);
    if (user === undefined) throw new Error(`No such user in the simulated directory: ${email}`);
    return user;
  }

  /** Whether `email` is a live, active super admin (the only subjects the token endpoint accepts). */
  isActiveAdmin(email: string): boolean {
    const user = this.findUser(email);
    return user !== undefined && user.isAdmin && !user.suspended && !user.archived;
  }

  userPage(after: number, limit: number, filter?: (user: UserRecord) => boolean): KeysetPage<UserRecord> {
    return keysetPage([[0, this.#users.end]], after, limit, (i) => {
      const user = this.user(i);
      return user !== undefined && (filter === undefined || filter(user)) ? user : undefined;
    });
  }

  *users(): Generator<UserRecord> {
    for (let i = 0; i < this.#users.end; i++) {
      const user = this.user(i);
      if (user !== undefined) yield user;
    }
  }

  #checkNewEmail(email: string): string {
    const lower = email.toLowerCase();
    const at = lower.lastIndexOf('@');
    if (at < 1) throw new Error(`Not an e-mail address: ${email}`);
    const domain = lower.slice(at + 1);
    if (!this.spec.domains.some((d) => d.domainName === domain)) {
      throw new Error(`${email} is not in one of the directory's domains`);
    }
    if (this.#emailIndex().has(lower)) throw new Error(`${email} is already taken`);
    return lower;
  }

  #managerIndex(email: string | null | undefined): number | null {
    if (email === null || email === undefined) return null;
    return this.#requireUser(email).index;
  }

  #changed(): void {
    this.#version++;
  }

  addUser(input: NewUser): UserRecord {
    const email = this.#checkNewEmail(input.primaryEmail);
    const managerIndex = this.#managerIndex(input.managerEmail);
    if (input.skuId !== undefined && input.skuId !== null && !isWorkspaceSku(input.skuId)) {
      throw new Error(`Unknown SKU ${input.skuId}`);
    }
    const department = input.department ?? '';
    const orgUnitPath = input.orgUnitPath ?? DEPARTMENTS.find((d) => d.name === department)?.ou ?? '/';
    this.#ensureOrgUnit(orgUnitPath);
    const created = new Date().toISOString();
    const record = this.#users.add((index) => ({
      index,
      id: userId(this.spec, index),
      email,
      givenName: input.givenName,
      familyName: input.familyName,
      isAdmin: input.isAdmin ?? false,
      suspended: input.suspended ?? false,
      archived: false,
      orgUnitPath,
      department,
      title: input.title ?? '',
      costCenter: '',
      managerIndex,
      workPhone: input.workPhone ?? null,
      mobilePhone: null,
      buildingId: null,
      floorName: null,
      photoId: null,
      creationTime: created,
      lastLoginTime: '1970-01-01T00:00:00.000Z',
      twoStep: false,
      skuId: input.skuId === undefined ? '1010020027' : input.skuId,
    }));
    this.#emailIndex().set(email, record.index);
    this.#changed();
    return record;
  }

  updateUser(email: string, update: UserUpdate): UserRecord {
    const user = this.#requireUser(email);
    const patch: Partial<UserRecord> = {};
    if (update.primaryEmail !== undefined && update.primaryEmail.toLowerCase() !== user.email) {
      patch.email = this.#checkNewEmail(update.primaryEmail);
    }
    if (update.givenName !== undefined) patch.givenName = update.givenName;
    if (update.familyName !== undefined) patch.familyName = update.familyName;
    if (update.title !== undefined) patch.title = update.title;
    if (update.department !== undefined) patch.department = update.department;
    if (update.orgUnitPath !== undefined) {
      this.#ensureOrgUnit(update.orgUnitPath);
      patch.orgUnitPath = update.orgUnitPath;
    }
    if (update.managerEmail !== undefined) patch.managerIndex = this.#managerIndex(update.managerEmail);
    if (update.suspended !== undefined) patch.suspended = update.suspended;
    if (update.archived !== undefined) patch.archived = update.archived;
    if (update.isAdmin !== undefined) patch.isAdmin = update.isAdmin;
    if (update.workPhone !== undefined) patch.workPhone = update.workPhone;
    if (update.mobilePhone !== undefined) patch.mobilePhone = update.mobilePhone;
    if (update.employeeType !== undefined) patch.employeeType = update.employeeType;
    if (update.changePasswordAtNextLogin !== undefined) {
      patch.changePasswordAtNextLogin = update.changePasswordAtNextLogin;
    }
    if (update.skuId !== undefined) {
      if (update.skuId !== null && !isWorkspaceSku(update.skuId))
        throw new Error(`Unknown SKU ${update.skuId}`);
      patch.skuId = update.skuId;
    }
    this.#users.patch(user.index, patch);
    if (patch.email !== undefined) {
      const emails = this.#emailIndex();
      emails.delete(user.email);
      emails.set(patch.email, user.index);
    }
    this.#changed();
    return this.user(user.index) ?? user;
  }

  deleteUser(email: string): UserRecord {
    const user = this.#requireUser(email);
    this.#users.delete(user.index);
    this.#emailIndex().delete(user.email);
    this.#changed();
    return user;
  }

  /**
   * Deletes `fraction` of the live users other than the admins (evenly spread, deterministic),
   * for mass-archive tests. Returns the deleted users' e-mails.
   */
  removeUsers(fraction: number): string[] {
    if (!(fraction >= 0 && fraction <= 1)) throw new Error('fraction must be within [0, 1]');
    const candidates: number[] = [];
    for (const user of this.users()) if (!user.isAdmin) candidates.push(user.index);
    const count = Math.floor(candidates.length * fraction);
    const removed: string[] = [];
    for (let k = 0; k < count; k++) {
      const index = candidates[Math.floor((k * candidates.length) / count)];
      if (index === undefined) continue;
      const email = this.emailOf(index);
      if (email === undefined) continue;
      this.#users.delete(index);
      this.#emailIndex().delete(email);
      removed.push(email);
    }
    if (removed.length > 0) this.#changed();
    return removed;
  }

  // -- org units --------------------------------------------------------------------------------

  #ensureOrgUnit(path: string): void {
    if (path === '/') return;
    if (!/^(\/[^/]+)+$/.test(path)) throw new Error(`Not an org unit path: ${path}`);
    if (this.orgUnits().some((ou) => ou.orgUnitPath === path)) return;
    this.#ensureOrgUnit(path.slice(0, path.lastIndexOf('/')) || '/');
    this.#extraOrgUnits.push(orgUnitRecord(this.spec, path));
  }

  addOrgUnit(path: string): OrgUnitRecord {
    this.#ensureOrgUnit(path);
    this.#changed();
    const unit = this.orgUnits().find((ou) => ou.orgUnitPath === path);
    if (unit === undefined) throw new Error(`Cannot add the root org unit`);
    return unit;
  }

  /** Whether an org unit path exists (`/`, the root, always does). */
  hasOrgUnit(path: string): boolean {
    return path === '/' || this.orgUnits().some((ou) => ou.orgUnitPath === path);
  }

  /** Every org unit except the root. */
  orgUnits(): OrgUnitRecord[] {
    return [...baseOrgUnits(this.spec), ...this.#extraOrgUnits];
  }

  // -- groups -----------------------------------------------------------------------------------

  groups(): GroupRecord[] {
    if (this.#groups === undefined) {
      this.#groups = [];
      for (let g = 0; g < this.spec.groups; g++) this.#groups.push(baseGroup(this.spec, g));
    }
    return this.#groups;
  }

  /** A group by e-mail (case-insensitive) or id. */
  findGroup(key: string): GroupRecord | undefined {
    if (this.#groupKeys === undefined) {
      this.#groupKeys = new Map();
      for (const group of this.groups()) {
        this.#groupKeys.set(group.email, group);
        this.#groupKeys.set(group.id, group);
      }
    }
    return this.#groupKeys.get(key.toLowerCase());
  }

  groupPage(after: number, limit: number, filter?: (group: GroupRecord) => boolean): KeysetPage<GroupRecord> {
    const groups = this.groups();
    return keysetPage([[0, groups.length]], after, limit, (g) => {
      const group = groups[g];
      return group !== undefined && (filter === undefined || filter(group)) ? group : undefined;
    });
  }

  #memberRanges(group: GroupRecord): KeyRange[] {
    const base = this.#baseMemberRanges(group);
    const adds = this.#memberAdds.get(group.id);
    if (adds === undefined || adds.size === 0) return base;
    // Keyset paging needs ascending, non-overlapping ranges: merge the added keys in.
    const all = [...base, ...[...adds.keys()].map((k): KeyRange => [k, k + 1])].sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [from, to] of all) {
      const last = merged[merged.length - 1];
      if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
      else merged.push([from, to]);
    }
    return merged;
  }

  #baseMemberRanges(group: GroupRecord): KeyRange[] {
    const kind = group.kind;
    switch (kind.type) {
      case 'department':
        return [[0, this.#users.end]];
      case 'all-staff':
        return [
          [0, 2],
          [GROUP_MEMBER_KEY, GROUP_MEMBER_KEY + Math.min(DEPARTMENT_GROUPS, this.groups().length)],
        ];
      case 'leadership':
        return [[1, 2 + DEPARTMENTS.length]];
      case 'project':
        return kind.nestedGroup === null
          ? [[kind.start, kind.start + kind.size]]
          : [
              [kind.start, kind.start + kind.size],
              [GROUP_MEMBER_KEY + kind.nestedGroup, GROUP_MEMBER_KEY + kind.nestedGroup + 1],
            ];
    }
  }

  #member(group: GroupRecord, key: number): MemberRecord | undefined {
    if (this.#memberRemoves.get(group.id)?.has(key)) return undefined;
    const added = this.#memberAdds.get(group.id)?.get(key);
    if (added !== undefined) {
      const user = this.user(key);
      return user === undefined ? undefined : { key, type: 'USER', role: added, user };
    }
    return this.#baseMember(group, key);
  }

  /**
   * The member of a key outside a listing: #member trusts that the key is in the group's ranges
   * (memberPage only asks for those), so a lookup by key checks the ranges first.
   */
  #lookupMember(group: GroupRecord, key: number): MemberRecord | undefined {
    if (!this.#memberRanges(group).some(([from, to]) => key >= from && key < to)) return undefined;
    return this.#member(group, key);
  }

  #baseMember(group: GroupRecord, key: number): MemberRecord | undefined {
    if (key >= GROUP_MEMBER_KEY) {
      const nested = this.groups()[key - GROUP_MEMBER_KEY];
      return nested === undefined ? undefined : { key, type: 'GROUP', role: 'MEMBER', group: nested };
    }
    const kind = group.kind;
    if (kind.type === 'department') {
      const name = DEPARTMENTS[kind.department]?.name;
      if (this.#departmentOf(key) !== name) return undefined;
    }
    const user = this.user(key);
    if (user === undefined) return undefined;
    let role: MemberRole = 'MEMBER';
    if (kind.type === 'department' && key < this.#users.baseCount) {
      const depth = baseDepth(key);
      role = depth === 1 ? 'OWNER' : depth === 2 ? 'MANAGER' : 'MEMBER';
    } else if (kind.type === 'all-staff') {
      role = key === ADMIN_INDEX ? 'OWNER' : 'MEMBER';
    } else if (kind.type === 'leadership') {
      role = key === 1 ? 'OWNER' : 'MEMBER';
    } else if (kind.type === 'project') {
      role = key === kind.start ? 'OWNER' : key === kind.start + 1 ? 'MANAGER' : 'MEMBER';
    }
    return { key, type: 'USER', role, user };
  }

  memberPage(
    group: GroupRecord,
    after: number,
    limit: number,
    roles?: ReadonlySet<string>,
  ): KeysetPage<MemberRecord> {
    return keysetPage(this.#memberRanges(group), after, limit, (key) => {
      const member = this.#member(group, key);
      return member !== undefined && (roles === undefined || roles.has(member.role)) ? member : undefined;
    });
  }

  #departmentCount(name: string): number {
    if (this.#departmentCounts?.version !== this.#version) {
      const counts = new Map<string, number>();
      for (let i = 0; i < this.#users.end; i++) {
        const department = this.#departmentOf(i);
        if (department !== undefined) counts.set(department, (counts.get(department) ?? 0) + 1);
      }
      this.#departmentCounts = { version: this.#version, counts };
    }
    return this.#departmentCounts.counts.get(name) ?? 0;
  }

  /** Adds an empty group (tests: a leaver in hundreds of groups). */
  addGroup(input: { email: string; name?: string; description?: string }): GroupRecord {
    const email = input.email.toLowerCase();
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (!email.includes('@') || !this.spec.domains.some((d) => d.domainName === domain)) {
      throw new Error(`${input.email} is not in one of the directory's domains`);
    }
    if (this.findGroup(email) !== undefined || this.#emailIndex().has(email)) {
      throw new Error(`${input.email} is already taken`);
    }
    const groups = this.groups();
    const index = groups.length;
    const group: GroupRecord = {
      index,
      id: baseGroup(this.spec, index).id,
      email,
      name: input.name ?? email.slice(0, email.indexOf('@')),
      description: input.description ?? '',
      // A project group of no generated members: only members added by hand.
      kind: { type: 'project', start: 0, size: 0, nestedGroup: null },
    };
    groups.push(group);
    this.#groupKeys?.set(group.email, group);
    this.#groupKeys?.set(group.id, group);
    this.#changed();
    return group;
  }

  /** Whether the user is a direct member of the group (and with which role). */
  memberRole(group: GroupRecord, user: UserRecord): MemberRole | undefined {
    return this.#lookupMember(group, user.index)?.role;
  }

  #requireGroup(key: string): GroupRecord {
    const group = this.findGroup(key);
    if (group === undefined) throw new Error(`No such group in the simulated directory: ${key}`);
    return group;
  }

  /** Adds a user to a group (as its owner or an admin would). Returns the member. */
  addMember(groupKey: string, email: string, role: MemberRole = 'MEMBER'): MemberRecord {
    const group = this.#requireGroup(groupKey);
    const user = this.#requireUser(email);
    if (this.#lookupMember(group, user.index) !== undefined) throw new Error(`${email} is already a member`);
    this.#memberRemoves.get(group.id)?.delete(user.index);
    const adds = this.#memberAdds.get(group.id) ?? new Map<number, MemberRole>();
    adds.set(user.index, role);
    this.#memberAdds.set(group.id, adds);
    this.#changed();
    return { key: user.index, type: 'USER', role, user };
  }

  /** Removes a user from a group. Returns the member removed. */
  removeMember(groupKey: string, email: string): MemberRecord {
    const group = this.#requireGroup(groupKey);
    const user = this.#requireUser(email);
    const member = this.#lookupMember(group, user.index);
    if (member === undefined) throw new Error(`${email} is not a member of ${group.email}`);
    this.#memberAdds.get(group.id)?.delete(user.index);
    const removes = this.#memberRemoves.get(group.id) ?? new Set<number>();
    removes.add(user.index);
    this.#memberRemoves.set(group.id, removes);
    this.#changed();
    return member;
  }

  directMembersCount(group: GroupRecord): number {
    if (this.#memberAdds.get(group.id)?.size || this.#memberRemoves.get(group.id)?.size) {
      // Hand-edited groups are counted by listing them (rare, and only in tests).
      let count = 0;
      let after = -1;
      for (;;) {
        const page = this.memberPage(group, after, 1000);
        count += page.items.length;
        if (page.next === undefined) return count;
        after = page.next;
      }
    }
    if (group.kind.type === 'department') {
      return this.#departmentCount(DEPARTMENTS[group.kind.department]?.name ?? '');
    }
    let count = 0;
    for (const [from, to] of this.#memberRanges(group)) {
      for (let key = from; key < to; key++) {
        const live =
          key >= GROUP_MEMBER_KEY ? key - GROUP_MEMBER_KEY < this.groups().length : this.#users.exists(key);
        if (live) count++;
      }
    }
    return count;
  }

  // -- devices ----------------------------------------------------------------------------------

  get chromeEnd(): number {
    return this.#chrome.end;
  }

  chromeDevice(index: number): ChromeDeviceRecord | undefined {
    return this.#chrome.get(index);
  }

  chromePage(
    after: number,
    limit: number,
    filter?: (device: ChromeDeviceRecord) => boolean,
  ): KeysetPage<ChromeDeviceRecord> {
    return keysetPage([[0, this.#chrome.end]], after, limit, (i) => {
      const device = this.#chrome.get(i);
      return device !== undefined && (filter === undefined || filter(device)) ? device : undefined;
    });
  }

  *chromeDevices(): Generator<ChromeDeviceRecord> {
    for (let i = 0; i < this.#chrome.end; i++) {
      const device = this.#chrome.get(i);
      if (device !== undefined) yield device;
    }
  }

  #findChrome(deviceId: string): ChromeDeviceRecord {
    for (const device of this.chromeDevices()) {
      if (device.deviceId === deviceId || device.serialNumber === deviceId) return device;
    }
    throw new Error(`No such Chrome OS device: ${deviceId}`);
  }

  #annotated(email: string | null | undefined): {
    userIndex: number | null;
    annotatedUserEmail: string | null;
  } {
    if (email === null || email === undefined) return { userIndex: null, annotatedUserEmail: null };
    const user = this.findUser(email);
    return user === undefined
      ? { userIndex: null, annotatedUserEmail: email }
      : { userIndex: user.index, annotatedUserEmail: null };
  }

  addChromeDevice(input: NewChromeDevice = {}): ChromeDeviceRecord {
    const device = this.#chrome.add((index) => {
      const base = baseChromeDevice(this.spec, index);
      return {
        ...base,
        ...this.#annotated(input.annotatedUser),
        secondUserIndex: null,
        serialNumber: input.serialNumber ?? base.serialNumber,
        model: input.model ?? base.model,
        status: input.status ?? 'ACTIVE',
        orgUnitPath: input.orgUnitPath ?? null,
        annotatedAssetId: input.annotatedAssetId ?? base.annotatedAssetId,
        lastSync: new Date().toISOString(),
        lastEnrollmentTime: new Date().toISOString(),
      };
    });
    this.#changed();
    return device;
  }

  updateChromeDevice(deviceId: string, update: Omit<NewChromeDevice, 'serialNumber'>): ChromeDeviceRecord {
    const device = this.#findChrome(deviceId);
    const patch: Partial<ChromeDeviceRecord> = {};
    if (update.annotatedUser !== undefined) Object.assign(patch, this.#annotated(update.annotatedUser));
    if (update.model !== undefined) patch.model = update.model;
    if (update.status !== undefined) patch.status = update.status;
    if (update.orgUnitPath !== undefined) patch.orgUnitPath = update.orgUnitPath;
    if (update.annotatedAssetId !== undefined) patch.annotatedAssetId = update.annotatedAssetId;
    // The device picks the change up at its next policy sync (what `sync:` queries find).
    patch.lastSync = new Date().toISOString();
    this.#chrome.patch(device.index, patch);
    this.#changed();
    return this.#chrome.get(device.index) ?? device;
  }

  deleteChromeDevice(deviceId: string): ChromeDeviceRecord {
    const device = this.#findChrome(deviceId);
    this.#chrome.delete(device.index);
    this.#changed();
    return device;
  }

  get mobileEnd(): number {
    return this.#mobile.end;
  }

  mobileDevice(index: number): MobileDeviceRecord | undefined {
    return this.#mobile.get(index);
  }

  mobilePage(
    after: number,
    limit: number,
    filter?: (device: MobileDeviceRecord) => boolean,
  ): KeysetPage<MobileDeviceRecord> {
    return keysetPage([[0, this.#mobile.end]], after, limit, (i) => {
      const device = this.#mobile.get(i);
      return device !== undefined && (filter === undefined || filter(device)) ? device : undefined;
    });
  }

  *mobileDevices(): Generator<MobileDeviceRecord> {
    for (let i = 0; i < this.#mobile.end; i++) {
      const device = this.#mobile.get(i);
      if (device !== undefined) yield device;
    }
  }

  addMobileDevice(input: NewMobileDevice): MobileDeviceRecord {
    const owner = this.findUser(input.email);
    const device = this.#mobile.add((index) => {
      const base = baseMobileDevice(this.spec, index);
      return {
        ...base,
        userIndex: owner?.index ?? null,
        ownerEmail: owner === undefined ? input.email : null,
        ownerName: null,
        model: input.model ?? base.model,
        os: input.os ?? base.os,
        type: input.type ?? base.type,
        status: input.status ?? 'APPROVED',
        firstSync: new Date().toISOString(),
        lastSync: new Date().toISOString(),
      };
    });
    this.#changed();
    return device;
  }

  deleteMobileDevice(resourceId: string): MobileDeviceRecord {
    for (const device of this.mobileDevices()) {
      if (device.resourceId === resourceId || device.deviceId === resourceId) {
        this.#mobile.delete(device.index);
        this.#changed();
        return device;
      }
    }
    throw new Error(`No such mobile device: ${resourceId}`);
  }

  /** Changes a mobile device's status (an admin action such as a wipe). */
  setMobileStatus(resourceId: string, status: string): MobileDeviceRecord {
    for (const device of this.mobileDevices()) {
      if (device.resourceId === resourceId) {
        this.#mobile.patch(device.index, { status, lastSync: new Date().toISOString() });
        this.#changed();
        return this.#mobile.get(device.index) ?? device;
      }
    }
    throw new Error(`No such mobile device: ${resourceId}`);
  }

  /** A live mobile device by resource id. */
  findMobileDevice(resourceId: string): MobileDeviceRecord | undefined {
    for (const device of this.mobileDevices()) if (device.resourceId === resourceId) return device;
    return undefined;
  }

  /** Deletes `fraction` of the live devices of a kind (evenly spread). Returns how many. */
  removeDevices(kind: 'chrome' | 'mobile', fraction: number): number {
    if (!(fraction >= 0 && fraction <= 1)) throw new Error('fraction must be within [0, 1]');
    const overlay: Overlay<{ index: number }> = kind === 'chrome' ? this.#chrome : this.#mobile;
    const live: number[] = [];
    for (let i = 0; i < overlay.end; i++) if (overlay.exists(i)) live.push(i);
    const count = Math.floor(live.length * fraction);
    for (let k = 0; k < count; k++) {
      const index = live[Math.floor((k * live.length) / count)];
      if (index !== undefined) overlay.delete(index);
    }
    if (count > 0) this.#changed();
    return count;
  }

  // -- licenses ---------------------------------------------------------------------------------

  /** Moves a user's Google-Apps license to another SKU (null: unassign). */
  moveLicense(email: string, skuId: string | null): UserRecord {
    return this.updateUser(email, { skuId });
  }

  licensePage(after: number, limit: number, skuId?: string): KeysetPage<LicenseRecord> {
    return keysetPage([[0, this.#users.end]], after, limit, (i) => {
      const user = this.user(i);
      if (user === undefined || user.skuId === null) return undefined;
      if (skuId !== undefined && user.skuId !== skuId) return undefined;
      return { user, skuId: user.skuId };
    });
  }

  // -- summary ----------------------------------------------------------------------------------

  /** What a complete sync should find (a full scan: O(directory)). */
  counts(): DirectoryCounts {
    const counts: DirectoryCounts = {
      users: 0,
      activeUsers: 0,
      suspendedUsers: 0,
      archivedUsers: 0,
      orgUnits: this.orgUnits().length,
      groups: this.groups().length,
      groupMembers: 0,
      chromeDevices: this.#chrome.liveCount,
      mobileDevices: this.#mobile.liveCount,
      licenses: 0,
      licensesBySku: {},
      domains: this.spec.domains.length,
    };
    for (const user of this.users()) {
      counts.users++;
      if (user.suspended) counts.suspendedUsers++;
      else if (user.archived) counts.archivedUsers++;
      else counts.activeUsers++;
      if (user.skuId !== null) {
        counts.licenses++;
        counts.licensesBySku[user.skuId] = (counts.licensesBySku[user.skuId] ?? 0) + 1;
      }
    }
    for (const group of this.groups()) counts.groupMembers += this.directMembersCount(group);
    return counts;
  }
}

/** A deterministic organization of any size: the same options always yield the same directory. */
export function generateDirectory(options: DirectoryOptions): Directory {
  return new Directory(options);
}
