// The Graph simulator: one loopback HTTPS server that plays the Microsoft identity platform and
// Microsoft Graph at their real paths, so msal-node and a fetch-based Graph client can be pointed
// at it with HELIOS_MICROSOFT_LOGIN_ORIGIN / HELIOS_MICROSOFT_GRAPH_ORIGIN:
//   - GET  /{tenant}/v2.0/.well-known/openid-configuration — what msal-node reads of an authority;
//   - POST /{tenant}/oauth2/v2.0/token — client credentials (client secret verified);
//   - GET  /v1.0/users/delta, /v1.0/groups/delta (members inline), /v1.0/groups/{id}/members,
//     /v1.0/users ($select=id,assignedLicenses…), /v1.0/users/{id}/licenseDetails,
//     /v1.0/subscribedSkus, /v1.0/deviceManagement/managedDevices — with `$select`,
//     `@odata.nextLink` / `@odata.deltaLink` paging, `Prefer: odata.maxpagesize`, Graph's error
//     bodies, and expired delta tokens (410 syncStateNotFound);
// over a deterministic tenant (tenant.ts) that tests change between runs, with fault injection
// (429 with Retry-After, 503, dropped connections) at a rate or scripted after n requests.
import { constants, randomBytes, timingSafeEqual, verify, X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hash32, hashString } from '../workspace/random.ts';
import { createTlsIdentity, type TlsIdentity } from './certificate.ts';
import {
  generateTenant,
  guid,
  Tenant,
  type MsDeviceRecord,
  type MsGroupRecord,
  type MsUserRecord,
  type TenantOptions,
} from './tenant.ts';

export const FAULT_KINDS = ['throttle', 'unavailable', 'drop'] as const;
/** throttle: 429 TooManyRequests + Retry-After; unavailable: 503 + Retry-After; drop: no answer. */
export type GraphFaultKind = (typeof FAULT_KINDS)[number];

export interface GraphFaults {
  /** Share in [0, 1] of Graph requests faulted. */
  rate: number;
  kinds?: readonly GraphFaultKind[];
  seed?: number;
  /** Retry-After of throttled answers, seconds (default 1). */
  retryAfterSeconds?: number;
}

export interface GraphRequest {
  method: string;
  /** e.g. `/v1.0/users/delta`. */
  path: string;
  /** Whether the request carried a delta token (a delta round trip rather than a full pass). */
  delta: boolean;
}

export interface GraphSimulatorOptions {
  port?: number;
  host?: string;
  tenant?: TenantOptions | Tenant;
  /** The app registration's client id (default a GUID of the seed). */
  clientId?: string;
  /** Its client secret (default generated). */
  clientSecret?: string;
  /** Certificates (PEM) registered on the app registration, for client assertions. */
  clientCertificates?: readonly string[];
  /** Reuse a TLS certificate (default: a new one). */
  tls?: TlsIdentity;
  faults?: GraphFaults;
  /** "Now" of the simulator (tests move it on to expire delta tokens by age). */
  now?: () => number;
}

