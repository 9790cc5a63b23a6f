// The service account and Google's OAuth token endpoint for it (JWT bearer grant, RFC 7523), as
// domain-wide delegation uses it: the client signs an RS256 assertion with the service account's
// private key, claiming `iss` = the service account, `sub` = the admin it acts as, `scope`, `aud` =
// the token URL; the endpoint verifies it with the public key and answers an access token that the
// Directory and Licensing handlers then require as `Authorization: Bearer`.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  verify,
  type KeyObject,
} from 'node:crypto';
import {
  OAuthError,
  forbidden,
  insufficientScopes,
  invalidCredentials,
  loginRequired,
  type ApiError,
} from './errors.ts';
import { hash32, hex8 } from './random.ts';

/** The JSON key file Google hands out for a service account. */
export interface ServiceAccountKey {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  /** PEM, PKCS#8. */
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  auth_provider_x509_cert_url: string;
  client_x509_cert_url: string;
  universe_domain: string;
}

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
/** Clock skew tolerated on `iat` / `exp`. */
const SKEW_SECONDS = 300;

const SCOPE = 'https://www.googleapis.com/auth/';

/**
 * Scopes accepted per API area: any one of them authorizes the call. Reads accept the read-only
 * scope too; writes (the `…Write` areas and the security and action areas) only the full scope,
 * as Google's reference lists them per method.
 */
export const API_SCOPES = {
  users: [`${SCOPE}admin.directory.user`, `${SCOPE}admin.directory.user.readonly`],
  groups: [`${SCOPE}admin.directory.group`, `${SCOPE}admin.directory.group.readonly`],
  members: [
    `${SCOPE}admin.directory.group.member`,
    `${SCOPE}admin.directory.group.member.readonly`,
    `${SCOPE}admin.directory.group`,
    `${SCOPE}admin.directory.group.readonly`,
  ],
  orgunits: [`${SCOPE}admin.directory.orgunit`, `${SCOPE}admin.directory.orgunit.readonly`],
  chromeos: [`${SCOPE}admin.directory.device.chromeos`, `${SCOPE}admin.directory.device.chromeos.readonly`],
  mobile: [
    `${SCOPE}admin.directory.device.mobile`,
    `${SCOPE}admin.directory.device.mobile.readonly`,
    `${SCOPE}admin.directory.device.mobile.action`,
  ],
  domains: [`${SCOPE}admin.directory.domain`, `${SCOPE}admin.directory.domain.readonly`],
  customer: [`${SCOPE}admin.directory.customer`, `${SCOPE}admin.directory.customer.readonly`],
  licensing: [`${SCOPE}apps.licensing`],
  reports: [`${SCOPE}admin.reports.audit.readonly`, `${SCOPE}admin.reports.audit`],
  // Writes (the lifecycle): users.insert/update, members.insert/delete, …
  usersWrite: [`${SCOPE}admin.directory.user`],
  /** users.signOut, tokens.list/delete. */
  userSecurity: [`${SCOPE}admin.directory.user.security`],
  membersWrite: [`${SCOPE}admin.directory.group.member`, `${SCOPE}admin.directory.group`],
  /** mobiledevices.action. */
  mobileAction: [`${SCOPE}admin.directory.device.mobile.action`, `${SCOPE}admin.directory.device.mobile`],
  datatransfer: [`${SCOPE}admin.datatransfer`, `${SCOPE}admin.datatransfer.readonly`],
  datatransferWrite: [`${SCOPE}admin.datatransfer`],
} as const satisfies Record<string, readonly string[]>;

export type ApiArea = keyof typeof API_SCOPES;

/** Every scope the simulated service account is delegated (the Admin console's DWD allow-list). */
export const ALL_API_SCOPES: readonly string[] = [...new Set(Object.values(API_SCOPES).flat())];

