import { type EncryptedTable, type SecretPlace, secretContext } from './encrypted-columns.ts';
import { type Kek, KeyRing, kekFromBase64, open, seal } from './envelope.ts';
import { readNextKeyFile } from './next-key-file.ts';

/** Where the vault finds its keys: the app's configured keys, and the data dir for a `.next` file. */
export interface KeySource {
  /** base64 KEKs: `current` encrypts; `previous` (HELIOS_ENCRYPTION_KEY_PREVIOUS) only decrypt. */
  encryptionKeys: { current: string; previous: string[] };
  /**
   * HELIOS_DATA_DIR. When a blob names a key none of the configured ones has, the vault looks for
   * `encryption.key.next` there: an embedded-mode rotation interrupted between its commit and its
   * rename leaves secrets under that key (crypto/next-key-file.ts).
   */
  dataDir?: string;
}

/** Encrypts and decrypts secret values bound to their place (table, column, row id). */
export interface Vault {
  /** Encrypts a value for its place under the current KEK. */
  seal<T extends EncryptedTable>(place: SecretPlace<T>, plaintext: string): Buffer;
  /** Decrypts the blob stored at a place; throws VaultError (a 500, secret-free message) if it cannot. */
  open<T extends EncryptedTable>(place: SecretPlace<T>, blob: Uint8Array): string;
  /** The keys in effect right now. */
  ring(): KeyRing;
}

/**
 * The key ring for a key source. Keys are read from `source` on every call rather than copied, so
 * a process whose keys object changes (tests simulating a restart after rotation) sees the change.
 */
export function keyRingOf(source: KeySource): KeyRing {
  const { current, previous } = source.encryptionKeys;
  const dataDir = source.dataDir;
  return new KeyRing(
    kekOf(current),
    previous.map(kekOf),
    dataDir
      ? () => {
          const next = readNextKeyFile(dataDir);
          return next ? [kekOf(next)] : [];
        }
      : undefined,
  );
}

// Key ids are a SHA-256 away; keep them per configured key string instead of hashing per secret.
const kekCache = new Map<string, Kek>();
function kekOf(base64: string): Kek {
  let kek = kekCache.get(base64);
  if (!kek) {
    kek = kekFromBase64(base64);
    kekCache.set(base64, kek);
  }
  return kek;
}

/** The vault of a process (routes get one built from RouteDeps; the CLI from its config). */
export function createVault(source: KeySource): Vault {
  return {
    seal(place, plaintext) {
      return seal(Buffer.from(plaintext, 'utf8'), secretContext(place), keyRingOf(source).current);
    },
    open(place, blob) {
      const plain = open(blob, secretContext(place), keyRingOf(source));
      try {
        return plain.toString('utf8');
      } finally {
        plain.fill(0);
      }
    },
    ring: () => keyRingOf(source),
  };
}
