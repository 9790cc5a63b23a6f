// The writes the lifecycle makes, at Google's paths and with Google's validation and error bodies,
// plus the reads that go with them:
//   Directory  users.insert / update / patch / signOut, tokens.list / delete,
//              members.get / insert / delete, mobiledevices.action;
//   Licensing  licenseAssignments.insert / delete / patch;
//   Data Transfer  applications.list / get, transfers.insert / list / get.
// Every change goes through the simulator's mutations (the same ones tests script), so it records
// the admin-activity event Google logs for it and the next sync, full or incremental, sees it.
import type { ApiContext, ApiResponse } from './context.ts';
import type { MemberRole, UserUpdate } from './directory.ts';
import { ApiError, forbidden, invalid, notFound } from './errors.ts';
import type { UserRecord } from './generator.ts';
import { WORKSPACE_SKUS } from './google-types.ts';
import { etagOf, GOOGLE_APPS_PRODUCT, listBody, renderLicense, renderMember, renderUser } from './render.ts';
import { EXTRA_SKUS, TRANSFER_APPLICATIONS, type TransferRecord } from './state.ts';
import type { ApiArea } from './token.ts';

export interface LifecycleRoute {
  area: ApiArea;
  handle: (ctx: ApiContext, params: URLSearchParams, body: Record<string, unknown>) => ApiResponse;
}

const DIRECTORY = '/admin/directory/v1/';
const LICENSING = '/apps/licensing/v1/';
const DATA_TRANSFER = '/admin/datatransfer/v1/';

const NO_CONTENT: ApiResponse = { status: 204, body: undefined };

/** The handler of a lifecycle path, or undefined (api.ts serves the other reads). */
export function routeLifecycle(method: string, pathname: string): LifecycleRoute | undefined {
  const segments = (prefix: string) =>
    pathname
      .slice(prefix.length)
      .split('/')
      .map((s) => decodeURIComponent(s));
  if (pathname.startsWith(DIRECTORY)) {
    const s = segments(DIRECTORY);
    const [a, b, c, d, e, f] = s;
    if (a === 'users') {
      if (s.length === 1 && method === 'POST') return { area: 'usersWrite', handle: insertUser };
      if (s.length === 2 && b !== undefined && (method === 'PUT' || method === 'PATCH')) {
        return { area: 'usersWrite', handle: (ctx, _p, body) => updateUser(ctx, b, body) };
      }
      if (s.length === 3 && b !== undefined && c === 'signOut' && method === 'POST') {
        return { area: 'userSecurity', handle: (ctx) => signOut(ctx, b) };
      }
      if (s.length === 3 && b !== undefined && c === 'tokens' && method === 'GET') {
        return { area: 'userSecurity', handle: (ctx) => listTokens(ctx, b) };
      }
      if (s.length === 4 && b !== undefined && c === 'tokens' && d !== undefined && method === 'DELETE') {
        return { area: 'userSecurity', handle: (ctx) => deleteToken(ctx, b, d) };
      }
    }
    if (a === 'groups' && b !== undefined && c === 'members') {
      if (s.length === 3 && method === 'POST') {
        return { area: 'membersWrite', handle: (ctx, _p, body) => insertMember(ctx, b, body) };
      }
      if (s.length === 4 && d !== undefined && method === 'GET') {
        return { area: 'members', handle: (ctx) => getMember(ctx, b, d) };
      }
      if (s.length === 4 && d !== undefined && method === 'DELETE') {
        return { area: 'membersWrite', handle: (ctx) => deleteMember(ctx, b, d) };
      }
    }
    if (
      a === 'customer' &&
      b !== undefined &&
      c === 'devices' &&
      d === 'mobile' &&
      e !== undefined &&
      f === 'action' &&
      s.length === 6 &&
      method === 'POST'
    ) {
      return { area: 'mobileAction', handle: (ctx, _p, body) => mobileAction(ctx, b, e, body) };
    }
    return undefined;
  }
  if (pathname.startsWith(LICENSING)) {
    const s = segments(LICENSING);
    const [a, product, c, sku, e, user] = s;
    if (a !== 'product' || product === undefined || c !== 'sku' || sku === undefined || e !== 'user') {
      return undefined;
    }
    if (s.length === 5 && method === 'POST') {
      return { area: 'licensing', handle: (ctx, _p, body) => insertLicense(ctx, product, sku, body) };
    }
    if (s.length === 6 && user !== undefined && method === 'DELETE') {
      return { area: 'licensing', handle: (ctx) => deleteLicense(ctx, product, sku, user) };
    }
    if (s.length === 6 && user !== undefined && (method === 'PATCH' || method === 'PUT')) {
      return { area: 'licensing', handle: (ctx, _p, body) => patchLicense(ctx, product, sku, user, body) };
    }
    return undefined;
  }
  if (pathname.startsWith(DATA_TRANSFER)) {
    const s = segments(DATA_TRANSFER);
    const [a, b] = s;
    if (a === 'applications' && method === 'GET') {
      if (s.length === 1) return { area: 'datatransfer', handle: listApplications };
      if (s.length === 2 && b !== undefined) return { area: 'datatransfer', handle: () => getApplication(b) };
    }
    if (a === 'transfers') {
      if (s.length === 1 && method === 'POST') return { area: 'datatransferWrite', handle: insertTransfer };
      if (s.length === 1 && method === 'GET') return { area: 'datatransfer', handle: listTransfers };
      if (s.length === 2 && b !== undefined && method === 'GET') {
        return { area: 'datatransfer', handle: (ctx) => getTransfer(ctx, b) };
      }
    }
  }
  return undefined;
}

