// Google Workspace's resources as its APIs serve them (Directory API, Enterprise License Manager):
// the shapes this simulator renders. They are Google's, written down from Google's documentation
// (shared/design/google.md); the sync's Google provider describes what it reads in its own source.ts
// — the simulator imports nothing from the product, so a mistake on one side is not silently
// shared by the other (simulator.test.ts compares the SKU tables).

export interface GoogleUser {
  id: string;
  primaryEmail: string;
  name?: { givenName?: string; familyName?: string; fullName?: string };
  suspended?: boolean;
  archived?: boolean;
  orgUnitPath?: string;
  isAdmin?: boolean;
  /** RFC 3339; `1970-01-01T00:00:00.000Z` when the user never signed in. */
  lastLoginTime?: string;
  creationTime?: string;
  thumbnailPhotoUrl?: string;
  phones?: { value: string; type?: string; primary?: boolean }[];
  organizations?: {
    title?: string;
    department?: string;
    costCenter?: string;
    description?: string;
    primary?: boolean;
  }[];
  relations?: { value: string; type?: string }[];
  locations?: { buildingId?: string; floorName?: string }[];
  etag?: string;
}

export interface GoogleOrgUnit {
  name: string;
  orgUnitPath: string;
  orgUnitId: string;
  parentOrgUnitPath?: string;
  parentOrgUnitId?: string;
  description?: string;
}

export interface GoogleGroup {
  id: string;
  email: string;
  name?: string;
  description?: string;
  /** A 64-bit number: Google sends it as a string. */
  directMembersCount?: string;
  etag?: string;
}

export interface GoogleMember {
  id?: string;
  email?: string;
  role?: 'OWNER' | 'MANAGER' | 'MEMBER';
  type?: 'USER' | 'GROUP' | 'CUSTOMER' | 'EXTERNAL';
  status?: string;
}

export interface GoogleChromeDevice {
  deviceId: string;
  serialNumber?: string;
  model?: string;
  osVersion?: string;
  status?: string;
  annotatedUser?: string;
  annotatedLocation?: string;
  annotatedAssetId?: string;
  orgUnitPath?: string;
  lastSync?: string;
  recentUsers?: { email?: string; type?: string }[];
  etag?: string;
}

export interface GoogleMobileDevice {
  resourceId: string;
  deviceId?: string;
  email?: string[];
  name?: string[];
  model?: string;
  serialNumber?: string;
  imei?: string;
  manufacturer?: string;
  os?: string;
  type?: string;
  status?: string;
  lastSync?: string;
  etag?: string;
}

export interface GoogleLicenseAssignment {
  productId: string;
  skuId: string;
  skuName?: string;
  productName?: string;
  /** The user's primary email. */
  userId: string;
}

export interface GoogleDomain {
  domainName: string;
  isPrimary?: boolean;
  verified?: boolean;
}

/** Enterprise License Manager SKUs of Google Workspace (google.md). */
export const WORKSPACE_SKUS: Record<string, string> = {
  '1010020027': 'Google Workspace Business Starter',
  '1010020028': 'Google Workspace Business Standard',
  '1010020025': 'Google Workspace Business Plus',
  '1010020026': 'Google Workspace Enterprise Standard',
  '1010020020': 'Google Workspace Enterprise Plus',
};
