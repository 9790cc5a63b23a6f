// The generated organization: every record is a pure function of (spec, index), so a directory of
// 100k users costs no memory until a record is asked for, and the same seed always yields the same
// organization. Mutations live in directory.ts as an overlay on top of these base records.
//
// Shape of the organization:
//   - user 0 is the Workspace admin (`admin@<domain>`, super admin, in /IT);
//   - users 1.. form an 8-ary management tree: user 1 is the CEO, users 2–9 head the eight
//     departments of catalog.ts, their reports head teams (sub org units such as
//     /Engineering/Platform), and so on down; `relations[type=manager]` points up the tree;
//   - some users are suspended, a few archived, most licensed (one Google-Apps SKU each);
//   - Chrome OS devices and mobile devices are spread evenly over the users (a few unassigned);
//   - groups: one per department, all-staff (nested: it contains the department groups), leadership,
//     and project groups of neighbouring users (every fifth one also contains another group).
import { WORKSPACE_SKUS } from './google-types.ts';
import {
  BUILDINGS,
  CHROMEBOOKS_OU,
  CHROME_MODELS,
  CHROME_OS_VERSIONS,
  DEPARTMENTS,
  DEVICES_OU,
  EXECUTIVE_OU,
  FAMILY_NAMES,
  GIVEN_NAMES,
  MOBILE_MODELS,
  PROJECT_WORDS,
  SKU_WEIGHTS,
} from './catalog.ts';
import { hash32, hex8, pick, scramble32, unit } from './random.ts';

export interface DirectoryOptions {
  /** Users, the admin account included (at least 1). */
  users: number;
  seed?: number;
  /** Primary domain (default `acme.example`). */
  domain?: string;
  /** Chrome OS devices (default users / 2). */
  chromeDevices?: number;
  /** Mobile devices (default users / 3). */
  mobileDevices?: number;
  /** Groups (default max(10, users / 50)). */
  groups?: number;
  /** Share of users holding a Google-Apps license (default 0.9). */
  licensedShare?: number;
  /** Share of users suspended (default 0.03). */
  suspendedShare?: number;
  /** Share of users archived (default 0.005). */
  archivedShare?: number;
}

export interface DomainRecord {
  domainName: string;
  isPrimary: boolean;
  verified: boolean;
  /** Milliseconds since the epoch. */
  creationTime: number;
}

/** Resolved options plus identifiers derived from the seed. */
export interface DirectorySpec {
  users: number;
  seed: number;
  domain: string;
  chromeDevices: number;
  mobileDevices: number;
  groups: number;
  licensedShare: number;
  suspendedShare: number;
  archivedShare: number;
  /** e.g. `C03az79cb`. */
  customerId: string;
  domains: DomainRecord[];
  /** Eight digits that every user id of this directory carries after its leading `1`. */
  idPrefix: string;
}

/** "Now" for generated timestamps: fixed, so the same seed yields byte-identical records. */
export const GENERATED_NOW = Date.UTC(2025, 5, 1);
const EPOCH_ZERO = '1970-01-01T00:00:00.000Z';
const DAY = 86_400_000;
const TREE_FANOUT = 8;

export const ADMIN_INDEX = 0;
const IT_DEPARTMENT = DEPARTMENTS.findIndex((d) => d.name === 'IT');