// -- input --------------------------------------------------------------------------------------

const EMAIL = /^[a-z0-9._%+'-]+@[a-z0-9.-]+\.[a-z]{2,}$/i;

function str(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`Invalid value for: ${key} is not a string`);
  return value;
}

function bool(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(`Invalid value for: ${key} is not a boolean`);
  return value;
}

function objects(body: Record<string, unknown>, key: string): Record<string, unknown>[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null)) {
    throw invalid(`Invalid value for: ${key} is not a list of objects`);
  }
  return value as Record<string, unknown>[];
}

function requireUser(ctx: ApiContext, key: string, what = 'userKey'): UserRecord {
  const user = ctx.directory.findUser(key);
  if (user === undefined) throw notFound(what);
  return user;
}

/** A new primary address: well-formed, in one of the customer's domains, not taken. */
function checkNewAddress(ctx: ApiContext, value: string): string {
  const email = value.toLowerCase();
  if (!EMAIL.test(email)) throw invalid('Invalid Input: primary_user_email');
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (!ctx.directory.domains.some((d) => d.domainName === domain)) {
    throw new ApiError(400, 'notFound', 'Domain not found.');
  }
  if (ctx.directory.findUser(email) !== undefined || ctx.directory.findGroup(email) !== undefined) {
    throw new ApiError(409, 'duplicate', 'Entity already exists.');
  }
  return email;
}

function checkPassword(password: string): void {
  // Google: 8 to 100 characters (ASCII).
  if (password.length < 8 || password.length > 100 || !/^[\x20-\x7e]+$/.test(password)) {
    throw invalid('Invalid Password');
  }
}

function checkOrgUnit(ctx: ApiContext, path: string): void {
  if (!ctx.directory.hasOrgUnit(path)) throw invalid('Invalid Input: INVALID_OU_ID');
}

/** organizations / relations / phones of a users.insert or update body, as a directory update. */
function profileUpdate(ctx: ApiContext, body: Record<string, unknown>): UserUpdate {
  const update: UserUpdate = {};
  const organizations = objects(body, 'organizations');
  if (organizations !== undefined) {
    const org = organizations.find((o) => o.primary === true) ?? organizations[0];
    update.title = typeof org?.title === 'string' ? org.title : '';
    update.department = typeof org?.department === 'string' ? org.department : '';
    update.employeeType = typeof org?.description === 'string' ? org.description : '';
  }
  const relations = objects(body, 'relations');
  if (relations !== undefined) {
    const manager = relations.find((r) => r.type === 'manager');
    if (manager === undefined) update.managerEmail = null;
    else {
      const value = typeof manager.value === 'string' ? manager.value : '';
      if (ctx.directory.findUser(value) === undefined)
        throw invalid(`Invalid Input: relations.value ${value}`);
      update.managerEmail = value;
    }
  }
  const phones = objects(body, 'phones');
  if (phones !== undefined) {
    const phone = (type: string) => {
      const found = phones.find((p) => p.type === type);
      return typeof found?.value === 'string' ? found.value : null;
    };
    update.workPhone = phone('work');
    update.mobilePhone = phone('mobile');
  }
  return update;
}

