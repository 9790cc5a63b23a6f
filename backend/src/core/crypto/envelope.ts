import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/*
 * Envelope encryption of one secret value (format version 1).
 *
 * Every value gets a fresh random 256-bit data key (DEK). The value is encrypted with AES-256-GCM
 * under the DEK; the DEK itself is encrypted ("wrapped") with AES-256-GCM under the key-encryption
 * key (KEK, HELIOS_ENCRYPTION_KEY or the generated key file). Rotating the KEK therefore only
 * re-wraps 32-byte DEKs: the ciphertext of the value never changes (see commands/rotate-key.ts).
 *
 * The stored blob is self-describing, so it can be read without any other column:
 *
 *   offset  size  field
 *        0     1  format version (0x01)
 *        1     8  KEK id: first 8 bytes of SHA-256("helios-kek-id\0" || KEK)
 *        9    12  IV of the DEK wrapping
 *       21    32  wrapped DEK
 *       53    16  GCM tag of the DEK wrapping
 *       69    12  IV of the value
 *       81    16  GCM tag of the value
 *       97     n  ciphertext of the value (n = plaintext length)
 *
 * Associated data binds both layers to where the blob lives, a context string such as
 * `credentials:42:password_encrypted` (crypto/encrypted-columns.ts builds it):
 *   - the value:       version || context
 *   - the DEK wrapping: version || KEK id || context
 * A blob copied to another row or column, or a header edited to claim another key, fails the GCM
 * check instead of decrypting. The value's associated data leaves the KEK id out on purpose, so a
 * re-wrap under a new KEK does not have to touch the value's ciphertext.
 *
 * The KEK id is a hash of the key, not the key's position in a list, so keys can be supplied in any
 * order (current, previous, a leftover `.next` file) and the right one is found by id. With 64 bits
 * a collision between an installation's handful of keys is not a practical concern; a collision
 * would only mean a failed GCM check, never a wrong plaintext.
 */

/** The blob layout version written today (byte 0 of every blob). */
export const FORMAT_VERSION = 1;
const KEY_ID_BYTES = 8;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DEK_BYTES = 32;
const HEADER_BYTES = 1 + KEY_ID_BYTES;
const WRAP_END = HEADER_BYTES + IV_BYTES + DEK_BYTES + TAG_BYTES; // 69
const VALUE_IV_END = WRAP_END + IV_BYTES; // 81
const VALUE_TAG_END = VALUE_IV_END + TAG_BYTES; // 97
/** The smallest possible blob: an empty value. */
export const MIN_BLOB_BYTES = VALUE_TAG_END;

/** A key-encryption key with its id. */
export interface Kek {
  /** 8-byte id, hex (16 characters); safe to log. */
  readonly id: string;
  readonly key: Buffer;
}

/**
 * A secret could not be encrypted or decrypted (unknown key id, damaged or misplaced blob). The
 * message names the place and the key id, never the secret; the HTTP layer turns it into a 500.
 */
export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultError';
  }
}

/** The id of a KEK: derived from the key by a one-way hash, so it can be stored and logged. */
export function kekId(key: Buffer): string {
  return createHash('sha256')
    .update('helios-kek-id\0')
    .update(key)
    .digest()
    .subarray(0, KEY_ID_BYTES)
    .toString('hex');
}

/** A KEK from its configured form (base64 of 32 bytes). */
export function kekFromBase64(base64: string): Kek {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new VaultError('an encryption key must be 32 bytes encoded as base64');
  return { id: kekId(key), key };
}

/**
 * The keys a process can decrypt with: `current` encrypts, every key (current included) decrypts.
 * `fallback` is asked once for more keys when a blob names an id none of the known keys has (the
 * vault uses it to pick up a key file left by an interrupted rotation).
 */
export class KeyRing {
  readonly current: Kek;
  readonly #byId = new Map<string, Kek>();
  readonly #fallback: (() => Kek[]) | undefined;