/** Makes a fresh service account key (a new 2048-bit RSA key pair). */
export function createServiceAccountKey(seed = 1): ServiceAccountKey {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const projectId = `helios-sim-${hex8(hash32(seed, 501)).slice(0, 6)}`;
  const clientEmail = `helios-sync@${projectId}.iam.gserviceaccount.com`;
  return {
    type: 'service_account',
    project_id: projectId,
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey,
    client_email: clientEmail,
    client_id: `1${String(hash32(seed, 502)).padStart(10, '0')}${String(hash32(seed, 503)).padStart(10, '0')}`,
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: GOOGLE_TOKEN_URL,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
    universe_domain: 'googleapis.com',
  };
}

export interface IssuedToken {
  expiresAt: number;
  scopes: ReadonlySet<string>;
  subject: string;
}

export interface TokenServiceOptions {
  /** Reuse a key (e.g. one saved by an earlier simulator run); default: generate on first use. */
  key?: ServiceAccountKey;
  seed?: number;
  /** Token URLs accepted as `aud` besides Google's. */
  audiences: () => string[];
  /** Whether `email` is an active admin of the directory (the only accepted `sub`). */
  isAdmin: (email: string) => boolean;
  /** Whether `email` is a user of the directory at all. */
  isUser: (email: string) => boolean;
  /** Whether `email` has a Gmail mailbox (Gmail scopes may impersonate any such user). */
  isMailbox?: (email: string) => boolean;
  /** The Gmail scopes (a token asking only for these needs a mailbox, not an admin). */
  gmailScopes?: readonly string[];
  /** The Gmail scopes delegated when `delegatedScopes` is not given. */
  delegatedGmailScopes?: readonly string[];
  /** Scopes the service account may request (domain-wide delegation); default all of API_SCOPES. */
  delegatedScopes?: readonly string[];
  /** Check each API's scopes on its requests (default true). */
  enforceScopes?: boolean;
}

/** Exchanges signed assertions for access tokens and checks bearer tokens. */
export class TokenService {
  readonly #options: TokenServiceOptions;
  #key: ServiceAccountKey | undefined;
  #publicKey: KeyObject | undefined;
  readonly #tokens = new Map<string, IssuedToken>();

  constructor(options: TokenServiceOptions) {
    this.#options = options;
    this.#key = options.key;
  }

  /** The key file (generated on first use, ~100 ms). */
  serviceAccountKey(): ServiceAccountKey {
    this.#key ??= createServiceAccountKey(this.#options.seed);
    return this.#key;
  }