// -- users --------------------------------------------------------------------------------------

function insertUser(ctx: ApiContext, _params: URLSearchParams, body: Record<string, unknown>): ApiResponse {
  const primaryEmail = str(body, 'primaryEmail');
  if (primaryEmail === undefined || primaryEmail === '') {
    throw new ApiError(400, 'required', 'Invalid Input: primary_user_email');
  }
  const name = (typeof body.name === 'object' && body.name !== null ? body.name : {}) as Record<
    string,
    unknown
  >;
  const givenName = typeof name.givenName === 'string' ? name.givenName.trim() : '';
  const familyName = typeof name.familyName === 'string' ? name.familyName.trim() : '';
  if (givenName === '') throw invalid('Invalid Given/Family Name: GivenName');
  if (familyName === '') throw invalid('Invalid Given/Family Name: FamilyName');
  const password = str(body, 'password');
  if (password === undefined) throw new ApiError(400, 'required', 'Missing required field: password');
  checkPassword(password);
  const orgUnitPath = str(body, 'orgUnitPath') ?? '/';
  checkOrgUnit(ctx, orgUnitPath);
  const suspended = bool(body, 'suspended');
  const changeAtNextLogin = bool(body, 'changePasswordAtNextLogin') ?? false;
  const profile = profileUpdate(ctx, body);
  const email = checkNewAddress(ctx, primaryEmail);
  const user = ctx.mutations.addUser({
    primaryEmail: email,
    givenName,
    familyName,
    orgUnitPath,
    ...(profile.title === undefined ? {} : { title: profile.title }),
    ...(profile.department === undefined ? {} : { department: profile.department }),
    ...(profile.managerEmail === undefined ? {} : { managerEmail: profile.managerEmail }),
    ...(profile.workPhone === undefined ? {} : { workPhone: profile.workPhone }),
    ...(suspended === undefined ? {} : { suspended }),
    // users.insert assigns no license (unless automatic licensing is on, which it is not here).
    skuId: null,
  });
  // Fields of the same create, not separate changes: no events of their own.
  const created = ctx.directory.updateUser(user.id, {
    changePasswordAtNextLogin: changeAtNextLogin,
    ...(profile.employeeType === undefined ? {} : { employeeType: profile.employeeType }),
    ...(profile.mobilePhone === undefined ? {} : { mobilePhone: profile.mobilePhone }),
  });
  ctx.state.setPassword(created.id, password);
  return { status: 200, body: renderUser(ctx.directory, created) };
}

function updateUser(ctx: ApiContext, key: string, body: Record<string, unknown>): ApiResponse {
  const user = requireUser(ctx, key);
  const update = profileUpdate(ctx, body);
  const primaryEmail = str(body, 'primaryEmail');
  if (primaryEmail !== undefined && primaryEmail.toLowerCase() !== user.email) {
    update.primaryEmail = checkNewAddress(ctx, primaryEmail);
  }
  if (typeof body.name === 'object' && body.name !== null) {
    const name = body.name as Record<string, unknown>;
    if (typeof name.givenName === 'string') {
      if (name.givenName.trim() === '') throw invalid('Invalid Given/Family Name: GivenName');
      update.givenName = name.givenName.trim();
    }
    if (typeof name.familyName === 'string') {
      if (name.familyName.trim() === '') throw invalid('Invalid Given/Family Name: FamilyName');
      update.familyName = name.familyName.trim();
    }
  }
  const orgUnitPath = str(body, 'orgUnitPath');
  if (orgUnitPath !== undefined) {
    checkOrgUnit(ctx, orgUnitPath);
    update.orgUnitPath = orgUnitPath;
  }
  const suspended = bool(body, 'suspended');
  if (suspended !== undefined) update.suspended = suspended;
  const archived = bool(body, 'archived');
  if (archived !== undefined) update.archived = archived;
  const password = str(body, 'password');
  if (password !== undefined) checkPassword(password);
  const changeAtNextLogin = bool(body, 'changePasswordAtNextLogin');
  if (changeAtNextLogin !== undefined) update.changePasswordAtNextLogin = changeAtNextLogin;

  const after = ctx.mutations.updateUser(user.id, update);
  if (password !== undefined) {
    ctx.state.setPassword(user.id, password);
    ctx.mutations.event('USER_SETTINGS', 'CHANGE_PASSWORD', { USER_EMAIL: after.email });
  }
  if (changeAtNextLogin !== undefined && changeAtNextLogin !== (user.changePasswordAtNextLogin ?? false)) {
    ctx.mutations.event('USER_SETTINGS', 'CHANGE_PASSWORD_ON_NEXT_LOGIN', {
      USER_EMAIL: after.email,
      NEW_VALUE: String(changeAtNextLogin),
    });
  }
  return { status: 200, body: renderUser(ctx.directory, after) };
}

