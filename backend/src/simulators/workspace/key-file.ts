import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ServiceAccountKey } from './token.ts';

/** A service-account key file written earlier, or undefined when absent or not a key file. */
export function readKeyFile(path: string): ServiceAccountKey | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'type' in parsed &&
      parsed.type === 'service_account' &&
      'private_key' in parsed &&
      typeof parsed.private_key === 'string' &&
      'client_email' in parsed &&
      typeof parsed.client_email === 'string'
    ) {
      return parsed as ServiceAccountKey;
    }
  } catch {
    // unreadable or not JSON: the caller makes a new key
  }
  return undefined;
}

/** Writes the key as Google's key-file JSON, readable by its owner only. */
export function writeKeyFile(path: string, key: ServiceAccountKey): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}
