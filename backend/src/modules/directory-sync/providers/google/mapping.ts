// Google's shapes (source.ts) → the sync's neutral records (engine/provider.ts). Pure functions:
// which Google field means what in Helios is decided here and nowhere else.
import type {
  DirectoryDevice,
  DirectoryGroup,
  DirectoryMember,
  DirectoryUser,
  LicenseAssignment,
} from '../../engine/provider.ts';
import {
  WORKSPACE_SKUS,
  type GoogleChromeDevice,
  type GoogleGroup,
  type GoogleLicenseAssignment,
  type GoogleMember,
  type GoogleMobileDevice,
  type GoogleUser,
} from './source.ts';

const primary = <T extends { primary?: boolean }>(items: T[] | undefined): T | undefined =>
  items?.find((i) => i.primary) ?? items?.[0];

export function userOf(u: GoogleUser): DirectoryUser {
  const org = primary(u.organizations);
  return {
    externalId: u.id,
    email: u.primaryEmail,
    givenName: u.name?.givenName ?? null,
    familyName: u.name?.familyName ?? null,
    title: org?.title ?? null,
    department: org?.department ?? null,
    phone: primary(u.phones)?.value ?? null,
    photoUrl: u.thumbnailPhotoUrl ?? null,
    orgUnit: u.orgUnitPath ?? null,
    // Suspended in Google → inactive in Helios (not archived: they may come back).
    active: !u.suspended,
    manager: u.relations?.find((r) => r.type === 'manager')?.value ?? null,
  };
}

export function groupOf(g: GoogleGroup): DirectoryGroup {
  return { externalId: g.id, email: g.email, name: g.name ?? g.email, description: g.description ?? null };
}

export function memberOf(m: GoogleMember): DirectoryMember {
  return {
    // A CUSTOMER member (everyone in the domain) has neither id nor email.
    externalId: m.id ?? m.email ?? 'customer',
    email: m.email ?? null,
    role: m.role ?? 'MEMBER',
    type: m.type ?? 'USER',
    status: m.status ?? null,
    person: m.type === 'USER',
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

export function chromeDeviceOf(d: GoogleChromeDevice): DirectoryDevice {
  return {
    externalId: d.deviceId,
    name: d.annotatedAssetId || [d.model ?? 'Chromebook', d.serialNumber].filter(Boolean).join(' '),
    assetType: 'computer',
    make: null,
    model: d.model ?? null,
    serial: d.serialNumber ?? null,
    os: 'ChromeOS',
    osVersion: d.osVersion ?? null,
    status: CHROME_STATUS[d.status ?? ''] ?? 'storage',
    userEmail: d.annotatedUser ?? d.recentUsers?.[0]?.email ?? null,
  };
}

/**
 * A mobile device as an inventory names it: model and serial number ("Pixel 8 R5CX12AB34"), or
 * model and IMEI where that is all Google gives (iPhones), never after its owner — `name` in
 * Google's resource is the owner's display name, and the owner is the assignment, not the device.
 */
export function mobileDeviceOf(d: GoogleMobileDevice): DirectoryDevice {
  const os = d.os ?? null;
  const tablet = /ipad|tablet/i.test(`${d.model ?? ''} ${d.type ?? ''}`);
  const serial = d.serialNumber?.trim() || null;
  const imei = d.imei?.trim() || null;
  const identifier = serial ?? (imei ? `IMEI ${imei}` : null);
  return {
    externalId: d.resourceId,
    name: [d.model || (tablet ? 'Tablet' : 'Mobile device'), identifier].filter(Boolean).join(' '),
    assetType: tablet ? 'tablet' : 'phone',
    make: d.manufacturer?.trim() || (d.type?.startsWith('IOS') ? 'Apple' : null),
    model: d.model ?? null,
    serial,
    os: os?.split(' ')[0] ?? null,
    osVersion: os?.split(' ').slice(1).join(' ') || null,
    status: MOBILE_STATUS[d.status ?? ''] ?? 'storage',
    userEmail: d.email?.[0] ?? null,
  };
}

export function licenseAssignmentOf(a: GoogleLicenseAssignment): LicenseAssignment {
  return {
    sku: {
      id: a.skuId,
      name: a.skuName ?? WORKSPACE_SKUS[a.skuId] ?? `${a.productName ?? a.productId} ${a.skuId}`,
      productId: a.productId,
    },
    userEmail: a.userId,
  };
}
