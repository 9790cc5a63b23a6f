import type { Kysely } from 'kysely';
import { encryptedColumns, secretContext } from '../../../core/crypto/encrypted-columns.ts';
import { blobKeyId, type Kek, type KeyRing, rewrap } from '../../../core/crypto/envelope.ts';
import { loadOrCreateKeyFile } from '../../../core/crypto/key-file.ts';
import { prepareNextKeyFile, promoteNextKeyFile } from '../../../core/crypto/next-key-file.ts';
import { keyRingOf } from '../../../core/crypto/vault.ts';
import type { Database } from '../../../core/db/schema.ts';
import { lockSecretsBatch, type StoredSecret, writeSecretsBatch } from '../queries/credentials.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { recordAudit } from '../../../core/audit.ts';

/*
 * Key rotation: every secret of every encrypted column (crypto/encrypted-columns.ts) ends up under
 * the new key-encryption key, or nothing changes.
 *
 * Only the data keys are re-wrapped: each blob keeps its data key, value IV, tag and ciphertext, and
 * gets its 32-byte data key encrypted under the new KEK (crypto/envelope.ts). That is enough —
 * whoever holds only the old KEK can no longer unwrap the new blobs — and it is cheap. Each value is
 * nevertheless decrypted in full first, so a blob that would not read back (damaged, moved, under
 * an unknown key) stops the rotation with its place named instead of being carried along.
 *
 * Everything happens in ONE transaction, batch by batch with the rows locked FOR UPDATE (a request
 * writing a credential meanwhile waits, then writes under whichever key it holds — both stay
 * readable). An interruption at any point rolls back to "everything under the old keys".
 * Re-wrapped rows get a new updated_at (the ciphertext did change), as any row update does.
 *
 * Two styles, chosen by whether HELIOS_ENCRYPTION_KEY is set:
 * - environment (server mode): the operator sets the new key as HELIOS_ENCRYPTION_KEY and the old
 *   one in HELIOS_ENCRYPTION_KEY_PREVIOUS, runs rotate-key, then drops the old key;
 * - key file (embedded mode): a new key is generated next to the old one and swapped in after the
 *   commit (crypto/next-key-file.ts explains why no crash can lose a key).
 */

export interface RotationOptions {
  /** Rows read, re-wrapped and written per statement (bounded memory on big tables). */
  batchSize?: number;
  /** Called inside the transaction after each written batch (tests interrupt the rotation here). */
  afterBatch?: (progress: { table: string; column: string; rows: number }) => void | Promise<void>;
}

export interface RotationReport {
  /** Id of the key everything is now under. */
  keyId: string;
  /** Per encrypted column: secrets re-wrapped, and secrets that already were under the key. */
  columns: { table: string; column: string; rewrapped: number; alreadyCurrent: number }[];
  /** Sum of `rewrapped`. */
  rewrapped: number;
}

/** Re-wraps every stored secret under `target`; `ring` must hold every key a secret is under. */
export async function rewrapAllSecrets(
  db: Kysely<Database>,
  ring: KeyRing,
  target: Kek,
  options: RotationOptions = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 500;
  return db.transaction().execute(async (trx) => {
    const columns: RotationReport['columns'] = [];
    for (const place of encryptedColumns) {
      const counts = { table: place.table, column: place.column, rewrapped: 0, alreadyCurrent: 0 };
      let afterId = 0;
      for (;;) {
        const batch = await lockSecretsBatch(trx, place, afterId, batchSize);
        if (batch.length === 0) break;
        const changed: StoredSecret[] = [];
        for (const secret of batch) {
          const context = secretContext({ ...place, id: secret.id });
          const blob = rewrap(secret.blob, context, ring, target);
          if (blobKeyId(secret.blob, context) === target.id) counts.alreadyCurrent++;
          else changed.push({ id: secret.id, blob });
        }
        await writeSecretsBatch(trx, place, changed);
        counts.rewrapped += changed.length;
        afterId = batch[batch.length - 1]?.id ?? afterId;
        await options.afterBatch?.({ table: place.table, column: place.column, rows: batch.length });
      }
      columns.push(counts);
    }
    const rewrapped = columns.reduce((n, c) => n + c.rewrapped, 0);
    // The installation has one organization; the rotation is recorded in its audit log.
    const organization = await findOrganization(trx);
    if (organization) {
      await recordAudit(
        trx,
        { organizationId: organization.id, actor: undefined, ip: null, userAgent: 'helios-cli' },
        {
          action: 'rotate_key',
          entityType: 'encryption_key',
          entityId: null,
          description: `Re-wrapped ${rewrapped} secrets under key ${target.id}`,
          newValue: { kekId: target.id, columns },
        },
      );
    }
    return { keyId: target.id, columns, rewrapped };
  });
}

/**
 * Environment style: everything under HELIOS_ENCRYPTION_KEY (`keys.current`), reading with it and
 * HELIOS_ENCRYPTION_KEY_PREVIOUS (and a leftover `encryption.key.next` in `dataDir`, if any).
 */
export async function rotateToConfiguredKey(
  db: Kysely<Database>,
  keys: { current: string; previous: string[] },
  dataDir: string | undefined,
  options: RotationOptions = {},
): Promise<RotationReport> {
  const ring = keyRingOf({ encryptionKeys: keys, dataDir });
  return rewrapAllSecrets(db, ring, ring.current, options);
}

/**
 * Key-file style (embedded mode): generate (or re-use) `encryption.key.next`, re-wrap everything
 * under it in one transaction, then rename it over `encryption.key`. `previous` keys are read too.
 */
export async function rotateKeyFile(
  db: Kysely<Database>,
  dataDir: string,
  previous: string[] = [],
  options: RotationOptions & { beforePromote?: () => void | Promise<void> } = {},
): Promise<RotationReport & { reusedNextKey: boolean }> {
  const currentKey = loadOrCreateKeyFile(dataDir);
  const next = prepareNextKeyFile(dataDir);
  const ring = keyRingOf({ encryptionKeys: { current: next.key, previous: [currentKey, ...previous] } });
  const report = await rewrapAllSecrets(db, ring, ring.current, options);
  await options.beforePromote?.();
  promoteNextKeyFile(dataDir);
  return { ...report, reusedNextKey: next.reused };
}

/** `npm run helios -- rotate-key`: the style follows the configuration (see the top of this file). */
export async function rotateKey(
  db: Kysely<Database>,
  config: { encryptionKey: string | undefined; previousEncryptionKeys: string[]; dataDir: string },
  options: RotationOptions = {},
): Promise<RotationReport & { style: 'environment' | 'key-file' }> {
  if (config.encryptionKey) {
    const report = await rotateToConfiguredKey(
      db,
      { current: config.encryptionKey, previous: config.previousEncryptionKeys },
      config.dataDir,
      options,
    );
    return { ...report, style: 'environment' };
  }
  const report = await rotateKeyFile(db, config.dataDir, config.previousEncryptionKeys, options);
  return { ...report, style: 'key-file' };
}
