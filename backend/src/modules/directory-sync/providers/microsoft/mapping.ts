// Graph's shapes (source.ts) → the sync's neutral records (engine/provider.ts). Pure functions:
// which Graph field means what in Helios is decided here and nowhere else.
import type {
  DirectoryDevice,
  DirectoryGroup,
  DirectoryMember,
  DirectoryUser,
  LicenseAssignment,
} from '../../engine/provider.ts';
import type {
  GraphDirectoryMember,
  GraphGroup,
  GraphManagedDevice,
  GraphSku,
  GraphUser,
  GraphUserLicenses,
} from './source.ts';

/** A person's address: `mail`, else the sign-in name (an account without a mailbox). */
export const addressOf = (u: { mail?: string | null; userPrincipalName?: string }): string =>
  (u.mail || u.userPrincipalName || '').toLowerCase();

export function userOf(u: GraphUser): DirectoryUser {
  return {
    externalId: u.id,
    email: addressOf(u),
    givenName: u.givenName ?? null,
    familyName: u.surname ?? null,
    title: u.jobTitle ?? null,
    department: u.department ?? null,
    phone: u.businessPhones?.[0] ?? u.mobilePhone ?? null,
    // Graph serves photos as binary at another path; Helios keeps none for Microsoft people.
    photoUrl: null,
    orgUnit: null,
    // A disabled account → inactive (not archived: it may be enabled again).
    active: u.accountEnabled !== false,
    manager: null,
  };
}

export function groupOf(g: GraphGroup): DirectoryGroup {
  return {
    externalId: g.id,
    email: g.mail ? g.mail.toLowerCase() : null,
    name: g.displayName ?? g.mail ?? g.id,
    description: g.description ?? null,
  };
}

const MEMBER_TYPES: Record<string, string> = {
  '#microsoft.graph.user': 'USER',
  '#microsoft.graph.group': 'GROUP',
  '#microsoft.graph.device': 'DEVICE',
  '#microsoft.graph.servicePrincipal': 'SERVICE_PRINCIPAL',
  '#microsoft.graph.orgContact': 'CONTACT',
};

export function memberOf(m: GraphDirectoryMember): DirectoryMember {
  const type = MEMBER_TYPES[m['@odata.type'] ?? '#microsoft.graph.user'] ?? 'OTHER';
  const email = addressOf(m);
  return {
    externalId: m.id,
    email: email || null,
    role: 'MEMBER',
    type,
    status: null,
    person: type === 'USER',
  };
}

/** Friendly names of common SKUs (subscribedSkus only has part numbers). */
const SKU_NAMES: Record<string, string> = {
  ENTERPRISEPACK: 'Office 365 E3',
  ENTERPRISEPREMIUM: 'Office 365 E5',
  SPE_E3: 'Microsoft 365 E3',
  SPE_E5: 'Microsoft 365 E5',
  O365_BUSINESS_ESSENTIALS: 'Microsoft 365 Business Basic',
  O365_BUSINESS_PREMIUM: 'Microsoft 365 Business Standard',
  SPB: 'Microsoft 365 Business Premium',
  EMS: 'Enterprise Mobility + Security E3',
  EMSPREMIUM: 'Enterprise Mobility + Security E5',
  POWER_BI_PRO: 'Power BI Pro',
  POWER_BI_STANDARD: 'Power BI (free)',
  FLOW_FREE: 'Power Automate Free',
  VISIOCLIENT: 'Visio Plan 2',
  PROJECTPROFESSIONAL: 'Project Plan 3',
};

export const skuNameOf = (partNumber: string): string => SKU_NAMES[partNumber] ?? partNumber;

/** A subscribed SKU as the software license it feeds: the seats bought are the enabled prepaid units. */
export function skuOf(s: GraphSku): {
  skuId: string;
  partNumber: string;
  name: string;
  enabled: number;
  suspended: number;
  warning: number;
  consumed: number;
} {
  return {
    skuId: s.skuId,
    partNumber: s.skuPartNumber,
    name: skuNameOf(s.skuPartNumber),
    enabled: s.prepaidUnits.enabled,
    suspended: s.prepaidUnits.suspended ?? 0,
    warning: s.prepaidUnits.warning ?? 0,
    consumed: s.consumedUnits,
  };
}

/** A user's assignments; `partNumbers` names the SKUs (from subscribedSkus of the same run). */
export function licenseAssignmentsOf(
  u: GraphUserLicenses,
  partNumbers: ReadonlyMap<string, string>,
): LicenseAssignment[] {
  const email = addressOf(u);
  if (!email) return [];
  return (u.assignedLicenses ?? []).map((l) => {
    const part = partNumbers.get(l.skuId) ?? l.skuId;
    return { sku: { id: l.skuId, name: skuNameOf(part), productId: part }, userEmail: email };
  });
}

const DEVICE_TYPES: Record<string, string> = {
  windows: 'computer',
  macos: 'computer',
  linux: 'computer',
  ios: 'phone',
  android: 'phone',
  ipados: 'tablet',
};

export function managedDeviceOf(d: GraphManagedDevice): DirectoryDevice {
  const os = d.operatingSystem ?? null;
  const tablet = /ipad|tab/i.test(d.model ?? '');
  return {
    externalId: d.id,
    name: d.deviceName || [d.model, d.serialNumber].filter(Boolean).join(' ') || 'Managed device',
    assetType: tablet ? 'tablet' : (DEVICE_TYPES[(os ?? '').toLowerCase()] ?? 'other'),
    make: d.manufacturer ?? null,
    model: d.model ?? null,
    serial: d.serialNumber || null,
    os,
    osVersion: d.osVersion ?? null,
    // In the managed-device list = managed; a retired device leaves the list (then archived).
    status: 'active',
    userEmail: d.userPrincipalName ? d.userPrincipalName.toLowerCase() : null,
    management: { compliance: d.complianceState ?? null, lastCheckInAt: d.lastSyncDateTime ?? null },
  };
}
