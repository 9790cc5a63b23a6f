// GraphSource (source.ts) on msal-node and fetch:
//   - the token: app-only, client credentials through @azure/msal-node's ConfidentialClientApplication
//     (its token cache and proactive refresh; scope https://graph.microsoft.com/.default). msal's
//     network client is ours (below), so its metadata and token requests are counted, go through
//     the same origin switch, and are refused anywhere else;
//   - Graph: plain fetch (Graph's REST API needs no SDK for GETs with paging), every call — one page
//     — under the same retry policy as Google's (google/retry.ts: exponential backoff with full
//     jitter, Retry-After honoured on 429/503, exactly the retryable errors retried).
// HELIOS_MICROSOFT_LOGIN_ORIGIN / HELIOS_MICROSOFT_GRAPH_ORIGIN (api.md, round 2) send every
// request to other origins (the Graph simulator, tests); both must be https: msal-node refuses
// http authorities, and a login origin other than Microsoft's goes into msal's knownAuthorities
// (msal then reads `/{tenant}/v2.0/.well-known/openid-configuration` from that origin).
import {
  ConfidentialClientApplication,
  LogLevel,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { classifyError, retriedCall, TransientError, type RetryOptions } from '../google/retry.ts';
import type {
  DeltaListing,
  GraphDirectoryMember,
  GraphGroup,
  GraphManagedDevice,
  GraphSku,
  GraphSource,
  GraphUser,
  GraphUserLicenses,
} from './source.ts';

export const MICROSOFT_LOGIN_ORIGIN = 'https://login.microsoftonline.com';
export const MICROSOFT_GRAPH_ORIGIN = 'https://graph.microsoft.com';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const DEFAULT_TIMEOUT_MS = 60_000;

/** `$select` of each listing: only what source.ts types carry. */
export const SELECT = {
  users:
    'id,userPrincipalName,mail,displayName,givenName,surname,jobTitle,department,mobilePhone,businessPhones,officeLocation,accountEnabled,userType',
  groups: 'id,displayName,mail,description,groupTypes,securityEnabled,mailEnabled,members',
  members: 'id,mail,userPrincipalName',
  licenses: 'id,userPrincipalName,mail,assignedLicenses',
  devices:
    'id,deviceName,manufacturer,model,serialNumber,operatingSystem,osVersion,complianceState,lastSyncDateTime,managedDeviceOwnerType,userId,userPrincipalName',
} as const;

/** Page sizes: the most each listing accepts. */
export const PAGE_SIZES = { delta: 999, users: 999, members: 999, devices: 1000 } as const;

/** Validates a HELIOS_MICROSOFT_*_ORIGIN: an https origin without path, query or credentials. */
export function normalizeMicrosoftOrigin(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:')
    throw new Error(`${name} must be https (msal-node refuses http authorities): ${JSON.stringify(value)}`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '')
    throw new Error(`${name} must be an origin without a path: ${JSON.stringify(value)}`);
  if (url.username !== '' || url.password !== '') throw new Error(`${name} must not contain credentials`);
  return url.origin;
}

/** Whether a host is Microsoft's login or Graph host (rewritten to the configured origins). */
const isMicrosoftHost = (host: string) =>
  host === 'login.microsoftonline.com' || host === 'graph.microsoft.com';

/** A Graph answer other than 2xx, shaped for retry.ts's classifier (`response.status/headers/data`). */
export class GraphHttpError extends Error {
  override name = 'GraphHttpError';
  readonly response: { status: number; headers: Headers; data: unknown };
  /** Graph's `error.code` (e.g. syncStateNotFound, TooManyRequests). */
  readonly code: string | undefined;
  constructor(operation: string, status: number, headers: Headers, data: unknown) {
    const error = (data as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof error?.code === 'string' ? error.code : undefined;
    const message = typeof error?.message === 'string' ? error.message : '';
    super(`Graph ${operation}: HTTP ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`);
    this.response = { status, headers, data };
    this.code = code;
  }
}

/** A Microsoft call that failed for good: not retryable, or out of attempts. */
export class MicrosoftApiError extends Error {
  override name = 'MicrosoftApiError';
  readonly status: number | undefined;
  readonly code: string | undefined;
  constructor(operation: string, attempts: number, cause: unknown) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(`Microsoft ${operation} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${message}`, {
      cause,
    });
    this.status = classifyError(cause).status;
    this.code = cause instanceof GraphHttpError ? cause.code : undefined;
  }
}

/** Graph's answers that mean "this delta link is gone: start over with a full pass". */
export function isExpiredDelta(error: unknown): boolean {
  const cause = error instanceof MicrosoftApiError ? error.cause : error;
  if (!(cause instanceof GraphHttpError)) return false;
  return (
    cause.response.status === 410 ||
    cause.code === 'syncStateNotFound' ||
    cause.code === 'syncStateInvalid' ||
    cause.code === 'resyncRequired'
  );
}

/** What the clients log (a pino logger fits). Never the secret, a token or a URL. */
export interface MicrosoftClientLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

/** An app registration's certificate credential: the certificate (PEM) and its private key (PEM). */
export interface ClientCertificate {
  certificate: string;
  privateKey: string;
}

/** Who Helios is to Entra ID: an app registration with a client secret or a certificate. */
export interface MicrosoftCredentials {
  tenantId: string;
  clientId: string;
  /** Exactly one of the two. */
  clientSecret?: string | undefined;
  certificate?: ClientCertificate | undefined;
}

/** The certificate's SHA-256 thumbprint, hex (what msal puts in the assertion's `x5t#S256`). */
export const thumbprintOf = (certificatePem: string): string =>
  new X509Certificate(certificatePem).fingerprint256.replace(/:/g, '').toLowerCase();

export interface GraphSourceOptions extends MicrosoftCredentials {
  /** HELIOS_MICROSOFT_LOGIN_ORIGIN: the token endpoint's origin (default Microsoft's). */
  loginOrigin?: string | undefined;
  /** HELIOS_MICROSOFT_GRAPH_ORIGIN: Graph's origin (default graph.microsoft.com). */
  graphOrigin?: string | undefined;
  retry?: RetryOptions;
  logger?: MicrosoftClientLogger | undefined;
  timeoutMs?: number;
  /** Smaller pages than Graph's maximum (tests: more round trips through paging and faults). */
  pageSizes?: Partial<Record<keyof typeof PAGE_SIZES, number>>;
  /**
   * A session kept across runs (msal's token cache: a run within the token's lifetime asks for no
   * new token). Built here when absent; see createMicrosoftSession.
   */
  session?: MicrosoftSession;
}

/** One app registration's msal application on its transport. */
export interface MicrosoftSession {
  transport: MicrosoftTransport;
  app: ConfidentialClientApplication;
}

export function createMicrosoftSession(
  options: Pick<
    GraphSourceOptions,
    'tenantId' | 'clientId' | 'clientSecret' | 'certificate' | 'loginOrigin' | 'graphOrigin' | 'timeoutMs'
  >,
): MicrosoftSession {
  const transport = createMicrosoftTransport(options);
  return { transport, app: msalApplication(options, transport) };
}

/** The HTTP layer every Microsoft request goes through: origin check, counter, timeout. */
export interface MicrosoftTransport {
  loginOrigin: string;
  graphOrigin: string;
  fetch(url: URL, init: RequestInit, allowed: 'login' | 'graph'): Promise<Response>;
  /** msal's network client on the same fetch. */
  network: INetworkModule;
  requestCount(): number;
  /**
   * The network failure (no answer) of the last login request, cleared when read: msal reports an
   * unreachable metadata endpoint as `endpoints_resolution_error`, as it does an unknown tenant.
   */
  takeLoginFailure(): unknown;
}

export function createMicrosoftTransport(
  options: Pick<GraphSourceOptions, 'loginOrigin' | 'graphOrigin' | 'timeoutMs'>,
): MicrosoftTransport {
  const loginOrigin = normalizeMicrosoftOrigin(
    options.loginOrigin ?? MICROSOFT_LOGIN_ORIGIN,
    'HELIOS_MICROSOFT_LOGIN_ORIGIN',
  );
  const graphOrigin = normalizeMicrosoftOrigin(
    options.graphOrigin ?? MICROSOFT_GRAPH_ORIGIN,
    'HELIOS_MICROSOFT_GRAPH_ORIGIN',
  );
  let sent = 0;
  let loginFailure: unknown;
  const send = async (url: URL, init: RequestInit, allowed: 'login' | 'graph') => {
    const origin = allowed === 'login' ? loginOrigin : graphOrigin;
    // Microsoft's own hosts (msal's defaults, Graph's links) go to the configured origin instead.
    const target = isMicrosoftHost(url.hostname) ? new URL(`${url.pathname}${url.search}`, origin) : url;
    if (target.origin !== origin)
      throw new Error(
        `Refusing to send a request to ${target.origin}: the Microsoft ${allowed} origin is ${origin}`,
      );
    sent++;
    try {
      return await fetch(target, {
        ...init,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      if (allowed === 'login') loginFailure = error;
      throw error;
    }
  };
  const network: INetworkModule = {
    sendGetRequestAsync: <T>(url: string, o?: NetworkRequestOptions) =>
      msalCall<T>(send, url, { method: 'GET', headers: o?.headers ?? {} }),
    sendPostRequestAsync: <T>(url: string, o?: NetworkRequestOptions) =>
      msalCall<T>(send, url, {
        method: 'POST',
        headers: o?.headers ?? {},
        ...(o?.body === undefined ? {} : { body: o.body }),
      }),
  };
  return {
    loginOrigin,
    graphOrigin,
    fetch: send,
    network,
    requestCount: () => sent,
    takeLoginFailure: () => {
      const failure = loginFailure;
      loginFailure = undefined;
      return failure;
    },
  };
}

async function msalCall<T>(
  send: MicrosoftTransport['fetch'],
  url: string,
  init: RequestInit,
): Promise<NetworkResponse<T>> {
  const res = await send(new URL(url), init, 'login');
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new TransientError(`Unreadable answer from the Microsoft login endpoint (HTTP ${res.status})`);
  }
  const headers: Record<string, string> = {};
  res.headers.forEach((value, key) => {
    headers[key] = value;
  });
  return { status: res.status, headers, body: body as T };
}

/** A msal application for one app registration, on the transport's network client. */
export function msalApplication(
  options: MicrosoftCredentials,
  transport: MicrosoftTransport,
): ConfidentialClientApplication {
  const custom = transport.loginOrigin !== MICROSOFT_LOGIN_ORIGIN;
  const { certificate } = options;
  return new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      // A certificate: msal signs a client assertion (PS256, `x5t#S256`) with its key.
      ...(certificate
        ? {
            clientCertificate: {
              thumbprintSha256: thumbprintOf(certificate.certificate),
              privateKey: createPrivateKey(certificate.privateKey)
                .export({ type: 'pkcs8', format: 'pem' })
                .toString(),
              x5c: certificate.certificate,
            },
          }
        : { clientSecret: options.clientSecret ?? '' }),
      authority: `${transport.loginOrigin}/${encodeURIComponent(options.tenantId)}`,
      // A login origin msal does not know is trusted as given (no instance discovery).
      ...(custom ? { knownAuthorities: [new URL(transport.loginOrigin).host] } : {}),
    },
    system: {
      networkClient: transport.network,
      // msal's own log is off: its lines could carry request details.
      loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
    },
  });
}

