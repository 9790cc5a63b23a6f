import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { KEY_FILE_NAME } from './key-file.ts';

/*
 * Embedded-mode key rotation keeps the data directory readable at every instant:
 *
 *   1. the new key is written to `encryption.key.next` (through a temp file + rename, so the file is
 *      either absent or complete) — or an existing `.next` from an interrupted run is reused;
 *   2. every secret is re-wrapped under it in ONE database transaction;
 *   3. `encryption.key.next` is renamed over `encryption.key` (atomic on POSIX file systems).
 *
 * A crash before 2 commits leaves the old key in `encryption.key` and everything under it. A crash
 * between 2 and 3 leaves secrets under the `.next` key while `encryption.key` is still the old one:
 * the vault (crypto/vault.ts) then finds the `.next` key by its id, so nothing is unreadable, and
 * running rotate-key again re-uses `.next` and finishes. Never delete `encryption.key.next` by hand.
 */

/** The key a rotation is moving to, beside `encryption.key` until the swap. */
export const NEXT_KEY_FILE_NAME = `${KEY_FILE_NAME}.next`;

const isKey = (text: string) => Buffer.from(text, 'base64').length === 32;

function fsyncDir(dir: string): void {
  // Makes the rename durable; some platforms (Windows) cannot open a directory, which is harmless.
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/** The key in `encryption.key.next`, if such a file exists and holds a key. */
export function readNextKeyFile(dataDir: string): string | undefined {
  const path = join(dataDir, NEXT_KEY_FILE_NAME);
  if (!existsSync(path)) return undefined;
  const key = readFileSync(path, 'utf8').trim();
  return isKey(key) ? key : undefined;
}

/**
 * Step 1: the key to rotate to. Re-uses `encryption.key.next` when an earlier rotation left it
 * (secrets may already be under it), otherwise generates one and writes it durably (mode 0600).
 */
export function prepareNextKeyFile(dataDir: string): { key: string; reused: boolean } {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, NEXT_KEY_FILE_NAME);
  if (existsSync(path)) {
    const key = readFileSync(path, 'utf8').trim();
    if (!isKey(key)) {
      throw new Error(`${path} does not hold a base64 32-byte key; restore it from backup`);
    }
    return { key, reused: true };
  }
  const key = randomBytes(32).toString('base64');
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, `${key}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(temp, 0o600);
  renameSync(temp, path);
  fsyncDir(dataDir);
  return { key, reused: false };
}

/** Step 3: `encryption.key.next` replaces `encryption.key` in one atomic rename. */
export function promoteNextKeyFile(dataDir: string): void {
  const next = join(dataDir, NEXT_KEY_FILE_NAME);
  chmodSync(next, 0o600);
  renameSync(next, join(dataDir, KEY_FILE_NAME));
  fsyncDir(dataDir);
}
