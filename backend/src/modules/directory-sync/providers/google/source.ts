// What the sync engine reads from Google Workspace, in Google's own shapes (Directory API and
// Enterprise License Manager), one page at a time. google/clients.ts implements it with the real
// googleapis / google-auth-library clients; the Workspace simulator plays Google behind them.

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
  organizations?: { title?: string; department?: string; costCenter?: string; primary?: boolean }[];
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

/** One activity of the Reports API (activities.list): who did what, when, with which parameters. */
export interface GoogleActivity {
  id: { time: string; uniqueQualifier: string; applicationName: string; customerId?: string };
  actor?: { email?: string; profileId?: string; callerType?: string };
  events?: {
    type?: string;
    name?: string;
    parameters?: { name: string; value?: string; multiValue?: string[] }[];
  }[];
}

/** The Reports API applications the incremental sync reads. */
export type ActivityApplication = 'admin' | 'groups_enterprise';

/**
 * Read access to one Workspace customer. Listings are async iterables of pages, so a sync holds
 * one page in memory at a time; an error thrown mid-listing means the listing is incomplete (the
 * engine then archives nothing of that kind). Retries of retryable errors happen inside.
 */
export interface WorkspaceSource {
  orgUnits(): Promise<GoogleOrgUnit[]>;
  users(): AsyncIterable<GoogleUser[]>;
  groups(): AsyncIterable<GoogleGroup[]>;
  groupMembers(groupKey: string): AsyncIterable<GoogleMember[]>;
  /** `query`: Google's device search, e.g. `sync:2026-12-01T10:00:00Z..` (incremental runs). */
  chromeOsDevices(query?: string): AsyncIterable<GoogleChromeDevice[]>;
  mobileDevices(query?: string): AsyncIterable<GoogleMobileDevice[]>;
  /** users.get by id or primary e-mail; undefined when Google answers 404 (deleted or renamed). */
  user(userKey: string): Promise<GoogleUser | undefined>;
  /** groups.get by id or e-mail; undefined on 404. */
  group(groupKey: string): Promise<GoogleGroup | undefined>;
  /** licenseAssignments.get; undefined when the user does not hold that SKU (404). */
  licenseAssignment(
    productId: string,
    skuId: string,
    userId: string,
  ): Promise<GoogleLicenseAssignment | undefined>;
  /** Reports API activities.list (`userKey=all`) from `startTime` on, newest first, page by page. */
  activities(application: ActivityApplication, startTime: Date): AsyncIterable<GoogleActivity[]>;
  /** Assignments of every SKU of one product (e.g. `Google-Apps`). */
  licenseAssignments(productId: string): AsyncIterable<GoogleLicenseAssignment[]>;
  domains(): Promise<GoogleDomain[]>;
  /** HTTP requests sent so far (including retries and token requests), for run stats and benches. */
  requestCount(): number;
}

/** The products whose license assignments are synced. */
export const LICENSE_PRODUCTS = ['Google-Apps'] as const;

/** Enterprise License Manager SKUs of Google Workspace (google.md). */
export const WORKSPACE_SKUS: Record<string, string> = {
  '1010020027': 'Google Workspace Business Starter',
  '1010020028': 'Google Workspace Business Standard',
  '1010020025': 'Google Workspace Business Plus',
  '1010020026': 'Google Workspace Enterprise Standard',
  '1010020020': 'Google Workspace Enterprise Plus',
};