export function resolveSpec(options: DirectoryOptions): DirectorySpec {
  const users = Math.floor(options.users);
  if (!(users >= 1)) throw new Error('A generated directory needs at least one user (the admin)');
  const seed = Math.floor(options.seed ?? 1);
  const domain = (options.domain ?? 'acme.example').toLowerCase();
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) throw new Error(`Not a domain name: ${domain}`);
  const share = (value: number | undefined, fallback: number, name: string) => {
    const v = value ?? fallback;
    if (!(v >= 0 && v <= 1)) throw new Error(`${name} must be within [0, 1]`);
    return v;
  };
  const count = (value: number | undefined, fallback: number, name: string) => {
    const v = Math.floor(value ?? fallback);
    if (!(v >= 0)) throw new Error(`${name} must be a non-negative number`);
    return v;
  };
  const dot = domain.indexOf('.');
  const stem = domain.slice(0, dot);
  const rest = domain.slice(dot + 1);
  const created = Date.UTC(2014, 0, 1) + (hash32(seed, 901) % (365 * 3)) * DAY;
  const domains: DomainRecord[] = [
    { domainName: domain, isPrimary: true, verified: true, creationTime: created },
    {
      domainName: `${stem}corp.${rest}`,
      isPrimary: false,
      verified: true,
      creationTime: created + 200 * DAY,
    },
  ];
  if (hash32(seed, 902) % 2 === 0) {
    domains.push({
      domainName: `${stem}-labs.${rest}`,
      isPrimary: false,
      verified: false,
      creationTime: created + 900 * DAY,
    });
  }
  return {
    users,
    seed,
    domain,
    chromeDevices: count(options.chromeDevices, users / 2, 'chromeDevices'),
    mobileDevices: count(options.mobileDevices, users / 3, 'mobileDevices'),
    groups: count(options.groups, Math.max(10, users / 50), 'groups'),
    licensedShare: share(options.licensedShare, 0.9, 'licensedShare'),
    suspendedShare: share(options.suspendedShare, 0.03, 'suspendedShare'),
    archivedShare: share(options.archivedShare, 0.005, 'archivedShare'),
    customerId: `C0${(hash32(seed, 903) % 36 ** 7).toString(36).padStart(7, '0')}`,
    domains,
    idPrefix: String(hash32(seed, 904) % 100_000_000).padStart(8, '0'),
  };
}

// ---------------------------------------------------------------------------------------------
// Users

export interface UserRecord {
  index: number;
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  isAdmin: boolean;
  suspended: boolean;
  archived: boolean;
  orgUnitPath: string;
  /** Department name; '' when none. */
  department: string;
  title: string;
  costCenter: string;
  /** Index of the manager, or null. Rendered as the manager's current e-mail. */
  managerIndex: number | null;
  workPhone: string | null;
  mobilePhone: string | null;
  buildingId: string | null;
  floorName: string | null;
  /** Photo id: the user has a `thumbnailPhotoUrl` when set. */
  photoId: string | null;
  creationTime: string;
  lastLoginTime: string;
  twoStep: boolean;
  /** The Google-Apps SKU the user holds, or null when unlicensed. */
  skuId: string | null;
  /** organizations[].description ("Employee type" in the Admin console); set by users.update. */
  employeeType?: string;
  /** Set by users.insert/update with a password. */
  changePasswordAtNextLogin?: boolean;
}

/** User ids: `1` + the directory's 8-digit prefix + the index on 12 digits (21 digits, like Google). */
export function userId(spec: DirectorySpec, index: number): string {
  return `1${spec.idPrefix}${String(index).padStart(12, '0')}`;
}

/** The index a user id encodes, or undefined when it is not one of this directory's ids. */
export function userIndexFromId(spec: DirectorySpec, id: string): number | undefined {
  if (id.length !== 21 || !id.startsWith(`1${spec.idPrefix}`) || !/^\d+$/.test(id)) return undefined;
  return Number(id.slice(9));
}

/** Position in the management tree (t = index - 1) and what follows from it. */
interface TreePlace {
  depth: number;
  /** Department index (catalog DEPARTMENTS), -1 for the CEO. */
  department: number;
  /** Team index within the department, -1 above team level. */
  team: number;
}

function treePlace(index: number): TreePlace {
  let t = index - 1;
  if (t === 0) return { depth: 0, department: -1, team: -1 };
  let depth = 0;
  let departmentNode = t;
  let teamNode = -1;
  while (t > 0) {
    teamNode = departmentNode;
    departmentNode = t;
    t = Math.floor((t - 1) / TREE_FANOUT);
    depth++;
  }
  // departmentNode is the depth-1 ancestor (1..8); teamNode the depth-2 one (9..72) when depth ≥ 2.
  return {
    depth,
    department: departmentNode - 1,
    team: depth >= 2 ? (teamNode - 1) % TREE_FANOUT : -1,
  };
}

/** The department index of a base user (-1 for the CEO, IT for the admin). */
export function baseDepartmentIndex(index: number): number {
  if (index === ADMIN_INDEX) return IT_DEPARTMENT;
  return treePlace(index).department;
}

/** Depth in the management tree (0 = CEO, 1 = department head, 2 = team head…); -1 for the admin. */
export function baseDepth(index: number): number {
  if (index === ADMIN_INDEX) return -1;
  return treePlace(index).depth;
}