function signOut(ctx: ApiContext, key: string): ApiResponse {
  const user = requireUser(ctx, key);
  ctx.state.signOuts.set(user.id, (ctx.state.signOuts.get(user.id) ?? 0) + 1);
  // The Admin console logs "Cookies reset for {USER_EMAIL} and forced re-login".
  ctx.mutations.event('USER_SETTINGS', 'RESET_SIGNIN_COOKIES', { USER_EMAIL: user.email });
  return NO_CONTENT;
}

function listTokens(ctx: ApiContext, key: string): ApiResponse {
  const user = requireUser(ctx, key);
  const items = (ctx.state.oauthTokens.get(user.id) ?? []).map((t) => {
    const token = { kind: 'admin#directory#token', etag: '', ...t, userKey: user.id };
    token.etag = etagOf(token);
    return token;
  });
  return { status: 200, body: listBody('admin#directory#tokenList', 'items', items) };
}

function deleteToken(ctx: ApiContext, key: string, clientId: string): ApiResponse {
  const user = requireUser(ctx, key);
  const tokens = ctx.state.oauthTokens.get(user.id) ?? [];
  const index = tokens.findIndex((t) => t.clientId === clientId);
  if (index === -1) throw notFound('clientId');
  tokens.splice(index, 1);
  ctx.mutations.event('USER_SETTINGS', 'REVOKE_3LO_TOKEN', { USER_EMAIL: user.email, APP_ID: clientId });
  return NO_CONTENT;
}

// -- members ------------------------------------------------------------------------------------

const ROLES: readonly MemberRole[] = ['OWNER', 'MANAGER', 'MEMBER'];

function getMember(ctx: ApiContext, groupKey: string, memberKey: string): ApiResponse {
  const group = ctx.directory.findGroup(groupKey);
  if (group === undefined) throw notFound('groupKey');
  const user = ctx.directory.findUser(memberKey);
  const role = user === undefined ? undefined : ctx.directory.memberRole(group, user);
  if (user === undefined || role === undefined) throw notFound('memberKey');
  return { status: 200, body: renderMember({ key: user.index, type: 'USER', role, user }) };
}

function insertMember(ctx: ApiContext, groupKey: string, body: Record<string, unknown>): ApiResponse {
  const group = ctx.directory.findGroup(groupKey);
  if (group === undefined) throw notFound('groupKey');
  const key = str(body, 'email') ?? str(body, 'id');
  if (key === undefined || key === '')
    throw new ApiError(400, 'required', 'Missing required field: memberKey');
  const roleText = (str(body, 'role') ?? 'MEMBER').toUpperCase();
  const role = ROLES.find((r) => r === roleText);
  if (role === undefined) throw invalid(`Invalid value for: role ${roleText}`);
  const user = ctx.directory.findUser(key);
  if (user === undefined) throw notFound('memberKey');
  if (ctx.directory.memberRole(group, user) !== undefined) {
    throw new ApiError(409, 'duplicate', 'Member already exists.');
  }
  ctx.mutations.addMember(group.email, user.email, role);
  return { status: 200, body: renderMember({ key: user.index, type: 'USER', role, user }) };
}

function deleteMember(ctx: ApiContext, groupKey: string, memberKey: string): ApiResponse {
  const group = ctx.directory.findGroup(groupKey);
  if (group === undefined) throw notFound('groupKey');
  const user = ctx.directory.findUser(memberKey);
  if (user === undefined || ctx.directory.memberRole(group, user) === undefined) throw notFound('memberKey');
  ctx.mutations.removeMember(group.email, user.email);
  return NO_CONTENT;
}

