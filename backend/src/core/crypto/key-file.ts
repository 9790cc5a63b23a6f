import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const KEY_FILE_NAME = 'encryption.key';

/**
 * The key-encryption key for embedded mode: generated once into the data directory (mode 0600)
 * and read back on every start, so a newcomer never has to make one. Server mode requires
 * HELIOS_ENCRYPTION_KEY instead (config.ts), because a key next to a shared database is no secret.
 */
export function loadOrCreateKeyFile(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, KEY_FILE_NAME);
  try {
    const fd = openSync(path, 'wx', 0o600);
    writeSync(fd, `${randomBytes(32).toString('base64')}\n`);
    closeSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(path, 0o600);
  const key = readFileSync(path, 'utf8').trim();
  if (Buffer.from(key, 'base64').length !== 32) {
    throw new Error(
      `${path} does not hold a base64 32-byte key; restore it from backup (secrets depend on it)`,
    );
  }
  return key;
}
