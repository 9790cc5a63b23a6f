// The Directory (`/admin/directory/v1/…`) and Licensing (`/apps/licensing/v1/…`) handlers: route,
// validate parameters like Google (maxResults ranges, customer, page tokens), page by keyset and
// render. Everything here is a pure function of the request and the directory's current state.
import { WORKSPACE_SKUS } from './google-types.ts';
import type { ActivityApplication } from './activities.ts';
import { holdsLicense, renderAnyLicense } from './admin-writes.ts';
import type { ApiContext, ApiResponse } from './context.ts';
import { badRequest, forbidden, invalid, notFound, required, type ApiError } from './errors.ts';
import type { KeysetPage } from './paging.ts';
import {
  GOOGLE_APPS_PRODUCT,
  etagOf,
  listBody,
  renderChromeDevice,
  renderDomain,
  renderGroup,
  renderLicense,
  renderMember,
  renderMobileDevice,
  renderOrgUnit,
  renderUser,
} from './render.ts';
import { EXTRA_SKUS } from './state.ts';
import type { ApiArea } from './token.ts';

export type { ApiContext, ApiResponse, Mutations } from './context.ts';

export interface ApiRoute {
  area: ApiArea;
  handle: (ctx: ApiContext, params: URLSearchParams) => ApiResponse;
}

const DIRECTORY = '/admin/directory/v1/';
const REPORTS = '/admin/reports/v1/activity/users/';
const ACTIVITY_APPLICATIONS: readonly string[] = ['admin', 'groups_enterprise', 'mobile'];
const LICENSING = '/apps/licensing/v1/';

/** Products the Licensing API knows; only Google-Apps has assignments in the simulator. */
const KNOWN_PRODUCTS = new Set([
  GOOGLE_APPS_PRODUCT,
  'Google-Vault',
  'Google-Drive-storage',
  'Google-Chrome-Device-Management',
  '101001',
  '101005',
  '101031',
  '101033',
  '101034',
  '101035',
  '101036',
  '101037',
  '101038',
  '101039',
]);

/** Finds the handler of a GET path, or undefined when the simulator does not serve it. */
export function route(pathname: string): ApiRoute | undefined {
  const segments = (prefix: string) =>
    pathname
      .slice(prefix.length)
      .split('/')
      .map((s) => decodeURIComponent(s));
  if (pathname.startsWith(DIRECTORY)) {
    const s = segments(DIRECTORY);
    const [a, b, c, d] = s;
    if (s.length === 1 && a === 'users') return { area: 'users', handle: listUsers };
    if (s.length === 2 && a === 'users' && b !== undefined) {
      return { area: 'users', handle: (ctx) => getUser(ctx, b) };
    }
    if (s.length === 1 && a === 'groups') return { area: 'groups', handle: listGroups };
    if (s.length === 2 && a === 'groups' && b !== undefined) {
      return { area: 'groups', handle: (ctx) => getGroup(ctx, b) };
    }
    if (s.length === 3 && a === 'groups' && b !== undefined && c === 'members') {
      return { area: 'members', handle: (ctx, params) => listMembers(ctx, params, b) };
    }
    if (s.length === 2 && a === 'customers' && b !== undefined) {
      return { area: 'customer', handle: (ctx) => getCustomer(ctx, b) };
    }
    if (a === 'customer' && b !== undefined) {
      if (s.length === 3 && c === 'orgunits') {
        return { area: 'orgunits', handle: (ctx, params) => listOrgUnits(ctx, params, b) };
      }
      if (s.length === 4 && c === 'devices' && d === 'chromeos') {
        return { area: 'chromeos', handle: (ctx, params) => listChromeDevices(ctx, params, b) };
      }
      if (s.length === 4 && c === 'devices' && d === 'mobile') {
        return { area: 'mobile', handle: (ctx, params) => listMobileDevices(ctx, params, b) };
      }
      if (s.length === 3 && c === 'domains') return { area: 'domains', handle: (ctx) => listDomains(ctx, b) };
    }
    return undefined;
  }
  if (pathname.startsWith(REPORTS)) {
    const [userKey, c, application, ...rest] = segments(REPORTS);
    if (userKey === undefined || c !== 'applications' || application === undefined || rest.length > 0) {
      return undefined;
    }
    return { area: 'reports', handle: (ctx, params) => listActivities(ctx, params, userKey, application) };
  }
  if (pathname.startsWith(LICENSING)) {
    const s = segments(LICENSING);
    const [a, product, c, sku, e] = s;
    if (a !== 'product' || product === undefined) return undefined;
    if (s.length === 3 && c === 'users') {
      return { area: 'licensing', handle: (ctx, params) => listLicenses(ctx, params, product, undefined) };
    }
    if (s.length === 5 && c === 'sku' && sku !== undefined && e === 'users') {
      return { area: 'licensing', handle: (ctx, params) => listLicenses(ctx, params, product, sku) };
    }
    const userId = s[5];
    if (s.length === 6 && c === 'sku' && sku !== undefined && e === 'user' && userId !== undefined) {
      return { area: 'licensing', handle: (ctx) => getLicense(ctx, product, sku, userId) };
    }
  }
  return undefined;
}