export interface GraphSimulator {
  /** `https://127.0.0.1:<port>`: both the login and the Graph origin. */
  origin: string;
  /** The certificate clients must trust. */
  certificate: string;
  tenant: Tenant;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Every request received, in order. */
  requests: GraphRequest[];
  /** Tokens issued so far. */
  tokensIssued(): number;
  /** Registers a certificate (PEM) on the app: client assertions signed with its key are accepted. */
  registerCertificate(pem: string): void;
  setFaults(faults: GraphFaults | null): void;
  /** After `n` more requests whose path matches, every further one answers 503 (until cancelled). */
  failAfter(path: RegExp, n: number): () => void;
  clearFaults(): void;
  faultsInjected(): number;
  /** Moves the simulator's clock (delta tokens older than 7 days expire). */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

const GRAPH = '/v1.0';
const TOKEN_LIFETIME_SECONDS = 3599;
const DELTA_TOKEN_MAX_AGE_MS = 7 * 86_400_000;
const JSON_TYPE = 'application/json; charset=utf-8';
const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const USER_FIELDS = [
  'id',
  'userPrincipalName',
  'mail',
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'department',
  'mobilePhone',
  'businessPhones',
  'officeLocation',
  'accountEnabled',
  'userType',
  'assignedLicenses',
] as const;
const GROUP_FIELDS = [
  'id',
  'displayName',
  'mail',
  'mailNickname',
  'description',
  'groupTypes',
  'securityEnabled',
  'mailEnabled',
  'members',
] as const;
const DEVICE_FIELDS = [
  'id',
  'deviceName',
  'manufacturer',
  'model',
  'serialNumber',
  'operatingSystem',
  'osVersion',
  'complianceState',
  'lastSyncDateTime',
  'managedDeviceOwnerType',
  'userId',
  'userPrincipalName',
] as const;
/** The default properties of a user without `$select` (Graph's default set). */
const USER_DEFAULT = [
  'id',
  'userPrincipalName',
  'mail',
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'mobilePhone',
  'businessPhones',
  'officeLocation',
] as const;

/** A Graph error answer. */
class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

/** What a page token carries: where the listing is, and what the delta token will be. */
interface PageState {
  /** Offset into the listing. */
  o: number;
  /** Delta: changes stamped after this; 0 = a full pass. */
  since: number;
  /** The change counter when the listing started (the next delta token's `since`). */
  at: number;
  gen: number;
  /** `$select` of the first request (later pages keep it, as Graph does). */
  sel: string[] | null;
  /** `$top` of the first request (kept by the next links too). */
  top?: number;
}

interface DeltaState {
  since: number;
  gen: number;
  /** When the token was issued (simulator clock). */
  t: number;
  sel: string[] | null;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function decode<T>(token: string): T {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw new GraphError(400, 'BadRequest', 'Invalid skip or delta token.');
  }
}

function project(record: object, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const source = record as Record<string, unknown>;
  for (const f of ['id', ...fields]) if (f in source && f !== 'members') out[f] = source[f];
  return out;
}

function parseSelect(value: string | null, allowed: readonly string[], type: string): string[] | null {
  if (value === null) return null;
  const fields = value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of fields) {
    if (!allowed.includes(f))
      throw new GraphError(
        400,
        'BadRequest',
        `Could not find a property named '${f}' on type 'microsoft.graph.${type}'.`,
      );
  }
  return fields;
}

function pageSize(req: IncomingMessage, url: URL, fallback: number, max: number, kept?: number): number {
  const top = url.searchParams.get('$top') ?? (kept === undefined ? null : String(kept));
  const prefer = /odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1];
  const n = Number(top ?? prefer ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new GraphError(400, 'BadRequest', 'Invalid page size.');
  return Math.min(n, max);
}

/**
 * One certificate for every simulator this process starts. A process trusts a simulator's
 * certificate by adding it to its default CAs, and Node's fetch (undici) may keep the TLS context
 * it built first: a second simulator with a new certificate was then refused as unreachable,
 * depending on which connection came first. One identity per process makes that impossible.
 */
let processIdentity: Promise<TlsIdentity> | undefined;

