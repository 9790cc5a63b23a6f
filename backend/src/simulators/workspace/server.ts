import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { GoogleChromeDevice, GoogleMobileDevice, GoogleUser } from './google-types.ts';
import { ActivityLog, type ActivityEvent } from './activities.ts';
import { routeLifecycle } from './admin-writes.ts';
import { route, type ApiContext, type Mutations } from './api.ts';
import {
  Directory,
  generateDirectory,
  type DirectoryCounts,
  type NewChromeDevice,
  type NewMobileDevice,
  type NewUser,
  type MemberRole,
  type UserUpdate,
} from './directory.ts';
import { ApiError, OAuthError } from './errors.ts';
import { ALL_GMAIL_SCOPES, DELEGATED_GMAIL_SCOPES, GmailSimulator } from './gmail.ts';
import { FaultInjector, type FailKind, type Fault, type FaultOptions } from './faults.ts';
import { handleSettings } from './gmail-settings.ts';
import { WorkspaceState, type MailboxSettings, type OAuthTokenRecord, type TransferRecord } from './state.ts';
import type { DirectoryOptions, GroupRecord, UserRecord } from './generator.ts';
import { WORKSPACE_SKUS } from './google-types.ts';
import { IdTokenIssuer } from './id-tokens.ts';
import { PageTokens } from './paging.ts';
import { renderChromeDevice, renderMobileDevice, renderUser } from './render.ts';
import { TokenService, type ServiceAccountKey } from './token.ts';

/**
 * The Workspace simulator: one loopback HTTP server that plays Google at its real paths, so the
 * real google-auth-library / googleapis clients can be pointed at it with HELIOS_GOOGLE_API_ORIGIN:
 *   - GET  /oauth2/v1/certs — the ID-token certificates (for the backend's sign-in checks);
 *   - POST /token — the service account's JWT-bearer token exchange (token.ts);
 *   - GET  /admin/directory/v1/… and /apps/licensing/v1/… — Directory and Licensing (api.ts),
 *     requiring a bearer token from /token;
 * over a deterministic generated directory (generator.ts) that tests script between runs
 * (directory.ts), with optional fault injection (faults.ts). See cli.ts for standalone use.
 */
export interface Simulator {
  origin: string;
  /** `${origin}/token` (clients may also keep Google's token URL and rewrite the origin). */
  tokenUrl: string;
  idTokens: IdTokenIssuer;
  /** Requests received, by path (for tests that count round trips, e.g. certificate caching). */
  requests: Map<string, number>;
  /** Requests received in total. */
  requestCount(): number;
  close(): Promise<void>;

  /** The simulated directory (records, listings, counts; scripted changes below). */
  directory: Directory;
  /** Gmail: mailboxes tests drop messages into, and what was sent (gmail.ts). */
  gmail: GmailSimulator;
  /** An active super admin: the `subject` the service account acts as. */
  adminEmail: string;
  customerId: string;
  /** The service account's key file, as Google hands it out (JSON shape). */
  serviceAccountKey(): ServiceAccountKey;
  /** Invalidates every access token issued so far. */
  revokeTokens(): void;

  // Scripted changes between runs (they throw on unknown users/devices or taken addresses).
  addUser(input: NewUser): GoogleUser;
  updateUser(email: string, update: UserUpdate): GoogleUser;
  /** Changes the primary e-mail; the id stays. */
  renameUser(email: string, newEmail: string): GoogleUser;
  changeTitle(email: string, title: string): GoogleUser;
  suspend(email: string, suspended?: boolean): GoogleUser;
  /**
   * The admin-activity log (Reports API): every scripted change below records Google's event for
   * it; `lagMs`, `delayNext` and `dropNext` play Google's late and lost events.
   */
  activities: ActivityLog;
  /** Adds a member to a group: by its owner (groups_enterprise add_member) or an admin (ADD_GROUP_MEMBER). */
  addGroupMember(
    groupKey: string,
    email: string,
    options?: { role?: MemberRole; by?: 'owner' | 'admin' },
  ): void;
  removeGroupMember(groupKey: string, email: string, options?: { by?: 'owner' | 'admin' }): void;
  /** Removes the user: gone from every listing (licenses, group members) from then on. */
  deleteUser(email: string): void;
  /** Adds an empty group (members are added with addGroupMember). */
  addGroup(input: { email: string; name?: string; description?: string }): GroupRecord;