function baseManagerIndex(spec: DirectorySpec, index: number): number | null {
  if (index === ADMIN_INDEX) {
    const cio = 2 + IT_DEPARTMENT; // the IT head
    return cio < spec.users ? cio : null;
  }
  const t = index - 1;
  if (t === 0) return null;
  return Math.floor((t - 1) / TREE_FANOUT) + 1;
}

const NAME_SPACE = GIVEN_NAMES.length * FAMILY_NAMES.length;
/** A multiplier coprime with NAME_SPACE: i ↦ (i·A + B) mod NAME_SPACE is a bijection. */
const NAME_STRIDE = (() => {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let a = 7919;
  while (gcd(a, NAME_SPACE) !== 1) a += 2;
  return a;
})();

export function foldForEmail(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function baseNames(
  spec: DirectorySpec,
  index: number,
): { givenName: string; familyName: string; local: string } {
  if (index === ADMIN_INDEX) return { givenName: 'Workspace', familyName: 'Admin', local: 'admin' };
  // Unique per index: within one round of NAME_SPACE users the combination is a bijection, and
  // later rounds add a numeric suffix.
  const combo = (((index % NAME_SPACE) * NAME_STRIDE + (hash32(spec.seed, 1) % NAME_SPACE)) % NAME_SPACE) | 0;
  const round = Math.floor(index / NAME_SPACE);
  const givenName = GIVEN_NAMES[Math.floor(combo / FAMILY_NAMES.length)] ?? 'Alex';
  const familyName = FAMILY_NAMES[combo % FAMILY_NAMES.length] ?? 'Doe';
  const local = `${foldForEmail(givenName)}.${foldForEmail(familyName)}${round > 0 ? round + 1 : ''}`;
  return { givenName, familyName, local };
}

export function baseEmail(spec: DirectorySpec, index: number): string {
  return `${baseNames(spec, index).local}@${spec.domain}`;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString();
}

function phone(area: string, h: number): string {
  return `+1 ${area} 555 ${String(h % 10_000).padStart(4, '0')}`;
}

function baseTitle(spec: DirectorySpec, index: number, place: TreePlace): string {
  if (index === ADMIN_INDEX) return 'IT Administrator';
  const dept = DEPARTMENTS[place.department];
  if (place.depth === 0 || dept === undefined) return 'Chief Executive Officer';
  if (place.depth === 1) return dept.head;
  const team = dept.teams[place.team % dept.teams.length] ?? dept.name;
  if (place.depth === 2) return `Head of ${team}`;
  const t = index - 1;
  const hasReports = TREE_FANOUT * t + 1 + 1 < spec.users;
  if (hasReports) return place.depth === 3 ? `${team} Manager` : `${team} Team Lead`;
  const h = hash32(spec.seed, index, 21);
  const seniority = pick(['', '', 'Senior ', 'Junior ', 'Staff ', 'Principal '], h >>> 8);
  return `${seniority}${pick(dept.titles, h)}`;
}

export function baseUser(spec: DirectorySpec, index: number): UserRecord {
  const { seed } = spec;
  const names = baseNames(spec, index);
  const place: TreePlace =
    index === ADMIN_INDEX ? { depth: -1, department: IT_DEPARTMENT, team: -1 } : treePlace(index);
  const dept = DEPARTMENTS[place.department];
  const team = dept !== undefined && place.team >= 0 ? dept.teams[place.team % dept.teams.length] : undefined;
  const orgUnitPath = dept === undefined ? EXECUTIVE_OU : team === undefined ? dept.ou : `${dept.ou}/${team}`;
  const leader = index <= 1 + DEPARTMENTS.length; // admin, CEO and department heads stay active
  const suspended = !leader && unit(seed, index, 11) < spec.suspendedShare;
  const archived = !leader && !suspended && unit(seed, index, 12) < spec.archivedShare;
  const created =
    Date.UTC(2016, 0, 1) + (hash32(seed, index, 13) % 3000) * DAY + (hash32(seed, index, 14) % DAY);
  const neverSignedIn = !leader && unit(seed, index, 15) < 0.07;
  const lastLogin = created + Math.floor(unit(seed, index, 16) * (GENERATED_NOW - created));
  let skuId: string | null = null;
  if (!archived && (leader || unit(seed, index, 17) < spec.licensedShare)) {
    let r = unit(seed, index, 18);
    skuId = SKU_WEIGHTS[SKU_WEIGHTS.length - 1]?.skuId ?? null;
    for (const { skuId: sku, weight } of SKU_WEIGHTS) {
      if (r < weight) {
        skuId = sku;
        break;
      }
      r -= weight;
    }
  }
  const hasLocation = unit(seed, index, 19) < 0.6;
  return {
    index,
    id: userId(spec, index),
    email: `${names.local}@${spec.domain}`,
    givenName: names.givenName,
    familyName: names.familyName,
    isAdmin: index === ADMIN_INDEX || index === 2 + IT_DEPARTMENT,
    suspended,
    archived,
    orgUnitPath,
    department: dept?.name ?? 'Executive',
    title: baseTitle(spec, index, place),
    costCenter: `CC-${dept?.code ?? 'EXE'}-${String(100 + Math.max(place.team, 0)).padStart(3, '0')}`,
    managerIndex: baseManagerIndex(spec, index),
    workPhone: unit(seed, index, 22) < 0.75 ? phone('650', hash32(seed, index, 23)) : null,
    mobilePhone: unit(seed, index, 24) < 0.4 ? phone('415', hash32(seed, index, 25)) : null,
    buildingId: hasLocation ? pick(BUILDINGS, hash32(seed, index, 26)) : null,
    floorName: hasLocation ? String(1 + (hash32(seed, index, 27) % 12)) : null,
    photoId:
      unit(seed, index, 28) < 0.35
        ? `${hex8(hash32(seed, index, 29))}${hex8(scramble32(index, seed))}`
        : null,
    creationTime: isoDay(created),
    lastLoginTime: neverSignedIn ? EPOCH_ZERO : isoDay(lastLogin),
    twoStep: unit(seed, index, 30) < 0.85,
    skuId,
  };
}

/** The SKU ids in a stable order, for validation of scripted license moves. */
export function isWorkspaceSku(skuId: string): boolean {
  return Object.hasOwn(WORKSPACE_SKUS, skuId);
}

// ---------------------------------------------------------------------------------------------
// Org units

export interface OrgUnitRecord {
  name: string;
  orgUnitPath: string;
  orgUnitId: string;
  parentOrgUnitPath: string;
  description: string;
}

export function orgUnitId(spec: DirectorySpec, path: string): string {
  let h = spec.seed;
  for (let i = 0; i < path.length; i++) h = hash32(h, path.charCodeAt(i));
  return `id:03ph8a2z${hex8(h)}`;
}

/** The root org unit's id (`parentOrgUnitId` of the top-level units). */
export function rootOrgUnitId(spec: DirectorySpec): string {
  return orgUnitId(spec, '/');
}

export function orgUnitRecord(spec: DirectorySpec, path: string, description?: string): OrgUnitRecord {
  const slash = path.lastIndexOf('/');
  return {
    name: path.slice(slash + 1),
    orgUnitPath: path,
    orgUnitId: orgUnitId(spec, path),
    parentOrgUnitPath: slash === 0 ? '/' : path.slice(0, slash),
    description: description ?? '',
  };
}

/** Every org unit but the root, parents before children. */
export function baseOrgUnits(spec: DirectorySpec): OrgUnitRecord[] {
  const units: OrgUnitRecord[] = [orgUnitRecord(spec, EXECUTIVE_OU, 'Executive team')];
  for (const dept of DEPARTMENTS) {
    units.push(orgUnitRecord(spec, dept.ou, dept.name));
    for (const team of dept.teams)
      units.push(orgUnitRecord(spec, `${dept.ou}/${team}`, `${dept.name}: ${team}`));
  }
  units.push(orgUnitRecord(spec, DEVICES_OU, 'Shared devices'));
  units.push(orgUnitRecord(spec, CHROMEBOOKS_OU, 'Unassigned Chromebooks'));
  return units;
}

// ---------------------------------------------------------------------------------------------
// Chrome OS devices

export interface ChromeDeviceRecord {
  index: number;
  deviceId: string;
  serialNumber: string;
  model: string;
  osVersion: string;
  platformVersion: string;
  firmwareVersion: string;
  macAddress: string;
  status: string;
  /** The user it is annotated to (rendered as their current e-mail), or null. */
  userIndex: number | null;
  /** A literal annotatedUser (scripted devices naming someone outside the directory). */
  annotatedUserEmail: string | null;
  /** A second recent user, or null. */
  secondUserIndex: number | null;
  annotatedLocation: string | null;
  annotatedAssetId: string;
  /** Null: the assigned user's org unit (or /Devices/Chromebooks when unassigned). */
  orgUnitPath: string | null;
  lastSync: string;
  lastEnrollmentTime: string;
  /** Milliseconds since the epoch (Google sends it as an int64 string). */
  autoUpdateExpiration: number;
}

function uuid(seed: number, kind: number, index: number): string {
  const a = hex8(hash32(seed, kind, index, 1));
  const b = hex8(hash32(seed, kind, index, 2));
  const unique = hex8(scramble32(index, seed + kind));
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${(8 + (hash32(seed, kind, index, 3) % 4)).toString(16)}${a.slice(0, 3)}-${b.slice(4, 8)}${unique}`;
}

/** Spreads `count` devices evenly over the non-admin users. */
function spreadOwner(spec: DirectorySpec, index: number, count: number): number | null {
  if (spec.users <= 1 || count === 0) return null;
  return 1 + Math.floor((index * (spec.users - 1)) / count);
}

export function baseChromeDevice(spec: DirectorySpec, index: number): ChromeDeviceRecord {
  const { seed } = spec;
  const model = pick(CHROME_MODELS, hash32(seed, index, 41));
  const unassigned = unit(seed, index, 42) < 0.08;
  const owner = unassigned ? null : spreadOwner(spec, index, spec.chromeDevices);
  const statusRoll = unit(seed, index, 43);
  const enrolled = Date.UTC(2021, 0, 1) + (hash32(seed, index, 44) % 1400) * DAY;
  const serial = scramble32(index, seed + 7)
    .toString(36)
    .toUpperCase()
    .padStart(7, '0');
  const mac = `${hex8(scramble32(index, seed + 8))}${hex8(hash32(seed, index, 45)).slice(0, 4)}`;
  const second = owner !== null && owner + 1 < spec.users && unit(seed, index, 46) < 0.25 ? owner + 1 : null;
  return {
    index,
    deviceId: uuid(seed, 40, index),
    serialNumber: `${model.prefix}${serial}`,
    model: model.model,
    osVersion: pick(CHROME_OS_VERSIONS, hash32(seed, index, 47)),
    platformVersion: `15${800 + (hash32(seed, index, 48) % 100)}.0.0`,
    firmwareVersion: `Google_Board.${13000 + (hash32(seed, index, 49) % 900)}.0`,
    macAddress: mac,
    status: statusRoll < 0.92 ? 'ACTIVE' : statusRoll < 0.96 ? 'DISABLED' : 'DEPROVISIONED',
    userIndex: owner,
    annotatedUserEmail: null,
    secondUserIndex: second,
    annotatedLocation: owner === null ? 'Spare pool' : pick(BUILDINGS, hash32(seed, index, 50)),
    annotatedAssetId: `CB-${String(index + 1).padStart(6, '0')}`,
    orgUnitPath: null,
    lastSync: isoDay(GENERATED_NOW - (hash32(seed, index, 51) % (30 * DAY))),
    lastEnrollmentTime: isoDay(enrolled),
    autoUpdateExpiration: Date.UTC(2029, 5, 1) + (hash32(seed, index, 52) % 4) * 365 * DAY,
  };
}

// ---------------------------------------------------------------------------------------------
// Mobile devices

export interface MobileDeviceRecord {
  index: number;
  resourceId: string;
  deviceId: string;
  userIndex: number | null;
  /** Literal account e-mail when the device is not tied to a directory user. */
  ownerEmail: string | null;
  ownerName: string | null;
  model: string;
  os: string;
  type: string;
  /** Google reports a serial for Android phones and iPads, only an IMEI for iPhones. */
  serialNumber: string | null;
  /** Phones only (tablets here have no cellular modem). */
  imei: string | null;
  status: string;
  firstSync: string;
  lastSync: string;
}

export function baseMobileDevice(spec: DirectorySpec, index: number): MobileDeviceRecord {
  const { seed } = spec;
  const model = pick(MOBILE_MODELS, hash32(seed, index, 61));
  const statusRoll = unit(seed, index, 62);
  const first = Date.UTC(2022, 0, 1) + (hash32(seed, index, 63) % 1000) * DAY;
  return {
    index,
    resourceId: `AFiQxQ8${hex8(scramble32(index, seed + 9))}${hex8(hash32(seed, index, 64))}${hex8(hash32(seed, index, 65))}`,
    deviceId: `${hex8(hash32(seed, index, 66))}${hex8(scramble32(index, seed + 10))}`,
    userIndex: spreadOwner(spec, index, spec.mobileDevices),
    ownerEmail: null,
    ownerName: null,
    model: model.model,
    os: model.os,
    type: model.type,
    serialNumber: model.model.startsWith('iPhone')
      ? null
      : `${model.type === 'ANDROID' ? 'R5C' : 'DMP'}${hex8(hash32(seed, index, 68)).toUpperCase()}`,
    imei: model.model.startsWith('iPad')
      ? null
      : `35${String(hash32(seed, index, 69) % 1_000_000_000).padStart(9, '0')}${String(hash32(seed, index, 70) % 10_000).padStart(4, '0')}`,
    status: statusRoll < 0.95 ? 'APPROVED' : statusRoll < 0.98 ? 'PENDING' : 'BLOCKED',
    firstSync: isoDay(first),
    lastSync: isoDay(GENERATED_NOW - (hash32(seed, index, 67) % (14 * DAY))),
  };
}

// ---------------------------------------------------------------------------------------------
// Groups

export type GroupKind =
  | { type: 'department'; department: number }
  | { type: 'all-staff' }
  | { type: 'leadership' }
  | { type: 'project'; start: number; size: number; nestedGroup: number | null };

export interface GroupRecord {
  index: number;
  id: string;
  email: string;
  name: string;
  description: string;
  kind: GroupKind;
}

export const DEPARTMENT_GROUPS = DEPARTMENTS.length;
export const ALL_STAFF_GROUP = DEPARTMENT_GROUPS;
export const LEADERSHIP_GROUP = DEPARTMENT_GROUPS + 1;
const FIRST_PROJECT_GROUP = DEPARTMENT_GROUPS + 2;

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export function baseGroup(spec: DirectorySpec, index: number): GroupRecord {
  const id = `0${(hash32(spec.seed, 71) % 36 ** 7).toString(36).padStart(7, '0')}${index.toString(36).padStart(7, '0')}`;
  const dept = DEPARTMENTS[index];
  if (index < DEPARTMENT_GROUPS && dept !== undefined) {
    return {
      index,
      id,
      email: `${slug(dept.name)}@${spec.domain}`,
      name: dept.name,
      description: `Everyone in ${dept.name}`,
      kind: { type: 'department', department: index },
    };
  }
  if (index === ALL_STAFF_GROUP) {
    return {
      index,
      id,
      email: `all-staff@${spec.domain}`,
      name: 'All Staff',
      description: 'Every department group',
      kind: { type: 'all-staff' },
    };
  }
  if (index === LEADERSHIP_GROUP) {
    return {
      index,
      id,
      email: `leadership@${spec.domain}`,
      name: 'Leadership',
      description: 'The CEO and the department heads',
      kind: { type: 'leadership' },
    };
  }
  const n = index - FIRST_PROJECT_GROUP;
  const word = pick(PROJECT_WORDS, hash32(spec.seed, index, 72));
  const others = Math.max(spec.users - 1, 1);
  const start = 1 + (hash32(spec.seed, index, 73) % others);
  const size = Math.min(3 + (hash32(spec.seed, index, 74) % 38), spec.users - start);
  return {
    index,
    id,
    email: `${word}-${n + 1}@${spec.domain}`,
    name: `Project ${word[0]?.toUpperCase() ?? ''}${word.slice(1)} ${n + 1}`,
    description: `Members of project ${word} ${n + 1}`,
    kind: {
      type: 'project',
      start,
      size: Math.max(size, 0),
      nestedGroup: n % 5 === 4 && index > FIRST_PROJECT_GROUP ? index - 1 : null,
    },
  };
}