export async function startGraphSimulator(options: GraphSimulatorOptions = {}): Promise<GraphSimulator> {
  const tenant =
    options.tenant instanceof Tenant ? options.tenant : generateTenant(options.tenant ?? { users: 25 });
  const identity = options.tls ?? (await (processIdentity ??= createTlsIdentity()));
  const tenantId = tenant.spec.tenantId;
  const clientId = options.clientId ?? guid(tenant.spec.seed, 9, 0);
  const clientSecret = options.clientSecret ?? `sim~${randomBytes(18).toString('base64url')}`;
  const certificates = (options.clientCertificates ?? []).map((pem) => new X509Certificate(pem));
  let clockOffset = 0;
  const now = () => (options.now ?? Date.now)() + clockOffset;
  const tokens = new Map<string, number>();
  let issued = 0;
  let faults = options.faults ?? null;
  const attempts = new Map<string, number>();
  const rules = new Set<{ path: RegExp; remaining: number }>();
  let injected = 0;
  const requests: GraphRequest[] = [];
  let origin = '';

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': JSON_TYPE,
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  };
  const graphError = (res: ServerResponse, e: GraphError) =>
    send(
      res,
      e.status,
      {
        error: {
          code: e.code,
          message: e.message,
          innerError: { date: new Date(now()).toISOString(), 'request-id': guid(requests.length, 7, 0) },
        },
      },
      e.headers,
    );

  /** The fault for a Graph request, if any (deterministic per URL and attempt, like the Workspace one). */
  const faultOf = (method: string, path: string, target: string): GraphFaultKind | undefined => {
    for (const rule of rules) {
      if (!rule.path.test(path)) continue;
      if (rule.remaining > 0) {
        rule.remaining--;
        continue;
      }
      return 'unavailable';
    }
    if (!faults || faults.rate === 0 || !path.startsWith(GRAPH)) return undefined;
    const key = `${method} ${target}`;
    const attempt = attempts.get(key) ?? 0;
    attempts.set(key, attempt + 1);
    const seed = faults.seed ?? 1;
    if (hash32(seed, hashString(key), attempt) / 0x100000000 >= faults.rate) return undefined;
    const kinds = faults.kinds ?? FAULT_KINDS;
    return kinds[hash32(seed, hashString(key), attempt, 7) % kinds.length] ?? 'unavailable';
  };

  // ——— The identity platform ———

  const readForm = async (req: IncomingMessage): Promise<URLSearchParams> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 64 * 1024) throw new GraphError(413, 'RequestEntityTooLarge', 'Body too large');
      chunks.push(chunk as Buffer);
    }
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  };

  const oauthError = (
    res: ServerResponse,
    status: number,
    error: string,
    code: number,
    description: string,
  ) =>
    send(res, status, {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${guid(issued, 8, 0)} Timestamp: ${new Date(now()).toISOString()}`,
      error_codes: [code],
      timestamp: new Date(now()).toISOString(),
    });

  const sameSecret = (given: string) => {
    const a = Buffer.from(given);
    const b = Buffer.from(clientSecret);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  /**
   * What is wrong with a certificate's client assertion (RFC 7523, as msal-node signs it: PS256 or
   * RS256, the certificate named by `x5t#S256` or `x5t`), or undefined when it proves the app.
   */
  const assertionProblem = (jwt: string, audience: string): { code: number; message: string } | undefined => {
    const [h, p, sig] = jwt.split('.');
    if (!h || !p || !sig) return { code: 50027, message: 'Invalid JWT token. The token is malformed.' };
    let header: Record<string, unknown>;
    let payload: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>;
      payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    } catch {
      return { code: 50027, message: 'Invalid JWT token. The token is malformed.' };
    }
    const x5t256 =
      typeof header['x5t#S256'] === 'string'
        ? Buffer.from(header['x5t#S256'], 'base64url').toString('hex')
        : undefined;
    const x5t =
      typeof header.x5t === 'string' ? Buffer.from(header.x5t, 'base64url').toString('hex') : undefined;
    const cert = certificates.find(
      (c) =>
        c.fingerprint256.replace(/:/g, '').toLowerCase() === x5t256 ||
        c.fingerprint.replace(/:/g, '').toLowerCase() === x5t,
    );
    if (!cert)
      return {
        code: 700027,
        message:
          'The certificate with identifier used to sign the client assertion is not registered on application.',
      };
    const alg = header.alg;
    const signed = Buffer.from(`${h}.${p}`);
    const signature = Buffer.from(sig, 'base64url');
    const valid =
      alg === 'PS256'
        ? verify(
            'sha256',
            signed,
            {
              key: cert.publicKey,
              padding: constants.RSA_PKCS1_PSS_PADDING,
              saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
            },
            signature,
          )
        : alg === 'RS256' && verify('sha256', signed, cert.publicKey, signature);
    if (!valid) return { code: 700027, message: 'Client assertion contains an invalid signature.' };
    const seconds = now() / 1000;
    if (payload.aud !== audience)
      return {
        code: 700212,
        message: `No matching federated identity record found for presented assertion audience '${String(payload.aud)}'.`,
      };
    if (payload.iss !== clientId || payload.sub !== clientId)
      return {
        code: 700021,
        message: "Client assertion application identifier doesn't match 'client_id' parameter.",
      };
    if (typeof payload.exp !== 'number' || payload.exp < seconds)
      return { code: 700024, message: 'Client assertion is not within its valid time range.' };
    return undefined;
  };

  const identityPlatform = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const config = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (config && req.method === 'GET') {
      const t = config[1] ?? '';
      if (t !== tenantId) {
        oauthError(res, 400, 'invalid_tenant', 90002, `Tenant '${t}' not found.`);
        return true;
      }
      send(res, 200, {
        token_endpoint: `${origin}/${t}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        jwks_uri: `${origin}/${t}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${origin}/${t}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${origin}/oidc/userinfo`,
        authorization_endpoint: `${origin}/${t}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${origin}/${t}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${origin}/${t}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid'],
        kerberos_endpoint: `${origin}/${t}/kerberos`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: 'graph.microsoft.com',
        rbac_url: 'https://pas.windows.net',
      });
      return true;
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (!token) return false;
    if (req.method !== 'POST') {
      oauthError(res, 405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
      return true;
    }
    const form = await readForm(req);
    if (token[1] !== tenantId) {
      oauthError(res, 400, 'invalid_request', 90002, `Tenant '${token[1]}' not found.`);
      return true;
    }
    if (form.get('grant_type') !== 'client_credentials') {
      oauthError(res, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
      return true;
    }
    if (form.get('client_id') !== clientId) {
      oauthError(
        res,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.get('client_id')}' was not found in the directory.`,
      );
      return true;
    }
    const scope = form.get('scope') ?? '';
    if (!scope.split(' ').includes('https://graph.microsoft.com/.default')) {
      oauthError(res, 400, 'invalid_scope', 1002012, 'The provided value for scope is not valid.');
      return true;
    }
    const secret = form.get('client_secret');
    const assertion = form.get('client_assertion');
    if (secret === null && assertion !== null) {
      if (form.get('client_assertion_type') !== JWT_BEARER_ASSERTION) {
        oauthError(res, 400, 'invalid_request', 50027, 'Invalid client_assertion_type.');
        return true;
      }
      const problem = assertionProblem(assertion, `${origin}/${tenantId}/oauth2/v2.0/token`);
      if (problem) {
        oauthError(res, 401, 'invalid_client', problem.code, problem.message);
        return true;
      }
    } else if (secret === null) {
      oauthError(
        res,
        401,
        'invalid_client',
        7000218,
        "The request body must contain 'client_assertion' or 'client_secret'.",
      );
      return true;
    }
    if (secret !== null && !sameSecret(secret)) {
      oauthError(res, 401, 'invalid_client', 7000215, 'Invalid client secret provided.');
      return true;
    }
    const accessToken = `sim.${randomBytes(24).toString('base64url')}`;
    tokens.set(accessToken, now() + TOKEN_LIFETIME_SECONDS * 1000);
    issued++;
    send(res, 200, {
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: accessToken,
    });
    return true;
  };

  // ——— Graph ———

  const authorize = (req: IncomingMessage) => {
    const header = String(req.headers.authorization ?? '');
    const match = /^Bearer (.+)$/.exec(header);
    const expires = match ? tokens.get(match[1] ?? '') : undefined;
    if (expires === undefined)
      throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    if (expires < now())
      throw new GraphError(
        401,
        'InvalidAuthenticationToken',
        'Lifetime validation failed, the token is expired.',
      );
  };

  /** One page of a list, with nextLink or (delta) deltaLink. */
  const pageOf = <T>(
    path: string,
    items: T[],
    state: PageState,
    size: number,
    delta: boolean,
    render: (item: T) => unknown,
  ) => {
    const slice = items.slice(state.o, state.o + size);
    const body: Record<string, unknown> = {
      '@odata.context': `${origin}${GRAPH}/$metadata#${path}`,
      value: slice.map(render),
    };
    if (state.o + size < items.length) {
      body['@odata.nextLink'] =
        `${origin}${GRAPH}/${path}?$skiptoken=${encode({ ...state, o: state.o + size })}`;
    } else if (delta) {
      const next: DeltaState = { since: state.at, gen: state.gen, t: now(), sel: state.sel };
      body['@odata.deltaLink'] = `${origin}${GRAPH}/${path}?$deltatoken=${encode(next)}`;
    }
    return body;
  };

  /** Where a delta listing is: a new full pass, a page of one, or a delta from a token. */
  const deltaState = (url: URL, select: string[] | null): PageState => {
    const skip = url.searchParams.get('$skiptoken');
    if (skip !== null) return decode<PageState>(skip);
    const token = url.searchParams.get('$deltatoken');
    if (token !== null) {
      const d = decode<DeltaState>(token);
      if (d.gen !== tenant.generation || now() - d.t > DELTA_TOKEN_MAX_AGE_MS)
        throw new GraphError(
          410,
          'syncStateNotFound',
          'The sync state generation is not found or has expired. Please perform a full sync.',
        );
      return { o: 0, since: d.since, at: tenant.seq, gen: d.gen, sel: d.sel };
    }
    return { o: 0, since: 0, at: tenant.seq, gen: tenant.generation, sel: select };
  };

  const stamp = (id: string) => tenant.stamps.get(id) ?? 0;

  const renderUser = (fields: readonly string[]) => (u: MsUserRecord | string) =>
    typeof u === 'string' ? { id: u, '@removed': { reason: 'changed' } } : project(u, fields);

  const renderGroup = (fields: readonly string[] | null, since: number) => (g: MsGroupRecord | string) => {
    if (typeof g === 'string') return { id: g, '@removed': { reason: 'changed' } };
    const out = project(g, fields ?? GROUP_FIELDS);
    if (fields === null || fields.includes('members')) {
      out['members@delta'] =
        since === 0
          ? [...g.members].map((id) => ({ '@odata.type': '#microsoft.graph.user', id }))
          : tenant.memberChangesSince(g.id, since).map((c) =>
              c.removed
                ? {
                    '@odata.type': '#microsoft.graph.user',
                    id: c.userId,
                    '@removed': { reason: 'deleted' },
                  }
                : { '@odata.type': '#microsoft.graph.user', id: c.userId },
            );
    }
    return out;
  };

  /** Listed records plus, in a delta, the tombstones stamped after `since`. */
  function changed<T extends { id: string }>(
    live: Map<string, T>,
    deleted: Set<string>,
    since: number,
  ): (T | string)[] {
    if (since === 0) return [...live.values()];
    const out: (T | string)[] = [];
    for (const r of live.values()) if (stamp(r.id) > since) out.push(r);
    for (const id of deleted) if (stamp(id) > since) out.push(id);
    return out;
  }

  const offsetState = (url: URL, select: string[] | null): PageState => {
    const skip = url.searchParams.get('$skiptoken');
    if (skip !== null) return decode<PageState>(skip);
    const top = url.searchParams.get('$top');
    return { o: 0, since: 0, at: 0, gen: 0, sel: select, ...(top === null ? {} : { top: Number(top) }) };
  };

  const graph = (req: IncomingMessage, url: URL): unknown => {
    authorize(req);
    const path = url.pathname.slice(GRAPH.length + 1);
    if (req.method !== 'GET') throw new GraphError(405, 'Request_BadRequest', 'Method not allowed.');
    if (path === 'users/delta') {
      const state = deltaState(url, parseSelect(url.searchParams.get('$select'), USER_FIELDS, 'user'));
      const items = changed(tenant.users, tenant.deletedUsers, state.since);
      return pageOf(
        path,
        items,
        state,
        pageSize(req, url, 200, 999),
        true,
        renderUser(state.sel ?? USER_DEFAULT),
      );
    }
    if (path === 'groups/delta') {
      const state = deltaState(url, parseSelect(url.searchParams.get('$select'), GROUP_FIELDS, 'group'));
      const items = changed(tenant.groups, tenant.deletedGroups, state.since);
      return pageOf(
        path,
        items,
        state,
        pageSize(req, url, 100, 999),
        true,
        renderGroup(state.sel, state.since),
      );
    }
    const members = /^groups\/([^/]+)\/members$/.exec(path);
    if (members) {
      const group = tenant.groups.get(members[1] ?? '');
      if (!group)
        throw new GraphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${members[1]}' does not exist or one of its queried reference-property objects are not present.`,
        );
      const state = offsetState(
        url,
        parseSelect(url.searchParams.get('$select'), USER_FIELDS, 'directoryObject'),
      );
      const list = [...group.members].flatMap((id) => {
        const u = tenant.users.get(id);
        return u ? [u] : [];
      });
      return pageOf(path, list, state, pageSize(req, url, 100, 999, state.top), false, (u) => ({
        '@odata.type': '#microsoft.graph.user',
        ...project(u, state.sel ?? USER_DEFAULT),
      }));
    }
    if (path === 'users') {
      const state = offsetState(url, parseSelect(url.searchParams.get('$select'), USER_FIELDS, 'user'));
      return pageOf(
        path,
        [...tenant.users.values()],
        state,
        pageSize(req, url, 100, 999, state.top),
        false,
        (u) => project(u, state.sel ?? USER_DEFAULT),
      );
    }
    const details = /^users\/([^/]+)\/licenseDetails$/.exec(path);
    if (details) {
      const u = tenant.users.get(details[1] ?? '');
      if (!u)
        throw new GraphError(
          404,
          'Request_ResourceNotFound',
          `Resource '${details[1]}' does not exist or one of its queried reference-property objects are not present.`,
        );
      return {
        '@odata.context': `${origin}${GRAPH}/$metadata#users('${u.id}')/licenseDetails`,
        value: u.assignedLicenses.map((l) => ({
          id: `${l.skuId}-${u.id}`,
          skuId: l.skuId,
          skuPartNumber: tenant.skus.get(l.skuId)?.skuPartNumber ?? 'UNKNOWN',
          servicePlans: [],
        })),
      };
    }
    if (path === 'subscribedSkus') {
      return {
        '@odata.context': `${origin}${GRAPH}/$metadata#subscribedSkus`,
        value: [...tenant.skus.values()].map((s) => ({
          id: `${tenantId}_${s.skuId}`,
          skuId: s.skuId,
          skuPartNumber: s.skuPartNumber,
          capabilityStatus: s.capabilityStatus,
          appliesTo: 'User',
          consumedUnits: tenant.consumedUnits(s.skuId),
          prepaidUnits: {
            enabled: s.prepaidEnabled,
            suspended: s.prepaidSuspended,
            warning: s.prepaidWarning,
            lockedOut: 0,
          },
          servicePlans: [],
        })),
      };
    }
    if (path === 'deviceManagement/managedDevices') {
      const state = offsetState(
        url,
        parseSelect(url.searchParams.get('$select'), DEVICE_FIELDS, 'managedDevice'),
      );
      return pageOf(
        path,
        [...tenant.devices.values()],
        state,
        pageSize(req, url, 1000, 1000, state.top),
        false,
        (d: MsDeviceRecord) => project(d, state.sel ?? DEVICE_FIELDS),
      );
    }
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${path.split('/')[0]}'.`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://graph.simulator');
    const method = (req.method ?? 'GET').toUpperCase();
    requests.push({
      method,
      path: url.pathname,
      delta:
        url.searchParams.has('$deltatoken') ||
        (url.searchParams.has('$skiptoken') && url.pathname.endsWith('/delta') && decodeSince(url) > 0),
    });
    const fault = faultOf(method, url.pathname, req.url ?? '/');
    if (fault !== undefined) {
      injected++;
      if (fault === 'drop') {
        req.socket.destroy();
        return;
      }
      const retryAfter = String(faults?.retryAfterSeconds ?? 1);
      graphError(
        res,
        fault === 'throttle'
          ? new GraphError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': retryAfter })
          : new GraphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', {
              'retry-after': retryAfter,
            }),
      );
      return;
    }
    try {
      if (await identityPlatform(req, res, url)) return;
      if (!url.pathname.startsWith(`${GRAPH}/`)) throw new GraphError(404, 'NotFound', 'Not found.');
      send(res, 200, graph(req, url));
    } catch (error) {
      if (error instanceof GraphError) graphError(res, error);
      else
        graphError(
          res,
          new GraphError(500, 'InternalServerError', error instanceof Error ? error.message : String(error)),
        );
    }
  };

  const server: Server = createServer({ cert: identity.cert, key: identity.key }, (req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `https://${host}:${address.port}`;

  return {
    origin,
    certificate: identity.cert,
    tenant,
    tenantId,
    clientId,
    clientSecret,
    requests,
    tokensIssued: () => issued,
    registerCertificate: (pem) => {
      certificates.push(new X509Certificate(pem));
    },
    setFaults: (f) => {
      faults = f;
      attempts.clear();
    },
    failAfter: (path, n) => {
      const rule = { path, remaining: n };
      rules.add(rule);
      return () => void rules.delete(rule);
    },
    clearFaults: () => {
      faults = null;
      rules.clear();
    },
    faultsInjected: () => injected,
    advanceClock: (ms) => {
      clockOffset += ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The `since` of a page token of a delta listing (0: a page of a full pass). */
function decodeSince(url: URL): number {
  try {
    const state = JSON.parse(
      Buffer.from(url.searchParams.get('$skiptoken') ?? '', 'base64url').toString(),
    ) as {
      since?: number;
    };
    return state.since ?? 0;
  } catch {
    return 0;
  }
}
