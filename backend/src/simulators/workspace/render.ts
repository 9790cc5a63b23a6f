// Records → the JSON Google sends: `kind` and `etag` on every resource, 64-bit numbers as strings,
// empty arrays and unset optional fields omitted. Etags hash the resource's content, so they change
// exactly when the resource does (the sync's "unchanged" detection can rely on them).
import { createHash } from 'node:crypto';
import type {
  GoogleChromeDevice,
  GoogleDomain,
  GoogleGroup,
  GoogleLicenseAssignment,
  GoogleMember,
  GoogleMobileDevice,
  GoogleOrgUnit,
  GoogleUser,
} from './google-types.ts';
import { WORKSPACE_SKUS } from './google-types.ts';
import { CHROMEBOOKS_OU } from './catalog.ts';
import type { Directory, MemberRecord } from './directory.ts';
import {
  orgUnitId,
  rootOrgUnitId,
  type ChromeDeviceRecord,
  type DomainRecord,
  type GroupRecord,
  type MobileDeviceRecord,
  type OrgUnitRecord,
  type UserRecord,
} from './generator.ts';

/** A Google resource as served: its `kind`, `etag` and the fields Google sends beyond source.ts's. */
export type Resource<T> = T & { kind: string; etag: string } & Record<string, unknown>;

/** Google's etag format: a quoted opaque string. */
export function etagOf(content: unknown): string {
  const digest = createHash('sha1').update(JSON.stringify(content)).digest('base64url');
  return `"${digest.slice(0, 27)}/${digest.slice(0, 10)}"`;
}

/** Sets `etag` from the rest of the object (placed after `kind`, like Google). */
function withEtag<T extends { etag?: string }>(resource: T): T {
  resource.etag = '';
  resource.etag = etagOf(resource);
  return resource;
}

export type SimUser = Resource<GoogleUser>;

export function renderUser(directory: Directory, user: UserRecord): SimUser {
  const phones: NonNullable<GoogleUser['phones']> = [];
  if (user.workPhone !== null) phones.push({ value: user.workPhone, type: 'work', primary: true });
  if (user.mobilePhone !== null) {
    phones.push(
      user.workPhone === null
        ? { value: user.mobilePhone, type: 'mobile', primary: true }
        : { value: user.mobilePhone, type: 'mobile' },
    );
  }
  const organization: NonNullable<GoogleUser['organizations']>[number] = { primary: true };
  if (user.title !== '') organization.title = user.title;
  if (user.department !== '') organization.department = user.department;
  if (user.costCenter !== '') organization.costCenter = user.costCenter;
  if (user.employeeType !== undefined && user.employeeType !== '') {
    organization.description = user.employeeType;
  }
  const manager = user.managerIndex === null ? undefined : directory.emailOf(user.managerIndex);
  const resource: SimUser = {
    kind: 'admin#directory#user',
    id: user.id,
    etag: '',
    primaryEmail: user.email,
    name: {
      givenName: user.givenName,
      familyName: user.familyName,
      fullName: `${user.givenName} ${user.familyName}`,
    },
    isAdmin: user.isAdmin,
    isDelegatedAdmin: false,
    lastLoginTime: user.lastLoginTime,
    creationTime: user.creationTime,
    agreedToTerms: user.lastLoginTime !== '1970-01-01T00:00:00.000Z',
    suspended: user.suspended,
    archived: user.archived,
    changePasswordAtNextLogin: user.changePasswordAtNextLogin ?? false,
    ipWhitelisted: false,
    emails: [{ address: user.email, primary: true }],
  };
  if (user.suspended) resource.suspensionReason = 'ADMIN';
  if (phones.length > 0) resource.phones = phones;
  if (Object.keys(organization).length > 1) resource.organizations = [organization];
  if (manager !== undefined) resource.relations = [{ value: manager, type: 'manager' }];
  if (user.buildingId !== null) {
    const location = {
      type: 'desk',
      area: 'desk',
      buildingId: user.buildingId,
      floorName: user.floorName ?? '1',
    };
    resource.locations = [location];
  }
  resource.customerId = directory.customerId;
  resource.orgUnitPath = user.orgUnitPath;
  resource.isMailboxSetup = true;
  resource.isEnrolledIn2Sv = user.twoStep;
  resource.isEnforcedIn2Sv = false;
  resource.includeInGlobalAddressList = true;
  if (user.photoId !== null) {
    resource.thumbnailPhotoUrl = `https://lh3.googleusercontent.com/a-/ALV-${user.photoId}=s96-c`;
    resource.thumbnailPhotoEtag = `"${user.photoId}"`;
  }
  return withEtag(resource);
}

