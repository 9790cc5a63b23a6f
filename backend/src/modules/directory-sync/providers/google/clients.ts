// WorkspaceSource (source.ts) on the real Google client libraries:
//   - auth: google-auth-library's JWT — a service account with domain-wide delegation, `subject`
//     the admin it acts as;
//   - Directory API: @googleapis/admin (`directory_v1`), the per-API package of googleapis
//     (~2 MB installed instead of ~240 MB for the full `googleapis`, same generated code);
//   - Enterprise License Manager: not in @googleapis/admin, so its one call (licenseAssignments.
//     listForProduct) is a plain GET through the JWT client's `request`, which signs it the same way.
// All three share one gaxios transporter (transport.ts): the HELIOS_GOOGLE_API_ORIGIN switch, the
// request counter, and gaxios' own retries switched off. Every call — one page of a listing —
// goes through the retry policy in retry.ts.
import { admin } from '@googleapis/admin';
import { JWT } from 'google-auth-library';
import { classifyError, retriedCall, TransientError, type RetryOptions } from './retry.ts';
import type {
  ActivityApplication,
  GoogleActivity,
  GoogleChromeDevice,
  GoogleDomain,
  GoogleGroup,
  GoogleLicenseAssignment,
  GoogleMember,
  GoogleMobileDevice,
  GoogleOrgUnit,
  GoogleUser,
  WorkspaceSource,
} from './source.ts';
import { createGoogleTransport, type SentRequest } from './transport.ts';

/** The scopes the sync needs; the admin grants exactly these to the client id (domain-wide delegation). */
export const GOOGLE_SCOPES: readonly string[] = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
  'https://www.googleapis.com/auth/admin.directory.orgunit.readonly',
  'https://www.googleapis.com/auth/admin.directory.device.chromeos.readonly',
  'https://www.googleapis.com/auth/admin.directory.device.mobile.readonly',
  'https://www.googleapis.com/auth/admin.directory.domain.readonly',
  'https://www.googleapis.com/auth/apps.licensing',
  // Incremental sync: the admin-activity log says what changed since the last run.
  'https://www.googleapis.com/auth/admin.reports.audit.readonly',
];

/** Page sizes: the maximum each API accepts. */
export const PAGE_SIZES = {
  users: 500,
  groups: 200,
  members: 200,
  chromeOsDevices: 300,
  mobileDevices: 100,
  licenseAssignments: 1000,
  activities: 1000,
} as const;

/** `fields=` masks: only what source.ts types carry. */
export const FIELD_MASKS = {
  users:
    'nextPageToken,users(id,primaryEmail,name(givenName,familyName,fullName),suspended,archived,' +
    'orgUnitPath,isAdmin,lastLoginTime,creationTime,thumbnailPhotoUrl,phones,organizations,relations,' +
    'locations,etag)',
  groups: 'nextPageToken,groups(id,email,name,description,directMembersCount,etag)',
  members: 'nextPageToken,members(id,email,role,type,status)',
  orgUnits: 'organizationUnits(name,orgUnitPath,orgUnitId,parentOrgUnitPath,parentOrgUnitId,description)',
  chromeOsDevices:
    'nextPageToken,chromeosdevices(deviceId,serialNumber,model,osVersion,status,annotatedUser,' +
    'annotatedLocation,annotatedAssetId,orgUnitPath,lastSync,recentUsers(email,type),etag)',
  mobileDevices:
    'nextPageToken,mobiledevices(resourceId,deviceId,email,name,model,serialNumber,imei,manufacturer,os,type,' +
    'status,lastSync,etag)',
  licenseAssignments: 'nextPageToken,items(productId,skuId,skuName,productName,userId)',
  domains: 'domains(domainName,isPrimary,verified)',
  user:
    'id,primaryEmail,name(givenName,familyName,fullName),suspended,archived,orgUnitPath,isAdmin,' +
    'lastLoginTime,creationTime,thumbnailPhotoUrl,phones,organizations,relations,locations,etag',
  group: 'id,email,name,description,directMembersCount,etag',
  licenseAssignment: 'productId,skuId,skuName,productName,userId',
  activities: 'nextPageToken,items(id,actor(email,callerType),events(type,name,parameters))',
} as const;

const LICENSING_ORIGIN = 'https://licensing.googleapis.com';
const REPORTS_ORIGIN = 'https://admin.googleapis.com';

/** The service account's JSON key, as downloaded from the Cloud console (other fields are ignored). */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
}

