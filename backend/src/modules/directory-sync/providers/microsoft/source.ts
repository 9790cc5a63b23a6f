// What the sync reads from Microsoft Graph, in Graph's own shapes (v1.0), one page at a time.
// microsoft/clients.ts implements it with msal-node (the token) and fetch (Graph); the Graph
// simulator (simulators/microsoft) plays both behind HELIOS_MICROSOFT_LOGIN_ORIGIN /
// HELIOS_MICROSOFT_GRAPH_ORIGIN.

export interface GraphUser {
  id: string;
  userPrincipalName?: string;
  mail?: string | null;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  mobilePhone?: string | null;
  businessPhones?: string[];
  officeLocation?: string | null;
  accountEnabled?: boolean;
  userType?: string | null;
  /** A delta's removed user: `{ id, '@removed': { reason } }`. */
  '@removed'?: { reason: string };
}

export interface GraphDirectoryMember {
  '@odata.type'?: string;
  id: string;
  mail?: string | null;
  userPrincipalName?: string;
  '@removed'?: { reason: string };
}

export interface GraphGroup {
  id: string;
  displayName?: string;
  mail?: string | null;
  description?: string | null;
  groupTypes?: string[];
  securityEnabled?: boolean;
  mailEnabled?: boolean;
  /** Inline members of groups/delta (all of them on a full pass; only changes on a delta). */
  'members@delta'?: GraphDirectoryMember[];
  '@removed'?: { reason: string };
}

export interface GraphSku {
  skuId: string;
  skuPartNumber: string;
  capabilityStatus?: string;
  appliesTo?: string;
  consumedUnits: number;
  prepaidUnits: { enabled: number; suspended?: number; warning?: number; lockedOut?: number };
}

/** A user's license assignments (`GET /users?$select=id,mail,userPrincipalName,assignedLicenses`). */
export interface GraphUserLicenses {
  id: string;
  userPrincipalName?: string;
  mail?: string | null;
  assignedLicenses?: { skuId: string; disabledPlans?: string[] }[];
}

export interface GraphManagedDevice {
  id: string;
  deviceName?: string | null;
  manufacturer?: string | null;
  model?: string | null;
  serialNumber?: string | null;
  operatingSystem?: string | null;
  osVersion?: string | null;
  complianceState?: string | null;
  lastSyncDateTime?: string | null;
  managedDeviceOwnerType?: string | null;
  userId?: string | null;
  userPrincipalName?: string | null;
}

/**
 * A delta listing (users/delta, groups/delta): a full pass when started without a link or when
 * Graph no longer knows the link (410 / syncStateNotFound: it restarts as a full pass), a delta
 * otherwise. `mode`, `removed` and `cursor` are read once the pages are consumed.
 */
export interface DeltaListing<T> {
  pages: AsyncIterable<T[]>;
  mode(): 'full' | 'delta';
  /** Ids a delta named as removed (`@removed`). */
  removed(): readonly string[];
  /** The `@odata.deltaLink` of the last page: where the next run's delta starts. */
  cursor(): string | undefined;
}

/**
 * Read access to one tenant. Errors thrown mid-listing mean the listing is incomplete (the engine
 * then archives nothing). Retries of retryable errors happen inside.
 */
export interface GraphSource {
  /** Fetches an app-only token (settings validation; listings fetch their own). */
  token(): Promise<void>;
  users(deltaLink: string | undefined): DeltaListing<GraphUser>;
  groups(deltaLink: string | undefined): DeltaListing<GraphGroup>;
  /** Every member of one group (a delta only names member changes; the engine hashes the full list). */
  groupMembers(groupId: string): AsyncIterable<GraphDirectoryMember[]>;
  subscribedSkus(): Promise<GraphSku[]>;
  /** Every user's assigned licenses (not tracked by users/delta: reconciled in full each run). */
  userLicenses(): AsyncIterable<GraphUserLicenses[]>;
  managedDevices(): AsyncIterable<GraphManagedDevice[]>;
  /** HTTP requests sent so far (token and metadata requests and retries included). */
  requestCount(): number;
}
