import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every Helios API key starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'helios_';

export interface GeneratedApiKey {
  /** The whole key, shown to its creator once. */
  key: string;
  /** The public part stored in clear and used to find the row: `helios_<12 hex>`. */
  prefix: string;
  hash: string;
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A new key: prefix + 6 random bytes (lookup id) + `_` + 32 random bytes (the secret). */
export function generateApiKey(): GeneratedApiKey {
  const prefix = `${API_KEY_PREFIX}${randomBytes(6).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The lookup prefix of something that looks like a Helios key, else undefined. */
export function apiKeyPrefixOf(token: string): string | undefined {
  const match = /^(helios_[0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(token);
  return match?.[1];
}

/** Constant-time comparison of a presented key with a stored hash. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