// -- parameters ---------------------------------------------------------------------------------

function maxResults(params: URLSearchParams, fallback: number, max: number): number {
  const raw = params.get('maxResults');
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw invalid(`Invalid value '${raw}'. Values must be within the range: [1, ${max}]`);
  }
  return value;
}

/** The key to resume after (-1: from the start). */
function resumeAfter(ctx: ApiContext, params: URLSearchParams, listing: string): number {
  const token = params.get('pageToken');
  if (token === null || token === '') return -1;
  const key = ctx.tokens.decode(listing, token);
  if (key === undefined) throw invalid('Invalid pageToken');
  return key;
}

function nextToken<T>(ctx: ApiContext, listing: string, page: KeysetPage<T>): string | undefined {
  return page.next === undefined ? undefined : ctx.tokens.encode(listing, page.next);
}

/** `my_customer` or the customer's id; anything else is someone else's customer. */
function checkCustomer(ctx: ApiContext, customer: string): void {
  if (customer !== 'my_customer' && customer !== ctx.directory.customerId) throw forbidden();
}

function checkDomain(ctx: ApiContext, domain: string): string {
  const lower = domain.toLowerCase();
  if (!ctx.directory.domains.some((d) => d.domainName === lower)) throw forbidden();
  return lower;
}

function unsupported(parameter: string): ApiError {
  return invalid(`The Workspace simulator does not support the '${parameter}' parameter`);
}

// -- users --------------------------------------------------------------------------------------

function listUsers(ctx: ApiContext, params: URLSearchParams): ApiResponse {
  const customer = params.get('customer');
  const domainParam = params.get('domain');
  if (customer === null && domainParam === null) throw badRequest();
  if (customer !== null) checkCustomer(ctx, customer);
  const domain = domainParam === null ? undefined : checkDomain(ctx, domainParam);
  if (params.has('query')) throw unsupported('query');
  if (params.get('showDeleted') === 'true') throw unsupported('showDeleted');
  const projection = params.get('projection');
  if (projection !== null && !['basic', 'full', 'custom'].includes(projection.toLowerCase())) {
    throw invalid(`Invalid value '${projection}' for projection`);
  }
  const limit = maxResults(params, 100, 500);
  const listing = `users:${domain ?? '*'}`;
  const after = resumeAfter(ctx, params, listing);
  const page = ctx.directory.userPage(
    after,
    limit,
    domain === undefined ? undefined : (user) => user.email.endsWith(`@${domain}`),
  );
  const users = page.items.map((user) => renderUser(ctx.directory, user));
  return {
    status: 200,
    body: listBody('admin#directory#users', 'users', users, nextToken(ctx, listing, page)),
  };
}

function getUser(ctx: ApiContext, key: string): ApiResponse {
  const user = ctx.directory.findUser(key);
  if (user === undefined) throw notFound('userKey');
  return { status: 200, body: renderUser(ctx.directory, user) };
}

// -- groups -------------------------------------------------------------------------------------