  #verificationKey(): KeyObject {
    this.#publicKey ??= createPublicKey(createPrivateKey(this.serviceAccountKey().private_key));
    return this.#publicKey;
  }

  /** Forgets every issued access token (clients must fetch new ones). */
  revokeAll(): void {
    this.#tokens.clear();
  }

  /** Handles the token request body; throws OAuthError. */
  exchange(
    form: URLSearchParams,
    now = Date.now(),
  ): { access_token: string; expires_in: number; token_type: 'Bearer' } {
    const grantType = form.get('grant_type');
    if (grantType === null)
      throw new OAuthError(400, 'invalid_request', 'Missing required parameter: grant_type');
    if (grantType !== JWT_BEARER_GRANT) {
      throw new OAuthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
    }
    const assertion = form.get('assertion');
    if (assertion === null || assertion === '') {
      throw new OAuthError(400, 'invalid_request', 'Missing required parameter: assertion');
    }
    const claims = this.#verify(assertion);
    const key = this.serviceAccountKey();
    if (claims.iss !== key.client_email) throw new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.');
    const audiences = [GOOGLE_TOKEN_URL, ...this.#options.audiences()];
    if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud)) {
      throw new OAuthError(400, 'invalid_grant', 'Invalid JWT: Failed audience check.');
    }
    const nowSeconds = Math.floor(now / 1000);
    const { iat, exp } = claims;
    if (
      typeof iat !== 'number' ||
      typeof exp !== 'number' ||
      iat > nowSeconds + SKEW_SECONDS ||
      exp < nowSeconds - SKEW_SECONDS ||
      exp <= iat ||
      exp - iat > 3600
    ) {
      throw new OAuthError(
        400,
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      );
    }
    if (typeof claims.scope !== 'string' || claims.scope.trim() === '') {
      throw new OAuthError(400, 'invalid_scope', 'Empty or missing scope not allowed.');
    }
    const scopes = new Set(claims.scope.trim().split(/\s+/));
    const gmailScopes = this.#options.gmailScopes ?? [];
    const delegated = new Set(
      this.#options.delegatedScopes ?? [...ALL_API_SCOPES, ...(this.#options.delegatedGmailScopes ?? [])],
    );
    const subject = typeof claims.sub === 'string' ? claims.sub.toLowerCase() : undefined;
    const isMailbox = (email: string) => this.#options.isMailbox?.(email) ?? false;
    if (subject !== undefined && !this.#options.isUser(subject) && !isMailbox(subject)) {
      throw new OAuthError(400, 'invalid_grant', 'Invalid email or User ID');
    }
    // Gmail is used as the mailbox's own user (any user, not only admins); everything else as an admin.
    const gmailOnly = [...scopes].every((s) => gmailScopes.includes(s));
    if (
      subject === undefined ||
      !(gmailOnly ? isMailbox(subject) || this.#options.isUser(subject) : this.#options.isAdmin(subject)) ||
      [...scopes].some((s) => !delegated.has(s))
    ) {
      throw new OAuthError(
        401,
        'unauthorized_client',
        'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
      );
    }
    for (const [token, issued] of this.#tokens) if (issued.expiresAt <= now) this.#tokens.delete(token);
    const accessToken = `ya29.sim-${randomBytes(36).toString('base64url')}`;
    this.#tokens.set(accessToken, {
      expiresAt: now + ACCESS_TOKEN_LIFETIME_SECONDS * 1000,
      scopes,
      subject,
    });
    return { access_token: accessToken, expires_in: ACCESS_TOKEN_LIFETIME_SECONDS, token_type: 'Bearer' };
  }

  #verify(assertion: string): Record<string, unknown> {
    const parts = assertion.split('.');
    const malformed = () => new OAuthError(400, 'invalid_grant', 'Invalid JWT: malformed assertion.');
    if (parts.length !== 3) throw malformed();
    const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
    let header: unknown;
    let payload: unknown;
    try {
      header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
    } catch {
      throw malformed();
    }
    if (!isObject(header) || !isObject(payload)) throw malformed();
    if (header.alg !== 'RS256') throw new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.');
    if (header.kid !== undefined && header.kid !== this.serviceAccountKey().private_key_id) {
      throw new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.');
    }
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      this.#verificationKey(),
      Buffer.from(signaturePart, 'base64url'),
    );
    if (!ok) throw new OAuthError(400, 'invalid_grant', 'Invalid JWT Signature.');
    return payload;
  }

  /** The subject and scopes of a live bearer token (Gmail checks its scopes per call), or the error. */
  bearer(authorization: string | undefined, now = Date.now()): IssuedToken | ApiError {
    if (authorization === undefined || authorization === '') return loginRequired();
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match === null) return invalidCredentials();
    const issued = this.#tokens.get(match[1] ?? '');
    if (issued === undefined || issued.expiresAt <= now) return invalidCredentials();
    return issued;
  }

  /**
   * Checks a request's Authorization header for an area; returns the error to answer, if any.
   * A token stops working when its subject is no longer an active admin.
   */
  authorize(authorization: string | undefined, area: ApiArea, now = Date.now()): ApiError | undefined {
    if (authorization === undefined || authorization === '') return loginRequired();
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match === null) return invalidCredentials();
    const issued = this.#tokens.get(match[1] ?? '');
    if (issued === undefined || issued.expiresAt <= now) return invalidCredentials();
    if (this.#options.enforceScopes !== false) {
      const accepted: readonly string[] = API_SCOPES[area];
      if (!accepted.some((scope) => issued.scopes.has(scope))) return insufficientScopes();
    }
    if (!this.#options.isAdmin(issued.subject)) return forbidden();
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