function rebase(link: string, origin: string): URL {
  const url = new URL(link);
  return new URL(`${url.pathname}${url.search}`, origin);
}

interface GraphPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export function createGraphSource(options: GraphSourceOptions): GraphSource {
  for (const [name, value] of [
    ['tenantId', options.tenantId],
    ['clientId', options.clientId],
  ] as const) {
    if (typeof value !== 'string' || value.trim() === '') throw new Error(`Microsoft ${name} is missing`);
  }
  if (
    (options.clientSecret === undefined || options.clientSecret === '') ===
    (options.certificate === undefined)
  )
    throw new Error('Microsoft credentials need exactly one of a client secret and a certificate');
  const { transport, app } = options.session ?? createMicrosoftSession(options);
  const size = { ...PAGE_SIZES, ...options.pageSizes };
  // A kept session counts across runs: this source reports its own requests.
  const baseline = transport.requestCount();

  /** One call under the retry policy; the final error becomes a MicrosoftApiError. */
  const call = <T>(operation: string, fn: () => Promise<T>): Promise<T> =>
    retriedCall(operation, fn, {
      retry: options.retry,
      logger: options.logger,
      message: 'Microsoft request failed; retrying',
      codeOf: (error) => (error instanceof GraphHttpError ? error.code : undefined),
      wrap: (op, attempts, error) => new MicrosoftApiError(op, attempts, error),
    });