function listGroups(ctx: ApiContext, params: URLSearchParams): ApiResponse {
  const customer = params.get('customer');
  const domain = params.get('domain');
  if (params.has('query')) throw unsupported('query');
  const userKey = params.get('userKey');
  if (userKey !== null) return listGroupsOfUser(ctx, params, userKey);
  if (customer === null && domain === null) throw badRequest();
  if (customer !== null) checkCustomer(ctx, customer);
  if (domain !== null) checkDomain(ctx, domain);
  const limit = maxResults(params, 200, 200);
  const listing = `groups:${domain ?? '*'}`;
  const after = resumeAfter(ctx, params, listing);
  const suffix = domain === null ? undefined : `@${domain.toLowerCase()}`;
  const page = ctx.directory.groupPage(
    after,
    limit,
    suffix === undefined ? undefined : (group) => group.email.endsWith(suffix),
  );
  const groups = page.items.map((group) => renderGroup(ctx.directory, group));
  return {
    status: 200,
    body: listBody('admin#directory#groups', 'groups', groups, nextToken(ctx, listing, page)),
  };
}

/** groups.list?userKey=: the groups the user is a direct member of, paged like every listing. */
function listGroupsOfUser(ctx: ApiContext, params: URLSearchParams, userKey: string): ApiResponse {
  const user = ctx.directory.findUser(userKey);
  if (user === undefined) throw notFound('userKey');
  const limit = maxResults(params, 200, 200);
  const listing = `groups:member:${user.id}`;
  const after = resumeAfter(ctx, params, listing);
  const page = ctx.directory.groupPage(
    after,
    limit,
    (group) => ctx.directory.memberRole(group, user) !== undefined,
  );
  const groups = page.items.map((group) => renderGroup(ctx.directory, group));
  return {
    status: 200,
    body: listBody('admin#directory#groups', 'groups', groups, nextToken(ctx, listing, page)),
  };
}

function getGroup(ctx: ApiContext, key: string): ApiResponse {
  const group = ctx.directory.findGroup(key);
  if (group === undefined) throw notFound('groupKey');
  return { status: 200, body: renderGroup(ctx.directory, group) };
}

function listMembers(ctx: ApiContext, params: URLSearchParams, groupKey: string): ApiResponse {
  const group = ctx.directory.findGroup(groupKey);
  if (group === undefined) throw notFound('groupKey');
  const rolesParam = params.get('roles');
  let roles: Set<string> | undefined;
  if (rolesParam !== null && rolesParam !== '') {
    roles = new Set(rolesParam.split(',').map((r) => r.trim().toUpperCase()));
    for (const role of roles) {
      if (!['OWNER', 'MANAGER', 'MEMBER'].includes(role))
        throw invalid(`Invalid value '${rolesParam}' for roles`);
    }
  }
  if (params.get('includeDerivedMembership') === 'true') throw unsupported('includeDerivedMembership');
  const limit = maxResults(params, 200, 200);
  const listing = `members:${group.id}:${[...(roles ?? [])].sort().join(',')}`;
  const after = resumeAfter(ctx, params, listing);
  const page = ctx.directory.memberPage(group, after, limit, roles);
  const members = page.items.map(renderMember);
  return {
    status: 200,
    body: listBody('admin#directory#members', 'members', members, nextToken(ctx, listing, page)),
  };
}

// -- customer, org units, domains ---------------------------------------------------------------

function getCustomer(ctx: ApiContext, key: string): ApiResponse {
  checkCustomer(ctx, key);
  const { directory } = ctx;
  const primary = directory.domains.find((d) => d.isPrimary);
  const body = {
    kind: 'admin#directory#customer',
    id: directory.customerId,
    etag: '',
    customerDomain: primary?.domainName ?? directory.spec.domain,
    alternateEmail: `it-admin@${directory.spec.domain.replace(/\.[^.]+$/, '')}.mail.example`,
    customerCreationTime: new Date(primary?.creationTime ?? 0).toISOString(),
    language: 'en',
  };
  body.etag = etagOf(body);
  return { status: 200, body };
}

function listOrgUnits(ctx: ApiContext, params: URLSearchParams, customer: string): ApiResponse {
  checkCustomer(ctx, customer);
  const type = (params.get('type') ?? 'children').toLowerCase();
  if (!['all', 'children', 'allincludingparent'].includes(type)) {
    throw invalid(`Invalid value '${params.get('type') ?? ''}' for type`);
  }
  let base = params.get('orgUnitPath') ?? '/';
  if (!base.startsWith('/') && !base.startsWith('id:')) base = `/${base}`;
  const units = ctx.directory.orgUnits();
  if (base.startsWith('id:')) {
    const unit = units.find((u) => u.orgUnitId === base);
    if (unit === undefined) throw notFound('orgUnitPath');
    base = unit.orgUnitPath;
  } else if (base !== '/' && !units.some((u) => u.orgUnitPath === base)) {
    throw notFound('orgUnitPath');
  }
  const prefix = base === '/' ? '/' : `${base}/`;
  const selected = units.filter((unit) => {
    if (type === 'allincludingparent' && unit.orgUnitPath === base) return true;
    if (!unit.orgUnitPath.startsWith(prefix)) return false;
    return type !== 'children' || unit.parentOrgUnitPath === base;
  });
  const rendered = selected.map((unit) => renderOrgUnit(ctx.directory, unit));
  return { status: 200, body: listBody('admin#directory#orgUnits', 'organizationUnits', rendered) };
}