// -- mobile devices -----------------------------------------------------------------------------

/** mobiledevices.action and the status the device reports afterwards. */
const MOBILE_ACTIONS: Record<string, string> = {
  admin_remote_wipe: 'WIPING',
  admin_account_wipe: 'ACCOUNT_WIPING',
  approve: 'APPROVED',
  block: 'BLOCKED',
  cancel_remote_wipe_then_activate: 'APPROVED',
  cancel_remote_wipe_then_block: 'BLOCKED',
};

function mobileAction(
  ctx: ApiContext,
  customer: string,
  resourceId: string,
  body: Record<string, unknown>,
): ApiResponse {
  if (customer !== 'my_customer' && customer !== ctx.directory.customerId) throw forbidden();
  const action = str(body, 'action');
  if (action === undefined) throw new ApiError(400, 'required', 'Missing required field: action');
  const status = MOBILE_ACTIONS[action];
  if (status === undefined) throw invalid(`Invalid value for: action ${action}`);
  if (ctx.directory.findMobileDevice(resourceId) === undefined) throw notFound('resourceId');
  ctx.directory.setMobileStatus(resourceId, status);
  return NO_CONTENT;
}

// -- licensing ----------------------------------------------------------------------------------

function checkSku(productId: string, skuId: string): void {
  if (productId === GOOGLE_APPS_PRODUCT) {
    if (!Object.hasOwn(WORKSPACE_SKUS, skuId)) throw invalid(`Invalid skuId: ${skuId}`);
    return;
  }
  const skus = EXTRA_SKUS[productId];
  if (skus === undefined) throw invalid(`Invalid productId: ${productId}`);
  if (!Object.hasOwn(skus, skuId)) throw invalid(`Invalid skuId: ${skuId}`);
}

/** Whether the user holds the SKU (Google-Apps: on the record; other products: in the state). */
export function holdsLicense(ctx: ApiContext, user: UserRecord, productId: string, skuId: string): boolean {
  if (productId === GOOGLE_APPS_PRODUCT) return user.skuId === skuId;
  return ctx.state.extraLicenses.get(user.id)?.has(`${productId}/${skuId}`) ?? false;
}

export function renderAnyLicense(user: UserRecord, productId: string, skuId: string): object {
  if (productId === GOOGLE_APPS_PRODUCT) return renderLicense(user, skuId);
  const resource: Record<string, unknown> = {
    kind: 'licensing#licenseAssignment',
    etags: '',
    selfLink: `https://licensing.googleapis.com/apps/licensing/v1/product/${productId}/sku/${skuId}/user/${encodeURIComponent(user.email)}`,
    userId: user.email,
    productId,
    skuId,
    skuName: EXTRA_SKUS[productId]?.[skuId] ?? skuId,
    productName: productId === 'Google-Vault' ? 'Google Vault' : 'Google Workspace Archived User',
  };
  resource.etags = etagOf(resource);
  return resource;
}

function licenseEvent(
  ctx: ApiContext,
  name: 'USER_LICENSE_ASSIGNMENT' | 'USER_LICENSE_REVOKE',
  user: UserRecord,
  productId: string,
  skuId: string,
) {
  const sku = EXTRA_SKUS[productId]?.[skuId] ?? skuId;
  ctx.mutations.event('LICENSES_SETTINGS', name, {
    PRODUCT_NAME: productId === 'Google-Vault' ? 'Google Vault' : 'Google Workspace Archived User',
    USER_EMAIL: user.email,
    ...(name === 'USER_LICENSE_ASSIGNMENT' ? { NEW_VALUE: sku } : { OLD_VALUE: sku }),
  });
}