/** What the clients log (a pino logger fits). Never anything secret: no keys, tokens or URLs with them. */
export interface GoogleClientLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface WorkspaceSourceOptions {
  serviceAccountKey: ServiceAccountKey;
  /** The Workspace admin the service account acts as (JWT `sub`). */
  adminEmail: string;
  /** Defaults to `my_customer`, the admin's own customer. */
  customerId?: string;
  /** HELIOS_GOOGLE_API_ORIGIN: send every Google request (token included) to this origin instead. */
  apiOrigin?: string;
  /** Retry policy (defaults in retry.ts: 6 attempts, 500 ms base, 30 s cap); sleep/random for tests. */
  retry?: RetryOptions;
  logger?: GoogleClientLogger;
  /** Per-request timeout, default 60 s. */
  timeoutMs?: number;
  /** Sees every HTTP request just before it is sent (tests). */
  onRequest?: (request: SentRequest) => void;
}

/** A Google call that failed for good: not retryable, or out of attempts. */
export class GoogleApiError extends Error {
  override name = 'GoogleApiError';
  readonly operation: string;
  readonly attempts: number;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly code: string | undefined;
  /** True when the last error was retryable and the attempts ran out. */
  readonly retryable: boolean;

  constructor(operation: string, attempts: number, cause: unknown) {
    const c = classifyError(cause);
    const message = cause instanceof Error ? cause.message : String(cause);
    const what = [
      c.status === undefined ? undefined : `HTTP ${c.status}`,
      c.reason !== undefined && !message.includes(c.reason) ? c.reason : undefined,
      c.code !== undefined && !message.includes(c.code) ? c.code : undefined,
      message,
    ]
      .filter((part) => part !== undefined && part !== '')
      .join(' ');
    super(`Google ${operation} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${what}`, {
      cause,
    });
    this.operation = operation;
    this.attempts = attempts;
    this.status = c.status;
    this.reason = c.reason;
    this.code = c.code;
    this.retryable = c.retryable;
  }
}

interface Page<T> {
  items: T[];
  nextPageToken: string | undefined;
}