function listDomains(ctx: ApiContext, customer: string): ApiResponse {
  checkCustomer(ctx, customer);
  const domains = ctx.directory.domains.map(renderDomain);
  return { status: 200, body: listBody('admin#directory#domains', 'domains', domains) };
}

// -- devices ------------------------------------------------------------------------------------

function listChromeDevices(ctx: ApiContext, params: URLSearchParams, customer: string): ApiResponse {
  checkCustomer(ctx, customer);
  const since = deviceQuery(params);
  if (params.has('orgUnitPath')) throw unsupported('orgUnitPath');
  const projection = params.get('projection');
  if (projection !== null && !['BASIC', 'FULL'].includes(projection.toUpperCase())) {
    throw invalid(`Invalid value '${projection}' for projection`);
  }
  const limit = maxResults(params, 100, 300);
  const listing = `chromeos:${params.get('query') ?? ''}`;
  const after = resumeAfter(ctx, params, listing);
  const page = ctx.directory.chromePage(
    after,
    limit,
    since === undefined
      ? undefined
      : (d) => Date.parse(since.field === 'sync' ? d.lastSync : d.lastEnrollmentTime) >= since.from,
  );
  const devices = page.items.map((device) => renderChromeDevice(ctx.directory, device));
  return {
    status: 200,
    body: listBody(
      'admin#directory#chromeosdevices',
      'chromeosdevices',
      devices,
      nextToken(ctx, listing, page),
    ),
  };
}

function listMobileDevices(ctx: ApiContext, params: URLSearchParams, customer: string): ApiResponse {
  checkCustomer(ctx, customer);
  const byEmail = /^email:(\S+@\S+)$/.exec(params.get('query')?.trim() ?? '')?.[1]?.toLowerCase();
  if (byEmail !== undefined) return listMobileDevicesOf(ctx, params, byEmail);
  const since = deviceQuery(params);
  const projection = params.get('projection');
  if (projection !== null && !['BASIC', 'FULL'].includes(projection.toUpperCase())) {
    throw invalid(`Invalid value '${projection}' for projection`);
  }
  const limit = maxResults(params, 100, 100);
  const listing = `mobile:${params.get('query') ?? ''}`;
  const after = resumeAfter(ctx, params, listing);
  const page = ctx.directory.mobilePage(
    after,
    limit,
    since === undefined
      ? undefined
      : (d) => Date.parse(since.field === 'sync' ? d.lastSync : d.firstSync) >= since.from,
  );
  const devices = page.items.map((device) => renderMobileDevice(ctx.directory, device));
  return {
    status: 200,
    body: listBody('admin#directory#mobiledevices', 'mobiledevices', devices, nextToken(ctx, listing, page)),
  };
}

/** mobiledevices.list?query=email:…: the devices of one account (offboarding wipes them). */
function listMobileDevicesOf(ctx: ApiContext, params: URLSearchParams, email: string): ApiResponse {
  const limit = maxResults(params, 100, 100);
  const listing = `mobile:email:${email}`;
  const after = resumeAfter(ctx, params, listing);
  const page = ctx.directory.mobilePage(after, limit, (d) => {
    const owner = d.userIndex === null ? d.ownerEmail : ctx.directory.emailOf(d.userIndex);
    return owner?.toLowerCase() === email;
  });
  const devices = page.items.map((device) => renderMobileDevice(ctx.directory, device));
  return {
    status: 200,
    body: listBody('admin#directory#mobiledevices', 'mobiledevices', devices, nextToken(ctx, listing, page)),
  };
}