export type SimGroup = Resource<GoogleGroup>;

export function renderGroup(directory: Directory, group: GroupRecord): SimGroup {
  return withEtag<SimGroup>({
    kind: 'admin#directory#group',
    id: group.id,
    etag: '',
    email: group.email,
    name: group.name,
    directMembersCount: String(directory.directMembersCount(group)),
    description: group.description,
    adminCreated: true,
    nonEditableAliases: [group.email.replace(/@(.*)$/, '@$1.test-google-a.com')],
  });
}

export type SimMember = Resource<GoogleMember>;

export function renderMember(member: MemberRecord): SimMember {
  if (member.type === 'GROUP' && member.group !== undefined) {
    return withEtag<SimMember>({
      kind: 'admin#directory#member',
      etag: '',
      id: member.group.id,
      email: member.group.email,
      role: member.role,
      type: 'GROUP',
      status: 'ACTIVE',
    });
  }
  const user = member.user;
  return withEtag<SimMember>({
    kind: 'admin#directory#member',
    etag: '',
    id: user?.id,
    email: user?.email,
    role: member.role,
    type: 'USER',
    status: user?.suspended === true ? 'SUSPENDED' : user?.archived === true ? 'ARCHIVED' : 'ACTIVE',
  });
}

export type SimOrgUnit = Resource<GoogleOrgUnit>;

export function renderOrgUnit(directory: Directory, unit: OrgUnitRecord): SimOrgUnit {
  const { spec } = directory;
  return withEtag<SimOrgUnit>({
    kind: 'admin#directory#orgUnit',
    etag: '',
    name: unit.name,
    description: unit.description,
    orgUnitPath: unit.orgUnitPath,
    orgUnitId: unit.orgUnitId,
    parentOrgUnitPath: unit.parentOrgUnitPath,
    parentOrgUnitId:
      unit.parentOrgUnitPath === '/' ? rootOrgUnitId(spec) : orgUnitId(spec, unit.parentOrgUnitPath),
  });
}

export type SimChromeDevice = Resource<GoogleChromeDevice>;

export function renderChromeDevice(directory: Directory, device: ChromeDeviceRecord): SimChromeDevice {
  const owner = device.userIndex === null ? undefined : directory.user(device.userIndex);
  const annotatedUser = owner?.email ?? device.annotatedUserEmail ?? undefined;
  const second = device.secondUserIndex === null ? undefined : directory.emailOf(device.secondUserIndex);
  const recentUsers: NonNullable<GoogleChromeDevice['recentUsers']> = [];
  if (owner !== undefined) recentUsers.push({ type: 'USER_TYPE_MANAGED', email: owner.email });
  if (second !== undefined) recentUsers.push({ type: 'USER_TYPE_MANAGED', email: second });
  const orgUnitPath = device.orgUnitPath ?? (owner === undefined ? CHROMEBOOKS_OU : owner.orgUnitPath);
  const resource: SimChromeDevice = {
    kind: 'admin#directory#chromeosdevice',
    deviceId: device.deviceId,
    etag: '',
    serialNumber: device.serialNumber,
    status: device.status,
    lastSync: device.lastSync,
  };
  if (annotatedUser !== undefined) resource.annotatedUser = annotatedUser;
  if (device.annotatedLocation !== null) resource.annotatedLocation = device.annotatedLocation;
  resource.annotatedAssetId = device.annotatedAssetId;
  resource.model = device.model;
  resource.osVersion = device.osVersion;
  resource.platformVersion = device.platformVersion;
  resource.firmwareVersion = device.firmwareVersion;
  resource.macAddress = device.macAddress;
  resource.lastEnrollmentTime = device.lastEnrollmentTime;
  resource.orgUnitPath = orgUnitPath;
  resource.orgUnitId =
    orgUnitPath === '/' ? rootOrgUnitId(directory.spec) : orgUnitId(directory.spec, orgUnitPath);
  if (recentUsers.length > 0) resource.recentUsers = recentUsers;
  resource.bootMode = 'Verified';
  resource.autoUpdateExpiration = String(device.autoUpdateExpiration);
  return withEtag(resource);
}