function insertLicense(
  ctx: ApiContext,
  productId: string,
  skuId: string,
  body: Record<string, unknown>,
): ApiResponse {
  checkSku(productId, skuId);
  const userId = str(body, 'userId');
  if (userId === undefined || userId === '')
    throw new ApiError(400, 'required', 'Missing required field: userId');
  const user = requireUser(ctx, userId, 'userId');
  if (holdsLicense(ctx, user, productId, skuId)) {
    throw new ApiError(409, 'duplicate', 'User already has a license for the specified product and SKU');
  }
  if (productId === GOOGLE_APPS_PRODUCT) {
    if (user.skuId !== null) {
      throw new ApiError(
        412,
        'conditionNotMet',
        'User already has a license for another SKU of this product',
      );
    }
    ctx.mutations.updateUser(user.id, { skuId });
  } else {
    const held = ctx.state.extraLicenses.get(user.id) ?? new Set<string>();
    held.add(`${productId}/${skuId}`);
    ctx.state.extraLicenses.set(user.id, held);
    licenseEvent(ctx, 'USER_LICENSE_ASSIGNMENT', user, productId, skuId);
  }
  const after = ctx.directory.findUser(user.id) ?? user;
  return { status: 200, body: renderAnyLicense(after, productId, skuId) };
}

function notAssigned(): ApiError {
  return new ApiError(404, 'notFound', 'User does not have a license for specified sku and product');
}

function deleteLicense(ctx: ApiContext, productId: string, skuId: string, userId: string): ApiResponse {
  checkSku(productId, skuId);
  const user = requireUser(ctx, userId, 'userId');
  if (!holdsLicense(ctx, user, productId, skuId)) throw notAssigned();
  if (productId === GOOGLE_APPS_PRODUCT) ctx.mutations.updateUser(user.id, { skuId: null });
  else {
    ctx.state.extraLicenses.get(user.id)?.delete(`${productId}/${skuId}`);
    licenseEvent(ctx, 'USER_LICENSE_REVOKE', user, productId, skuId);
  }
  return NO_CONTENT;
}

function patchLicense(
  ctx: ApiContext,
  productId: string,
  skuId: string,
  userId: string,
  body: Record<string, unknown>,
): ApiResponse {
  checkSku(productId, skuId);
  const to = str(body, 'skuId');
  if (to === undefined || to === '') throw new ApiError(400, 'required', 'Missing required field: skuId');
  checkSku(productId, to);
  const user = requireUser(ctx, userId, 'userId');
  if (!holdsLicense(ctx, user, productId, skuId)) throw notAssigned();
  if (productId === GOOGLE_APPS_PRODUCT) ctx.mutations.updateUser(user.id, { skuId: to });
  else {
    const held = ctx.state.extraLicenses.get(user.id);
    held?.delete(`${productId}/${skuId}`);
    held?.add(`${productId}/${to}`);
    licenseEvent(ctx, 'USER_LICENSE_REVOKE', user, productId, skuId);
    licenseEvent(ctx, 'USER_LICENSE_ASSIGNMENT', user, productId, to);
  }
  const after = ctx.directory.findUser(user.id) ?? user;
  return { status: 200, body: renderAnyLicense(after, productId, to) };
}

// -- data transfer ------------------------------------------------------------------------------

function renderApplication(app: (typeof TRANSFER_APPLICATIONS)[number]): Record<string, unknown> {
  const resource: Record<string, unknown> = {
    kind: 'admin#datatransfer#ApplicationResource',
    etag: '',
    id: app.id,
    name: app.name,
    transferParams: app.transferParams.map((p) => ({ key: p.key, value: [...p.value] })),
  };
  resource.etag = etagOf(resource);
  return resource;
}

function checkTransferCustomer(ctx: ApiContext, params: URLSearchParams): void {
  const customerId = params.get('customerId');
  if (customerId !== null && customerId !== '' && customerId !== ctx.directory.customerId) throw forbidden();
}

function listApplications(ctx: ApiContext, params: URLSearchParams): ApiResponse {
  checkTransferCustomer(ctx, params);
  const applications = TRANSFER_APPLICATIONS.map(renderApplication) as { etag: string }[];
  return { status: 200, body: listBody('admin#datatransfer#applicationsList', 'applications', applications) };
}

function getApplication(id: string): ApiResponse {
  const app = TRANSFER_APPLICATIONS.find((a) => a.id === id);
  if (app === undefined) throw notFound('applicationId');
  return { status: 200, body: renderApplication(app) };
}