/**
 * The device search operators the sync uses: `sync:FROM..` (last policy sync) and `register:FROM..`
 * (enrollment / first sync), FROM a date or an RFC 3339 date-time, open-ended. Anything else is
 * refused rather than silently ignored (a listing that ignored its query would look complete).
 */
function deviceQuery(params: URLSearchParams): { field: 'sync' | 'register'; from: number } | undefined {
  const query = params.get('query');
  if (query === null || query === '') return undefined;
  const m = /^(sync|register):(\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?)\.\.$/.exec(query.trim());
  const from = m?.[2] === undefined ? Number.NaN : Date.parse(m[2]);
  if (m === null || Number.isNaN(from)) throw unsupported(`query=${query}`);
  return { field: m[1] === 'sync' ? 'sync' : 'register', from };
}

// -- reports ------------------------------------------------------------------------------------

function listActivities(
  ctx: ApiContext,
  params: URLSearchParams,
  userKey: string,
  application: string,
): ApiResponse {
  if (!ACTIVITY_APPLICATIONS.includes(application)) {
    throw invalid(`The Workspace simulator does not serve the '${application}' activity report`);
  }
  if (userKey !== 'all') throw unsupported(`userKey=${userKey}`);
  if (params.has('filters')) throw unsupported('filters');
  const customerId = params.get('customerId');
  if (customerId !== null && customerId !== ctx.directory.customerId) throw forbidden();
  return {
    status: 200,
    body: ctx.activities.list(
      ctx.directory.customerId,
      application as ActivityApplication,
      params,
      ctx.tokens,
    ),
  };
}

// -- licensing ----------------------------------------------------------------------------------

function listLicenses(
  ctx: ApiContext,
  params: URLSearchParams,
  productId: string,
  skuId: string | undefined,
): ApiResponse {
  const customerId = params.get('customerId');
  if (customerId === null || customerId === '') throw required('customerId');
  const { directory } = ctx;
  if (customerId === 'my_customer') {
    // The Licensing API wants the customer's id (Directory customers/my_customer → id); older
    // versions also accepted the primary domain.
    throw invalid(`Invalid customerId '${customerId}': the Licensing API needs the customer id`);
  }
  if (customerId !== directory.customerId && customerId.toLowerCase() !== directory.spec.domain)
    throw forbidden();
  if (!KNOWN_PRODUCTS.has(productId)) throw invalid(`Invalid productId: ${productId}`);
  if (skuId !== undefined && (productId !== GOOGLE_APPS_PRODUCT || !Object.hasOwn(WORKSPACE_SKUS, skuId))) {
    throw invalid(`Invalid skuId: ${skuId}`);
  }
  const limit = maxResults(params, 100, 1000);
  const listing = `licenses:${productId}:${skuId ?? '*'}`;
  const after = resumeAfter(ctx, params, listing);
  if (productId !== GOOGLE_APPS_PRODUCT) {
    return { status: 200, body: listBody('licensing#licenseAssignmentList', 'items', []) };
  }
  const page = directory.licensePage(after, limit, skuId);
  const items = page.items.map(({ user, skuId: sku }) => renderLicense(user, sku));
  return {
    status: 200,
    body: listBody('licensing#licenseAssignmentList', 'items', items, nextToken(ctx, listing, page)),
  };
}

function getLicense(ctx: ApiContext, productId: string, skuId: string, userId: string): ApiResponse {
  const extra = EXTRA_SKUS[productId];
  if (extra !== undefined) {
    if (!Object.hasOwn(extra, skuId)) throw invalid(`Invalid skuId: ${skuId}`);
    const holder = ctx.directory.findUser(userId);
    if (holder === undefined || !holdsLicense(ctx, holder, productId, skuId))
      throw notFound('licenseAssignment');
    return { status: 200, body: renderAnyLicense(holder, productId, skuId) };
  }
  if (!KNOWN_PRODUCTS.has(productId)) throw invalid(`Invalid productId: ${productId}`);
  if (productId === GOOGLE_APPS_PRODUCT && !Object.hasOwn(WORKSPACE_SKUS, skuId)) {
    throw invalid(`Invalid skuId: ${skuId}`);
  }
  const user = ctx.directory.findUser(userId);
  if (user === undefined || productId !== GOOGLE_APPS_PRODUCT || user.skuId !== skuId) {
    throw notFound('licenseAssignment');
  }
  return { status: 200, body: renderLicense(user, skuId) };
}