export type SimMobileDevice = Resource<GoogleMobileDevice>;

export function renderMobileDevice(directory: Directory, device: MobileDeviceRecord): SimMobileDevice {
  const owner = device.userIndex === null ? undefined : directory.user(device.userIndex);
  const email = owner?.email ?? device.ownerEmail ?? undefined;
  const name = owner === undefined ? device.ownerName : `${owner.givenName} ${owner.familyName}`;
  const resource: SimMobileDevice = {
    kind: 'admin#directory#mobiledevice',
    etag: '',
    resourceId: device.resourceId,
    deviceId: device.deviceId,
  };
  if (email !== undefined) resource.email = [email];
  if (name !== null && name !== undefined) resource.name = [name];
  resource.model = device.model;
  if (device.serialNumber !== null) resource.serialNumber = device.serialNumber;
  if (device.imei !== null) resource.imei = device.imei;
  resource.os = device.os;
  resource.type = device.type;
  resource.status = device.status;
  resource.firstSync = device.firstSync;
  resource.lastSync = device.lastSync;
  resource.userAgent = device.type === 'ANDROID' ? 'Google Apps Device Policy 18.51.00' : device.os;
  return withEtag(resource);
}

export type SimDomain = Resource<GoogleDomain>;

export function renderDomain(domain: DomainRecord): SimDomain {
  return withEtag<SimDomain>({
    kind: 'admin#directory#domain',
    etag: '',
    domainName: domain.domainName,
    isPrimary: domain.isPrimary,
    verified: domain.verified,
    creationTime: String(domain.creationTime),
  });
}

export type SimLicenseAssignment = GoogleLicenseAssignment & {
  kind: string;
  etags: string;
  selfLink: string;
};

export const GOOGLE_APPS_PRODUCT = 'Google-Apps';

export function renderLicense(user: UserRecord, skuId: string): SimLicenseAssignment {
  const resource: SimLicenseAssignment = {
    kind: 'licensing#licenseAssignment',
    etags: '',
    selfLink: `https://licensing.googleapis.com/apps/licensing/v1/product/${GOOGLE_APPS_PRODUCT}/sku/${skuId}/user/${encodeURIComponent(user.email)}`,
    userId: user.email,
    productId: GOOGLE_APPS_PRODUCT,
    skuId,
    skuName: WORKSPACE_SKUS[skuId] ?? skuId,
    productName: 'Google Workspace',
  };
  resource.etags = etagOf(resource);
  return resource;
}

/** A list body: kind, etag over the items' etags, the array only when non-empty, nextPageToken. */
export function listBody(
  kind: string,
  arrayName: string,
  items: readonly { etag?: string; etags?: string }[],
  nextPageToken?: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    kind,
    etag: etagOf(items.map((item) => item.etag ?? item.etags ?? '')),
  };
  if (items.length > 0) body[arrayName] = items;
  if (nextPageToken !== undefined) body.nextPageToken = nextPageToken;
  return body;
}