function renderTransfer(transfer: TransferRecord, now: number, fresh = false): Record<string, unknown> {
  const done = !fresh && now >= transfer.completesAt;
  const resource: Record<string, unknown> = {
    kind: 'admin#datatransfer#DataTransfer',
    etag: '',
    id: transfer.id,
    oldOwnerUserId: transfer.oldOwnerUserId,
    newOwnerUserId: transfer.newOwnerUserId,
    applicationDataTransfers: transfer.applicationDataTransfers.map((a) => ({
      ...a,
      applicationTransferStatus: done ? 'completed' : 'pending',
    })),
    overallTransferStatusCode: done ? 'completed' : 'inProgress',
    requestTime: new Date(transfer.requestTime).toISOString(),
  };
  resource.etag = etagOf(resource);
  return resource;
}

function insertTransfer(
  ctx: ApiContext,
  _params: URLSearchParams,
  body: Record<string, unknown>,
): ApiResponse {
  const owner = (key: 'oldOwnerUserId' | 'newOwnerUserId'): UserRecord => {
    const id = str(body, key);
    if (id === undefined || id === '') throw new ApiError(400, 'required', `Missing required field: ${key}`);
    // The Data Transfer API takes user ids, not addresses.
    const user = /^\d+$/.test(id) ? ctx.directory.findUser(id) : undefined;
    if (user === undefined) throw invalid(`Invalid value for: ${key}`);
    return user;
  };
  const from = owner('oldOwnerUserId');
  const to = owner('newOwnerUserId');
  if (from.id === to.id) throw invalid('The old and the new owner must differ');
  const transfers = objects(body, 'applicationDataTransfers');
  if (transfers === undefined || transfers.length === 0) {
    throw new ApiError(400, 'required', 'Missing required field: applicationDataTransfers');
  }
  const apps = transfers.map((t) => {
    const app = TRANSFER_APPLICATIONS.find((a) => a.id === String(t.applicationId));
    if (app === undefined) throw invalid(`Invalid value for: applicationId ${String(t.applicationId)}`);
    const params = (
      Array.isArray(t.applicationTransferParams) ? t.applicationTransferParams : []
    ) as unknown[];
    const checked = params.map((p) => {
      const param = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
      const allowed = app.transferParams.find((tp) => tp.key === param.key);
      const values = Array.isArray(param.value) ? param.value.map(String) : [];
      if (
        allowed === undefined ||
        values.length === 0 ||
        values.some((v) => !(allowed.value as readonly string[]).includes(v))
      ) {
        throw invalid(`Invalid transfer parameter for ${app.name}: ${String(param.key)}`);
      }
      return { key: allowed.key, value: values };
    });
    return { applicationId: app.id, applicationTransferParams: checked };
  });
  const now = Date.now();
  const record: TransferRecord = {
    id: ctx.state.nextTransferId(),
    oldOwnerUserId: from.id,
    newOwnerUserId: to.id,
    applicationDataTransfers: apps,
    requestTime: now,
    completesAt: now + ctx.state.transferLagMs,
  };
  ctx.state.transfers.push(record);
  for (const app of apps) {
    ctx.mutations.event('USER_SETTINGS', 'CREATE_DATA_TRANSFER_REQUEST', {
      USER_EMAIL: from.email,
      DESTINATION_USER_EMAIL: to.email,
      APPLICATION_NAME:
        TRANSFER_APPLICATIONS.find((a) => a.id === app.applicationId)?.name ?? app.applicationId,
    });
  }
  return { status: 200, body: renderTransfer(record, now, true) };
}

function listTransfers(ctx: ApiContext, params: URLSearchParams): ApiResponse {
  checkTransferCustomer(ctx, params);
  const now = Date.now();
  const oldOwner = params.get('oldOwnerUserId');
  const newOwner = params.get('newOwnerUserId');
  const status = params.get('status');
  const items = ctx.state.transfers
    .filter((t) => oldOwner === null || t.oldOwnerUserId === oldOwner)
    .filter((t) => newOwner === null || t.newOwnerUserId === newOwner)
    .map((t) => renderTransfer(t, now))
    .filter((t) => status === null || t.overallTransferStatusCode === status) as { etag: string }[];
  return { status: 200, body: listBody('admin#datatransfer#dataTransfersList', 'dataTransfers', items) };
}

function getTransfer(ctx: ApiContext, id: string): ApiResponse {
  const transfer = ctx.state.transfers.find((t) => t.id === id);
  if (transfer === undefined) throw notFound('dataTransferId');
  return { status: 200, body: renderTransfer(transfer, Date.now()) };
}