  const accessToken = () =>
    call('token', async () => {
      transport.takeLoginFailure();
      let result;
      try {
        result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
      } catch (error) {
        // The login endpoint did not answer (rather than refused): worth another attempt.
        const failure = transport.takeLoginFailure();
        if (failure !== undefined)
          throw new TransientError(
            `Microsoft login endpoint unreachable: ${failure instanceof Error ? failure.message : String(failure)}`,
            { cause: error },
          );
        throw error;
      }
      if (!result?.accessToken) throw new Error('Microsoft returned no access token');
      return result.accessToken;
    });

  const getJson = <T>(operation: string, url: URL, headers: Record<string, string> = {}) =>
    call(operation, async () => {
      const token = await accessToken();
      const res = await transport.fetch(
        url,
        { headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...headers } },
        'graph',
      );
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        // A page cut off mid-stream (or an HTML error page): worth another attempt.
        if (res.ok) throw new TransientError(`Graph ${operation}: unreadable page`);
        body = undefined;
      }
      if (!res.ok) throw new GraphHttpError(operation, res.status, res.headers, body);
      return body as T;
    });

  const graphUrl = (path: string, query: Record<string, string>) => {
    const url = new URL(`/v1.0/${path}`, transport.graphOrigin);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  };

  async function* pages<T>(operation: string, first: URL, headers: Record<string, string> = {}) {
    let url: URL | undefined = first;
    while (url) {
      const page: GraphPage<T> = await getJson<GraphPage<T>>(operation, url, headers);
      yield page.value ?? [];
      url = page['@odata.nextLink'] ? new URL(page['@odata.nextLink']) : undefined;
    }
  }

  function delta<T extends { id: string; '@removed'?: unknown }>(
    resource: 'users' | 'groups',
    select: string,
    deltaLink: string | undefined,
  ): DeltaListing<T> {
    let mode: 'full' | 'delta' = deltaLink ? 'delta' : 'full';
    let removed: string[] = [];
    let cursor: string | undefined;
    const first = graphUrl(`${resource}/delta`, { $select: select });
    const headers = { prefer: `odata.maxpagesize=${size.delta}` };
    async function* run(): AsyncGenerator<T[], void, undefined> {
      // A stored link keeps its path and query on today's Graph origin: the origin may have moved
      // since it was saved (HELIOS_MICROSOFT_GRAPH_ORIGIN changed, the demo's simulator restarted).
      let url: URL = deltaLink ? rebase(deltaLink, transport.graphOrigin) : first;
      for (;;) {
        let page: GraphPage<T>;
        try {
          page = await getJson<GraphPage<T>>(`${resource}/delta`, url, headers);
        } catch (error) {
          if (mode === 'delta' && isExpiredDelta(error)) {
            // The link expired (or Graph lost its state): a full pass from the start, which the
            // engine archives by anti-join, so what the partial delta did is covered too.
            options.logger?.warn({ resource }, 'Microsoft delta link expired; running a full pass');
            mode = 'full';
            removed = [];
            url = first;
            continue;
          }
          throw error;
        }
        const live: T[] = [];
        for (const item of page.value ?? []) {
          if (item['@removed'] !== undefined) {
            if (mode === 'delta') removed.push(item.id);
          } else live.push(item);
        }
        if (live.length > 0) yield live;
        if (page['@odata.nextLink']) {
          url = new URL(page['@odata.nextLink']);
          continue;
        }
        cursor = page['@odata.deltaLink'];
        return;
      }
    }
    return { pages: run(), mode: () => mode, removed: () => removed, cursor: () => cursor };
  }

  return {
    async token() {
      await accessToken();
    },
    users: (link) => delta<GraphUser>('users', SELECT.users, link),
    groups: (link) => delta<GraphGroup>('groups', SELECT.groups, link),
    groupMembers: (groupId) =>
      pages<GraphDirectoryMember>(
        'groups/members',
        graphUrl(`groups/${encodeURIComponent(groupId)}/members`, {
          $select: SELECT.members,
          $top: String(size.members),
        }),
      ),
    subscribedSkus: async () =>
      (await getJson<GraphPage<GraphSku>>('subscribedSkus', graphUrl('subscribedSkus', {}))).value ?? [],
    userLicenses: () =>
      pages<GraphUserLicenses>(
        'users',
        graphUrl('users', { $select: SELECT.licenses, $top: String(size.users) }),
      ),
    managedDevices: () =>
      pages<GraphManagedDevice>(
        'managedDevices',
        graphUrl('deviceManagement/managedDevices', {
          $select: SELECT.devices,
          $top: String(size.devices),
        }),
      ),
    requestCount: () => transport.requestCount() - baseline,
  };
}
