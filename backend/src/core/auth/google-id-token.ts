import { OAuth2Client } from 'google-auth-library';

/** The claims Helios uses from a verified Google ID token. */
export interface GoogleIdentity {
  email: string;
  /** The Workspace domain; undefined for a consumer Google account (only with `outsideAccounts`). */
  hd: string | undefined;
  /** `hd` is the organization's domain: such a person may be created on first sight. */
  inOrganizationDomain: boolean;
  sub: string;
  givenName: string | undefined;
  familyName: string | undefined;
  picture: string | undefined;
}

/** Why a token was refused; the message is safe to return (it never contains the token). */
export class IdTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdTokenError';
  }
}

export interface IdTokenVerifierOptions {
  /** OAuth client ids accepted as `aud`; none → every Google token is refused. */
  audiences: string[];
  /** The organization's Workspace domain: the token's `hd` must equal it. */
  orgDomain: string;
  /** Origin serving `/oauth2/v1/certs` instead of Google (the simulator, tests). */
  apiOrigin: string | undefined;
}

export interface VerifyOptions {
  /**
   * Also accept accounts outside the organization's Workspace (vendor contacts signing in to the
   * web console with their own Google account). The caller must then only let in people already
   * known to Helios: `inOrganizationDomain` is false for them.
   */
  outsideAccounts?: boolean;
}

export interface IdTokenVerifier {
  verify(token: string, options?: VerifyOptions): Promise<GoogleIdentity>;
}

const CLOCK_SKEW_SECONDS = 300;

/**
 * Verifies Google ID tokens with google-auth-library (signature by `kid` against Google's
 * certificates, cached per their Cache-Control; expiry; issuer; audience), then the checks the
 * library leaves to us: `nbf`, `email_verified`, and `hd` equal to the organization's domain.
 */
export function createIdTokenVerifier(options: IdTokenVerifierOptions): IdTokenVerifier {
  const client = new OAuth2Client(
    options.apiOrigin
      ? { endpoints: { oauth2FederatedSignonPemCertsUrl: `${options.apiOrigin}/oauth2/v1/certs` } }
      : {},
  );
  const domain = options.orgDomain.toLowerCase();
  return {
    async verify(token, verifyOptions = {}) {
      if (options.audiences.length === 0) {
        throw new IdTokenError('Google sign-in is not configured (HELIOS_GOOGLE_AUDIENCES is empty)');
      }
      let payload;
      try {
        const ticket = await client.verifyIdToken({ idToken: token, audience: options.audiences });
        payload = ticket.getPayload();
      } catch (error) {
        throw new IdTokenError(describe(error));
      }
      if (!payload) throw new IdTokenError('ID token has no payload');
      const now = Date.now() / 1000;
      const nbf = (payload as { nbf?: unknown }).nbf;
      if (typeof nbf === 'number' && nbf > now + CLOCK_SKEW_SECONDS)
        throw new IdTokenError('ID token is not yet valid');
      if (!payload.email) throw new IdTokenError('ID token carries no email');
      if (payload.email_verified !== true) throw new IdTokenError('ID token email is not verified');
      const hd = payload.hd?.toLowerCase();
      const inOrganizationDomain = hd === domain;
      if (!inOrganizationDomain && !verifyOptions.outsideAccounts) {
        if (!hd) throw new IdTokenError('ID token is not from a Google Workspace account (no hd claim)');
        throw new IdTokenError('ID token is from another Workspace domain');
      }
      return {
        email: payload.email.toLowerCase(),
        hd,
        inOrganizationDomain,
        sub: payload.sub,
        givenName: payload.given_name,
        familyName: payload.family_name,
        picture: payload.picture,
      };
    },
  };
}

/** The library's messages embed the whole token; map them to short reasons without it. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/No pem found/.test(message)) return 'ID token signed by an unknown key';
  if (/Invalid token signature/.test(message)) return 'ID token signature is invalid';
  if (/used too late/.test(message)) return 'ID token has expired';
  if (/used too early/.test(message)) return 'ID token is not yet valid';
  if (/too far in future/.test(message)) return 'ID token lifetime is too long';
  if (/Invalid issuer/.test(message)) return 'ID token issuer is not Google';
  if (/Wrong recipient/.test(message)) return 'ID token audience is not accepted';
  if (/segments|parse token|iat|exp/.test(message)) return 'ID token is malformed';
  return 'ID token could not be verified';
}