export function createWorkspaceSource(options: WorkspaceSourceOptions): WorkspaceSource {
  const key = options.serviceAccountKey;
  if (typeof key?.client_email !== 'string' || key.client_email === '') {
    throw new Error('The service account key has no client_email');
  }
  if (typeof key.private_key !== 'string' || !key.private_key.includes('PRIVATE KEY')) {
    throw new Error('The service account key has no PEM private_key');
  }
  if (typeof options.adminEmail !== 'string' || !options.adminEmail.includes('@')) {
    throw new Error('adminEmail must be the email address of a Workspace admin');
  }
  const customerId = options.customerId ?? 'my_customer';
  const transport = createGoogleTransport({
    apiOrigin: options.apiOrigin,
    timeoutMs: options.timeoutMs,
    onRequest: options.onRequest,
  });
  const auth = new JWT({
    email: key.client_email,
    key: key.private_key,
    scopes: [...GOOGLE_SCOPES],
    subject: options.adminEmail,
    transporter: transport.transporter,
  });
  const directory = admin({
    version: 'directory_v1',
    auth,
    // googleapis keeps only the origin of rootUrl; the transporter would rewrite the host anyway.
    ...(transport.apiOrigin === undefined ? {} : { rootUrl: `${transport.apiOrigin}/` }),
    retry: false,
  });
  const licensingOrigin = transport.apiOrigin ?? LICENSING_ORIGIN;
  const reportsOrigin = transport.apiOrigin ?? REPORTS_ORIGIN;

  /** A get whose 404 means "not there (any more)", not a failure. */
  const orMissing = async <T>(get: Promise<T>): Promise<T | undefined> => {
    try {
      return await get;
    } catch (error) {
      if (error instanceof GoogleApiError && error.status === 404) return undefined;
      throw error;
    }
  };
  const one = <T>(data: unknown, required: readonly string[], operation: string): T =>
    records<T>({ items: [data] }, 'items', required, operation)[0] as T;

  /** One Google call under the retry policy; the final error becomes a GoogleApiError. */
  const call = <T>(operation: string, fn: () => Promise<T>): Promise<T> =>
    retriedCall(operation, fn, {
      retry: options.retry,
      logger: options.logger,
      message: 'Google request failed; retrying',
      wrap: (op, attempts, error) => new GoogleApiError(op, attempts, error),
    });

  /** Pages of a listing until `nextPageToken` is absent; empty pages are not yielded. */
  async function* paged<T>(
    operation: string,
    fetchPage: (pageToken: string | undefined) => Promise<Page<T>>,
  ): AsyncGenerator<T[], void, undefined> {
    let pageToken: string | undefined;
    const seen = new Set<string>();
    for (;;) {
      const token = pageToken;
      const page = await call(operation, () => fetchPage(token));
      if (page.items.length > 0) yield page.items;
      if (page.nextPageToken === undefined) return;
      if (seen.has(page.nextPageToken)) {
        throw new GoogleApiError(operation, 1, new Error(`page token ${page.nextPageToken} came back twice`));
      }
      seen.add(page.nextPageToken);
      pageToken = page.nextPageToken;
    }
  }

  let licensingCustomer: Promise<string> | undefined;
  /**
   * The Licensing API wants the customer's real id (C0…), not the `my_customer` alias the Directory
   * API accepts; every Directory user carries it, so one user of the listing tells it (users scope,
   * no extra grant). Falls back to the configured value when none comes back.
   */
  const licensingCustomerId = (): Promise<string> => {
    if (customerId !== 'my_customer') return Promise.resolve(customerId);
    licensingCustomer ??= call('users.list (customer id)', async () => {
      const res = await directory.users.list({
        customer: customerId,
        maxResults: 1,
        fields: 'users(customerId)',
      });
      const first = arrayField(res.data, 'users', 'users.list')[0];
      const id = isRecord(first) ? first.customerId : undefined;
      return typeof id === 'string' && id !== '' ? id : customerId;
    }).catch((error: unknown) => {
      licensingCustomer = undefined;
      throw error;
    });
    return licensingCustomer;
  };

  async function* licenseAssignments(
    productId: string,
  ): AsyncGenerator<GoogleLicenseAssignment[], void, undefined> {
    const customer = await licensingCustomerId();
    yield* paged(`licenseAssignments.listForProduct(${productId})`, async (pageToken) => {
      const res = await auth.request<unknown>({
        method: 'GET',
        url: `${licensingOrigin}/apps/licensing/v1/product/${encodeURIComponent(productId)}/users`,
        params: {
          customerId: customer,
          maxResults: PAGE_SIZES.licenseAssignments,
          fields: FIELD_MASKS.licenseAssignments,
          ...(pageToken === undefined ? {} : { pageToken }),
        },
        responseType: 'json',
      });
      return page<GoogleLicenseAssignment>(
        res.data,
        'items',
        ['productId', 'skuId', 'userId'],
        'licenseAssignments.listForProduct',
      );
    });
  }

  return {
    orgUnits: () =>
      call('orgunits.list', async () => {
        const res = await directory.orgunits.list({ customerId, type: 'all', fields: FIELD_MASKS.orgUnits });
        return records<GoogleOrgUnit>(
          res.data,
          'organizationUnits',
          ['orgUnitPath', 'orgUnitId', 'name'],
          'orgunits.list',
        );
      }),

    users: () =>
      paged('users.list', async (pageToken) => {
        const res = await directory.users.list({
          customer: customerId,
          maxResults: PAGE_SIZES.users,
          projection: 'full',
          fields: FIELD_MASKS.users,
          pageToken,
        });
        return page<GoogleUser>(res.data, 'users', ['id', 'primaryEmail'], 'users.list');
      }),

    groups: () =>
      paged('groups.list', async (pageToken) => {
        const res = await directory.groups.list({
          customer: customerId,
          maxResults: PAGE_SIZES.groups,
          fields: FIELD_MASKS.groups,
          pageToken,
        });
        return page<GoogleGroup>(res.data, 'groups', ['id', 'email'], 'groups.list');
      }),

    groupMembers: (groupKey: string) =>
      paged(`members.list(${groupKey})`, async (pageToken) => {
        const res = await directory.members.list({
          groupKey,
          maxResults: PAGE_SIZES.members,
          fields: FIELD_MASKS.members,
          pageToken,
        });
        return page<GoogleMember>(res.data, 'members', [], 'members.list');
      }),

    chromeOsDevices: (query?: string) =>
      paged('chromeosdevices.list', async (pageToken) => {
        const res = await directory.chromeosdevices.list({
          customerId,
          maxResults: PAGE_SIZES.chromeOsDevices,
          projection: 'FULL',
          fields: FIELD_MASKS.chromeOsDevices,
          pageToken,
          ...(query === undefined ? {} : { query }),
        });
        return page<GoogleChromeDevice>(res.data, 'chromeosdevices', ['deviceId'], 'chromeosdevices.list');
      }),

    mobileDevices: (query?: string) =>
      paged('mobiledevices.list', async (pageToken) => {
        const res = await directory.mobiledevices.list({
          customerId,
          maxResults: PAGE_SIZES.mobileDevices,
          projection: 'FULL',
          fields: FIELD_MASKS.mobileDevices,
          pageToken,
          ...(query === undefined ? {} : { query }),
        });
        return page<GoogleMobileDevice>(res.data, 'mobiledevices', ['resourceId'], 'mobiledevices.list');
      }),

    licenseAssignments: (productId: string) => licenseAssignments(productId),

    domains: () =>
      call('domains.list', async () => {
        const res = await directory.domains.list({ customer: customerId, fields: FIELD_MASKS.domains });
        return records<GoogleDomain>(res.data, 'domains', ['domainName'], 'domains.list');
      }),

    user: (userKey: string) =>
      orMissing(
        call('users.get', async () => {
          const res = await directory.users.get({ userKey, projection: 'full', fields: FIELD_MASKS.user });
          return one<GoogleUser>(res.data, ['id', 'primaryEmail'], 'users.get');
        }),
      ),

    group: (groupKey: string) =>
      orMissing(
        call('groups.get', async () => {
          const res = await directory.groups.get({ groupKey, fields: FIELD_MASKS.group });
          return one<GoogleGroup>(res.data, ['id', 'email'], 'groups.get');
        }),
      ),

    licenseAssignment: (productId: string, skuId: string, userId: string) =>
      orMissing(
        call('licenseAssignments.get', async () => {
          const res = await auth.request<unknown>({
            method: 'GET',
            url: `${licensingOrigin}/apps/licensing/v1/product/${encodeURIComponent(productId)}/sku/${encodeURIComponent(skuId)}/user/${encodeURIComponent(userId)}`,
            params: { fields: FIELD_MASKS.licenseAssignment },
            responseType: 'json',
          });
          return one<GoogleLicenseAssignment>(
            res.data,
            ['productId', 'skuId', 'userId'],
            'licenseAssignments.get',
          );
        }),
      ),

    activities: (application: ActivityApplication, startTime: Date) =>
      paged(`activities.list(${application})`, async (pageToken) => {
        const res = await auth.request<unknown>({
          method: 'GET',
          url: `${reportsOrigin}/admin/reports/v1/activity/users/all/applications/${application}`,
          params: {
            startTime: startTime.toISOString(),
            maxResults: PAGE_SIZES.activities,
            fields: FIELD_MASKS.activities,
            ...(customerId === 'my_customer' ? {} : { customerId }),
            ...(pageToken === undefined ? {} : { pageToken }),
          },
          responseType: 'json',
        });
        const items = page<GoogleActivity>(res.data, 'items', [], 'activities.list');
        for (const item of items.items) {
          if (!isRecord(item.id) || typeof item.id.uniqueQualifier !== 'string') {
            throw new Error('Google activities.list: an activity has no id.uniqueQualifier');
          }
        }
        return items;
      }),

    requestCount: () => transport.requestCount(),
  };
}