  // The lifecycle's writes (admin-writes.ts, gmail-settings.ts) and what tests read of them.
  /**
   * Successful writes (POST/PUT/PATCH/DELETE answered 2xx) by `${method} ${path}`: a second run of
   * an idempotent step adds nothing here.
   */
  writes: ReadonlyMap<string, number>;
  /** Successful writes in total, or those whose `${method} ${path}` matches. */
  writeCount(match?: string | RegExp): number;
  /** The user granted an app access (tokens.list shows it until tokens.delete). */
  grantOAuthToken(email: string, token: Partial<OAuthTokenRecord> & { clientId: string }): void;
  /** The OAuth grants the user still has. */
  oauthTokens(email: string): OAuthTokenRecord[];
  /** Whether `password` is the user's current password (set by users.insert/update). */
  passwordMatches(email: string, password: string): boolean;
  /** users.signOut calls for the user. */
  signOutCount(email: string): number;
  /** Data Transfer requests so far. */
  transfers(): readonly TransferRecord[];
  /** How long a Data Transfer takes before it reads as completed (default 0: at once). */
  setTransferLag(ms: number): void;
  /** A mailbox's Gmail settings (forwarding, auto-forwarding, vacation, delegates). */
  mailSettings(email: string): MailboxSettings;
  /** The user's licenses of products other than Google-Apps (`${productId}/${skuId}`). */
  extraLicenses(email: string): string[];
  /** Moves the user's Google-Apps license to another SKU (null: unassigns it). */
  moveLicense(email: string, toSku: string | null): void;
  addChromeDevice(input?: NewChromeDevice): GoogleChromeDevice;
  updateChromeDevice(deviceId: string, update: Omit<NewChromeDevice, 'serialNumber'>): GoogleChromeDevice;
  deleteChromeDevice(deviceId: string): void;
  addMobileDevice(input: NewMobileDevice): GoogleMobileDevice;
  deleteMobileDevice(resourceId: string): void;
  /**
   * Deletes a share of the live records of a kind, evenly spread and deterministic (users: the
   * admins are spared). Returns how many were removed. For mass-archive tests.
   */
  removeShare(fraction: number, kind?: 'users' | 'chromeDevices' | 'mobileDevices'): number;
  /** What a complete sync should find now (scans the directory). */
  counts(): DirectoryCounts;

  // Fault injection (faults.ts).
  setFaults(options: FaultOptions | null): void;
  /** After `n` more requests to `path`, every further one fails with `kind` (default 503). */
  failAfter(path: string | RegExp, n: number, kind?: FailKind): () => void;
  /** Removes random faults and scripted failures. */
  clearFaults(): void;
  /** Faults injected so far, by kind. */
  faultsInjected(): Record<string, number>;
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  /** The organization to serve: options for generateDirectory, or a directory (default 25 users). */
  directory?: DirectoryOptions | Directory;
  /** Reuse a service account key (default: a new key pair, generated on first use). */
  serviceAccountKey?: ServiceAccountKey;
  /** Random faults from the start (default none). */
  faults?: FaultOptions;
  /** Scopes the service account is delegated (default every Directory/Licensing read scope). */
  delegatedScopes?: readonly string[];
  /** Check each API's OAuth scopes (default true). */
  enforceScopes?: boolean;
  /** Delay before an admin-activity event shows in the Reports API (default 0). */
  activityLagMs?: number;
}

/** The organization served when none is given: small, and free until asked for (lazy). */
export const DEFAULT_DIRECTORY: DirectoryOptions = { users: 25, seed: 1, domain: 'acme.example' };