  constructor(current: Kek, others: Kek[] = [], fallback?: () => Kek[]) {
    this.current = current;
    for (const kek of [current, ...others]) if (!this.#byId.has(kek.id)) this.#byId.set(kek.id, kek);
    this.#fallback = fallback;
  }

  /** The key with this id, or undefined. */
  find(id: string): Kek | undefined {
    const known = this.#byId.get(id);
    if (known || !this.#fallback) return known;
    for (const kek of this.#fallback()) if (!this.#byId.has(kek.id)) this.#byId.set(kek.id, kek);
    return this.#byId.get(id);
  }

  /** Ids of the keys known so far (for error messages). */
  ids(): string[] {
    return [...this.#byId.keys()];
  }
}

const versionByte = Buffer.from([FORMAT_VERSION]);
const valueAad = (context: string) => Buffer.concat([versionByte, Buffer.from(context, 'utf8')]);
const wrapAad = (id: Buffer, context: string) =>
  Buffer.concat([versionByte, id, Buffer.from(context, 'utf8')]);

function gcmEncrypt(key: Buffer, plaintext: Buffer, aad: Buffer): { iv: Buffer; tag: Buffer; data: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data };
}

/** AES-256-GCM decryption; undefined when the tag does not verify (wrong key, data or context). */
function gcmDecrypt(key: Buffer, iv: Buffer, tag: Buffer, data: Buffer, aad: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** The parts of a blob, checked for version and length. */
interface Parsed {
  keyId: Buffer;
  wrapIv: Buffer;
  wrappedDek: Buffer;
  wrapTag: Buffer;
  /** Everything after the DEK wrapping (value IV, tag, ciphertext): unchanged by a re-wrap. */
  valuePart: Buffer;
}

function parse(blob: Uint8Array, context: string): Parsed {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (b.length < MIN_BLOB_BYTES) throw new VaultError(`secret ${context}: blob is too short to be one`);
  if (b[0] !== FORMAT_VERSION) {
    throw new VaultError(`secret ${context}: unknown format version ${b[0]}`);
  }
  return {
    keyId: b.subarray(1, HEADER_BYTES),
    wrapIv: b.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES),
    wrappedDek: b.subarray(HEADER_BYTES + IV_BYTES, HEADER_BYTES + IV_BYTES + DEK_BYTES),
    wrapTag: b.subarray(HEADER_BYTES + IV_BYTES + DEK_BYTES, WRAP_END),
    valuePart: b.subarray(WRAP_END),
  };
}

/** The KEK id a blob was wrapped under (hex), without decrypting anything. */
export function blobKeyId(blob: Uint8Array, context = 'blob'): string {
  return parse(blob, context).keyId.toString('hex');
}

function wrapDek(dek: Buffer, kek: Kek, context: string): Buffer {
  const id = Buffer.from(kek.id, 'hex');
  const wrapped = gcmEncrypt(kek.key, dek, wrapAad(id, context));
  return Buffer.concat([versionByte, id, wrapped.iv, wrapped.data, wrapped.tag]);
}

function unwrapDek(p: Parsed, ring: KeyRing, context: string): Buffer {
  const id = p.keyId.toString('hex');
  const kek = ring.find(id);
  if (!kek) {
    throw new VaultError(
      `secret ${context} is encrypted under key ${id}, which is not configured ` +
        `(known: ${ring.ids().join(', ')}); supply it as HELIOS_ENCRYPTION_KEY_PREVIOUS`,
    );
  }
  const dek = gcmDecrypt(kek.key, p.wrapIv, p.wrapTag, p.wrappedDek, wrapAad(p.keyId, context));
  if (!dek) {
    throw new VaultError(`secret ${context}: its data key does not decrypt (damaged or moved blob)`);
  }
  return dek;
}

/** Encrypts `plaintext` for the place `context` under the ring's current KEK. */
export function seal(plaintext: Buffer, context: string, kek: Kek): Buffer {
  const dek = randomBytes(DEK_BYTES);
  try {
    const value = gcmEncrypt(dek, plaintext, valueAad(context));
    return Buffer.concat([wrapDek(dek, kek, context), value.iv, value.tag, value.data]);
  } finally {
    dek.fill(0);
  }
}

/** Decrypts a blob stored at `context`; throws VaultError when it cannot (never returns garbage). */
export function open(blob: Uint8Array, context: string, ring: KeyRing): Buffer {
  const p = parse(blob, context);
  const dek = unwrapDek(p, ring, context);
  try {
    const iv = p.valuePart.subarray(0, IV_BYTES);
    const tag = p.valuePart.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const data = p.valuePart.subarray(IV_BYTES + TAG_BYTES);
    const plain = gcmDecrypt(dek, iv, tag, data, valueAad(context));
    if (!plain) throw new VaultError(`secret ${context}: the value does not decrypt (damaged or moved blob)`);
    return plain;
  } finally {
    dek.fill(0);
  }
}

/**
 * The same secret with its data key wrapped under `target` instead (rotation). The value is first
 * decrypted in full, so a blob that would not read back is reported here rather than carried over.
 * Returns the blob itself when it is already under `target`.
 */
export function rewrap(blob: Uint8Array, context: string, ring: KeyRing, target: Kek): Buffer {
  const p = parse(blob, context);
  open(blob, context, ring).fill(0); // verifies the value and its binding, not just the DEK
  if (p.keyId.toString('hex') === target.id) return Buffer.from(blob);
  const dek = unwrapDek(p, ring, context);
  try {
    return Buffer.concat([wrapDek(dek, target, context), p.valuePart]);
  } finally {
    dek.fill(0);
  }
}