// The Directory client's types for these shapes are loose (`any` for nested lists, `null`s); the
// pages are checked here instead: a body that is not a JSON object (cut off mid-stream) is a
// transient failure and retried; a record without its identifying keys is a protocol error.

function page<T>(data: unknown, key: string, required: readonly string[], operation: string): Page<T> {
  const items = records<T>(data, key, required, operation);
  const token = isRecord(data) ? data.nextPageToken : undefined;
  return { items, nextPageToken: typeof token === 'string' && token !== '' ? token : undefined };
}

function records<T>(data: unknown, key: string, required: readonly string[], operation: string): T[] {
  const list = arrayField(data, key, operation);
  for (const item of list) {
    if (!isRecord(item)) throw new Error(`Google ${operation}: an item of "${key}" is not an object`);
    for (const name of required) {
      if (typeof item[name] !== 'string' || item[name] === '') {
        throw new Error(`Google ${operation}: an item of "${key}" has no ${name}`);
      }
    }
  }
  return list as T[];
}

function arrayField(data: unknown, key: string, operation: string): unknown[] {
  if (!isRecord(data)) {
    throw new TransientError(`Google ${operation} answered with a body that is not a JSON object`);
  }
  const list = data[key];
  if (list === undefined || list === null) return []; // Google omits empty lists
  if (!Array.isArray(list)) throw new Error(`Google ${operation}: "${key}" is not a list`);
  return list;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
