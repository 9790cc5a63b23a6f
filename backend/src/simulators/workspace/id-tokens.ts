import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';

/** Claims of a Google ID token as the add-on's `ScriptApp.getIdentityToken()` carries them. */
export interface IdTokenClaims {
  iss?: string;
  aud?: string;
  sub?: string;
  email?: string;
  email_verified?: boolean;
  hd?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
  iat?: number;
  exp?: number;
  nbf?: number;
  [claim: string]: unknown;
}

/**
 * Plays Google's ID-token issuer: an RSA key pair whose public half is served like
 * https://www.googleapis.com/oauth2/v1/certs (`{ kid: PEM }`, with Cache-Control), and a signer
 * that makes RS256 tokens with that `kid`. Verification in the backend is the production path.
 */
export class IdTokenIssuer {
  readonly kid: string;
  readonly #privateKey: string;
  readonly #publicKey: string;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    this.kid = randomBytes(20).toString('hex');
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
  }

  /** The body of GET /oauth2/v1/certs. */
  certs(): Record<string, string> {
    return { [this.kid]: this.#publicKey };
  }

  /** Signs claims (defaults: issued now, valid one hour, issuer accounts.google.com). */
  sign(claims: IdTokenClaims, options: { kid?: string; privateKey?: string } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: 'https://accounts.google.com', iat: now, exp: now + 3600, ...claims };
    const header = { alg: 'RS256', typ: 'JWT', kid: options.kid ?? this.kid };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const signingInput = `${encode(header)}.${encode(payload)}`;
    const signature = createSign('RSA-SHA256')
      .update(signingInput)
      .sign(options.privateKey ?? this.#privateKey)
      .toString('base64url');
    return `${signingInput}.${signature}`;
  }
}