const JSON_TYPE = 'application/json; charset=UTF-8';
const MAX_BODY_BYTES = 64 * 1024;
const GMAIL_PREFIX = '/gmail/v1/users/';
/** Gmail takes messages up to 35 MB through messages.send (base64 makes them a third larger). */
const MAX_GMAIL_BODY_BYTES = 48 * 1024 * 1024;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const idTokens = new IdTokenIssuer();
  const requests = new Map<string, number>();
  let total = 0;
  const directory =
    options.directory instanceof Directory
      ? options.directory
      : generateDirectory(options.directory ?? DEFAULT_DIRECTORY);
  const faults = new FaultInjector(options.faults);
  const gmail = new GmailSimulator();
  let origin = '';
  const tokens = new TokenService({
    ...(options.serviceAccountKey === undefined ? {} : { key: options.serviceAccountKey }),
    seed: directory.spec.seed,
    audiences: () => [`${origin}/token`],
    isAdmin: (email) => directory.isActiveAdmin(email),
    isUser: (email) => directory.findUser(email) !== undefined,
    isMailbox: (email) => gmail.has(email),
    gmailScopes: ALL_GMAIL_SCOPES,
    delegatedGmailScopes: DELEGATED_GMAIL_SCOPES,
    ...(options.delegatedScopes === undefined ? {} : { delegatedScopes: options.delegatedScopes }),
    enforceScopes: options.enforceScopes ?? true,
  });
  const activities = new ActivityLog({ lagMs: options.activityLagMs ?? 0 });
  const state = new WorkspaceState();
  const admin = (event: ActivityEvent) => activities.record('admin', directory.adminEmail, event);
  const userEvent = (name: string, parameters: Record<string, string>) =>
    admin({ type: 'USER_SETTINGS', name, parameters });
  const licenseEvent = (email: string, from: string | null, to: string | null) => {
    if (from === to) return;
    const sku = (id: string) => WORKSPACE_SKUS[id] ?? id;
    const base = { PRODUCT_NAME: 'Google Workspace', USER_EMAIL: email };
    const event =
      from === null && to !== null
        ? { name: 'USER_LICENSE_ASSIGNMENT', parameters: { ...base, NEW_VALUE: sku(to) } }
        : from !== null && to === null
          ? { name: 'USER_LICENSE_REVOKE', parameters: { ...base, OLD_VALUE: sku(from) } }
          : {
              name: 'USER_LICENSE_REASSIGNMENT',
              parameters: { ...base, OLD_VALUE: sku(from ?? ''), NEW_VALUE: sku(to ?? '') },
            };
    admin({ type: 'LICENSES_SETTINGS', ...event });
  };
  /** The events Google records for an edit of a user, one per changed setting (User Settings). */
  const userChanged = (before: UserRecord, after: UserRecord) => {
    const email = after.email;
    const change = (name: string, from: unknown, to: unknown) =>
      userEvent(name, { USER_EMAIL: email, OLD_VALUE: String(from ?? ''), NEW_VALUE: String(to ?? '') });
    if (before.email !== after.email)
      userEvent('RENAME_USER', { USER_EMAIL: before.email, NEW_VALUE: after.email });
    if (before.givenName !== after.givenName) change('CHANGE_FIRST_NAME', before.givenName, after.givenName);
    if (before.familyName !== after.familyName)
      change('CHANGE_LAST_NAME', before.familyName, after.familyName);
    if (before.title !== after.title || before.department !== after.department) {
      change(
        'CHANGE_USER_ORGANIZATION',
        `${before.title}/${before.department}`,
        `${after.title}/${after.department}`,
      );
    }
    if (before.orgUnitPath !== after.orgUnitPath) {
      userEvent('MOVE_USER_TO_ORG_UNIT', {
        USER_EMAIL: email,
        ORG_UNIT_NAME: before.orgUnitPath,
        NEW_VALUE: after.orgUnitPath,
      });
    }
    if (before.managerIndex !== after.managerIndex)
      change('CHANGE_USER_RELATION', before.managerIndex, after.managerIndex);
    if (before.workPhone !== after.workPhone || before.mobilePhone !== after.mobilePhone) {
      change('CHANGE_USER_PHONE_NUMBER', before.workPhone, after.workPhone);
    }
    if (before.suspended !== after.suspended) {
      userEvent(after.suspended ? 'SUSPEND_USER' : 'UNSUSPEND_USER', { USER_EMAIL: email });
    }
    if (before.archived !== after.archived) {
      userEvent(after.archived ? 'ARCHIVE_USER' : 'UNARCHIVE_USER', { USER_EMAIL: email });
    }
    if (before.isAdmin !== after.isAdmin) {
      userEvent(after.isAdmin ? 'GRANT_ADMIN_PRIVILEGE' : 'REVOKE_ADMIN_PRIVILEGE', { USER_EMAIL: email });
    }
    licenseEvent(email, before.skuId, after.skuId);
  };
  const updateUser = (email: string, update: UserUpdate): GoogleUser => {
    const before = directory.findUser(email);
    const after = directory.updateUser(email, update);
    if (before !== undefined) userChanged(before, after);
    return renderUser(directory, after);
  };
  const memberEvent = (
    kind: 'add' | 'remove',
    groupKey: string,
    email: string,
    role: string,
    by: 'owner' | 'admin',
  ) => {
    const group = directory.findGroup(groupKey);
    if (group === undefined) return;
    if (by === 'admin') {
      admin({
        type: 'GROUP_SETTINGS',
        name: kind === 'add' ? 'ADD_GROUP_MEMBER' : 'REMOVE_GROUP_MEMBER',
        parameters: { GROUP_EMAIL: group.email, USER_EMAIL: email.toLowerCase() },
      });
      return;
    }
    // A group owner's change is not an admin action: Google logs it under groups_enterprise.
    const owner = directory.memberPage(group, -1, 1, new Set(['OWNER'])).items[0]?.user?.email;
    activities.record('groups_enterprise', owner ?? directory.adminEmail, {
      type: 'moderator_action',
      name: kind === 'add' ? 'add_member' : 'remove_member',
      parameters: {
        group_id: group.email,
        member_id: email.toLowerCase(),
        member_role: role.toLowerCase(),
        member_type: 'user',
        namespace: '',
      },
    });
  };

  const addUser = (input: NewUser): UserRecord => {
    const user = directory.addUser(input);
    userEvent('CREATE_USER', { USER_EMAIL: user.email });
    licenseEvent(user.email, null, user.skuId);
    return user;
  };
  const addGroupMember = (
    groupKey: string,
    email: string,
    memberOptions: { role?: MemberRole; by?: 'owner' | 'admin' } = {},
  ) => {
    const role = memberOptions.role ?? 'MEMBER';
    directory.addMember(groupKey, email, role);
    memberEvent('add', groupKey, email, role, memberOptions.by ?? 'owner');
  };
  const removeGroupMember = (
    groupKey: string,
    email: string,
    memberOptions: { by?: 'owner' | 'admin' } = {},
  ) => {
    const member = directory.removeMember(groupKey, email);
    memberEvent('remove', groupKey, email, member.role, memberOptions.by ?? 'owner');
  };
  /** The API's changes: the same as the scripted ones, made by the admin the token acts as. */
  const mutations: Mutations = {
    addUser,
    updateUser: (key, update) => {
      const before = directory.findUser(key);
      const after = directory.updateUser(key, update);
      if (before !== undefined) userChanged(before, after);
      return after;
    },
    addMember: (groupKey, email, role) => addGroupMember(groupKey, email, { role, by: 'admin' }),
    removeMember: (groupKey, email) => removeGroupMember(groupKey, email, { by: 'admin' }),
    event: (type, name, parameters) => admin({ type, name, parameters }),
  };
  const ctx: ApiContext = {
    directory,
    tokens: new PageTokens(`helios-simulator-pages:${directory.spec.seed}`),
    activities,
    state,
    mutations,
  };
  const userOf = (email: string): UserRecord => {
    const user = directory.findUser(email);
    if (user === undefined) throw new Error(`No such user in the simulated directory: ${email}`);
    return user;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? '/';
    const url = new URL(target, 'http://simulator');
    const method = (req.method ?? 'GET').toUpperCase();
    requests.set(url.pathname, (requests.get(url.pathname) ?? 0) + 1);
    total++;

    const fault = faults.decide(method, url.pathname, target);
    if (fault !== undefined) {
      if (fault.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'slow') await delay(fault.slowMs);
      else {
        sendFault(res, fault, url.pathname === '/token');
        return;
      }
    }

    if (url.pathname === '/oauth2/v1/certs' && method === 'GET') {
      // Google serves these with a max-age of a few hours; clients cache by it.
      send(res, 200, idTokens.certs(), {
        'cache-control': 'public, max-age=21600, must-revalidate, no-transform',
      });
      return;
    }

    if (url.pathname === '/token') {
      if (method !== 'POST') {
        send(res, 405, { error: 'invalid_request', error_description: 'The token endpoint takes POST' });
        return;
      }
      const text = await readBody(req);
      if (text === undefined) {
        send(res, 413, { error: 'invalid_request', error_description: 'Request too large' });
        return;
      }
      try {
        send(res, 200, tokens.exchange(new URLSearchParams(text)), { 'cache-control': 'no-store' });
      } catch (err) {
        if (!(err instanceof OAuthError)) throw err;
        send(res, err.status, err.body(), { 'cache-control': 'no-store' });
      }
      return;
    }

    if (url.pathname.startsWith(GMAIL_PREFIX)) {
      const token = tokens.bearer(req.headers.authorization);
      if (token instanceof ApiError) {
        sendError(res, token);
        return;
      }
      const text = method === 'POST' || method === 'PUT' ? await readBody(req, MAX_GMAIL_BODY_BYTES) : '';
      if (text === undefined) {
        sendError(res, new ApiError(413, 'uploadTooLarge', 'Request too large'));
        return;
      }
      try {
        const path = url.pathname.slice(GMAIL_PREFIX.length);
        const [rawUser = '', section, ...rest] = path.split('/');
        const userId = decodeURIComponent(rawUser).toLowerCase();
        const settingsAnswer =
          section === 'settings'
            ? handleSettings(
                { directory, state, hasGmailMailbox: (address) => gmail.has(address) },
                method,
                userId === 'me' ? token.subject : userId,
                rest,
                text,
                token,
              )
            : undefined;
        const answer = settingsAnswer ?? gmail.handle(method, path, url.searchParams, text, token);
        if (settingsAnswer !== undefined && method !== 'GET') state.countWrite(method, url.pathname);
        if (answer.status === 204) {
          res.writeHead(204);
          res.end();
        } else send(res, answer.status, answer.body);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        sendError(res, err);
      }
      return;
    }

    let lifecycle: ReturnType<typeof routeLifecycle>;
    try {
      lifecycle = routeLifecycle(method, url.pathname);
    } catch {
      sendError(res, new ApiError(400, 'invalid', 'Invalid path'));
      return;
    }
    if (lifecycle !== undefined) {
      const denied = tokens.authorize(req.headers.authorization, lifecycle.area);
      if (denied !== undefined) {
        sendError(res, denied);
        return;
      }
      const text = method === 'GET' || method === 'DELETE' ? '' : await readBody(req);
      if (text === undefined) {
        sendError(res, new ApiError(413, 'uploadTooLarge', 'Request too large'));
        return;
      }
      let body: Record<string, unknown> = {};
      if (text.trim() !== '') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          sendError(res, new ApiError(400, 'parseError', 'Parse Error'));
          return;
        }
        body = parsed as Record<string, unknown>;
      }
      try {
        const response = lifecycle.handle(ctx, url.searchParams, body);
        if (method !== 'GET') state.countWrite(method, url.pathname);
        if (response.status === 204) {
          res.writeHead(204);
          res.end();
        } else send(res, response.status, response.body);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        sendError(res, err);
      }
      return;
    }

    let matched: ReturnType<typeof route>;
    try {
      matched = route(url.pathname);
    } catch {
      sendError(res, new ApiError(400, 'invalid', 'Invalid path'));
      return;
    }
    if (matched === undefined) {
      sendError(res, new ApiError(404, 'notFound', 'Not Found'));
      return;
    }
    if (method !== 'GET') {
      sendError(
        res,
        new ApiError(405, 'httpMethodNotAllowed', `The simulator does not serve ${method} ${url.pathname}`),
      );
      return;
    }
    const denied = tokens.authorize(req.headers.authorization, matched.area);
    if (denied !== undefined) {
      sendError(res, denied);
      return;
    }
    try {
      const response = matched.handle(ctx, url.searchParams);
      send(res, response.status, response.body);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      sendError(res, err);
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      sendError(res, new ApiError(500, 'backendError', `Simulator error: ${message}`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;

  const removeShare = (fraction: number, kind: 'users' | 'chromeDevices' | 'mobileDevices' = 'users') => {
    if (kind === 'users') return directory.removeUsers(fraction).length;
    return directory.removeDevices(kind === 'chromeDevices' ? 'chrome' : 'mobile', fraction);
  };

  return {
    origin,
    tokenUrl: `${origin}/token`,
    idTokens,
    requests,
    requestCount: () => total,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),

    directory,
    gmail,
    get adminEmail() {
      return directory.adminEmail;
    },
    customerId: directory.customerId,
    serviceAccountKey: () => tokens.serviceAccountKey(),
    revokeTokens: () => tokens.revokeAll(),

    activities,
    addUser: (input) => renderUser(directory, addUser(input)),
    updateUser,
    renameUser: (email, newEmail) => updateUser(email, { primaryEmail: newEmail }),
    changeTitle: (email, title) => updateUser(email, { title }),
    suspend: (email, suspended = true) => updateUser(email, { suspended }),
    deleteUser: (email) => {
      const user = directory.deleteUser(email);
      userEvent('DELETE_USER', { USER_EMAIL: user.email });
    },
    moveLicense: (email, toSku) => {
      updateUser(email, { skuId: toSku });
    },
    addGroupMember,
    removeGroupMember,
    addGroup: (input) => directory.addGroup(input),
    writes: state.writes,
    writeCount: (match) => {
      let n = 0;
      for (const [key, count] of state.writes) {
        if (match === undefined || (typeof match === 'string' ? key === match : match.test(key))) n += count;
      }
      return n;
    },
    grantOAuthToken: (email, token) => {
      const user = userOf(email);
      const list = state.oauthTokens.get(user.id) ?? [];
      list.push({
        clientId: token.clientId,
        displayText: token.displayText ?? token.clientId,
        scopes: token.scopes ?? ['openid', 'email'],
        nativeApp: token.nativeApp ?? false,
        anonymous: token.anonymous ?? false,
      });
      state.oauthTokens.set(user.id, list);
    },
    oauthTokens: (email) => [...(state.oauthTokens.get(userOf(email).id) ?? [])],
    passwordMatches: (email, password) => state.passwordMatches(userOf(email).id, password),
    signOutCount: (email) => state.signOuts.get(userOf(email).id) ?? 0,
    transfers: () => state.transfers,
    setTransferLag: (ms) => {
      state.transferLagMs = ms;
    },
    mailSettings: (email) => state.settingsOf(email),
    extraLicenses: (email) => [...(state.extraLicenses.get(userOf(email).id) ?? [])],
    addChromeDevice: (input) => renderChromeDevice(directory, directory.addChromeDevice(input)),
    updateChromeDevice: (deviceId, update) =>
      renderChromeDevice(directory, directory.updateChromeDevice(deviceId, update)),
    deleteChromeDevice: (deviceId) => {
      directory.deleteChromeDevice(deviceId);
    },
    addMobileDevice: (input) => renderMobileDevice(directory, directory.addMobileDevice(input)),
    deleteMobileDevice: (resourceId) => {
      directory.deleteMobileDevice(resourceId);
    },
    removeShare,
    counts: () => directory.counts(),

    setFaults: (faultOptions) => faults.configure(faultOptions),
    failAfter: (path, n, kind) => faults.failAfter(path, n, kind),
    clearFaults: () => faults.clear(),
    faultsInjected: () => Object.fromEntries(faults.injected),
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': JSON_TYPE,
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: ApiError): void {
  send(res, error.code, error.body(), error.headers);
}

/** The answer of an injected fault; the token endpoint answers in its OAuth shape. */
function sendFault(res: ServerResponse, fault: Fault, oauth: boolean): void {
  const [status, reason, message] =
    FAULT_ANSWERS[fault.kind === 'slow' || fault.kind === 'drop' ? 'backendError' : fault.kind];
  const headers: Record<string, string> =
    status === 429 ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
  if (oauth) {
    send(
      res,
      status,
      { error: status === 429 ? 'rate_limit_exceeded' : reason, error_description: message },
      headers,
    );
    return;
  }
  send(res, status, new ApiError(status, reason, message).body(), headers);
}

const FAULT_ANSWERS: Record<Exclude<FailKind, 'drop'>, [number, string, string]> = {
  rateLimit: [429, 'rateLimitExceeded', 'Rate Limit Exceeded'],
  userRateLimit: [403, 'userRateLimitExceeded', 'User Rate Limit Exceeded'],
  quota: [
    403,
    'quotaExceeded',
    "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute per user' of service 'admin.googleapis.com'.",
  ],
  backendError: [503, 'backendError', 'The service is currently unavailable.'],
  forbidden: [403, 'forbidden', 'Not Authorized to access this resource/api'],
  notFound: [404, 'notFound', 'Resource Not Found'],
};

async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
