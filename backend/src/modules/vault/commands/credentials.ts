import type { CredentialCreate, CredentialReveal, CredentialUpdate } from '@helios/shared';
import type { Kysely } from 'kysely';
import type { EncryptedColumnOf } from '../../../core/crypto/encrypted-columns.ts';
import { VaultError } from '../../../core/crypto/envelope.ts';
import { totpNow } from '../../../core/crypto/totp.ts';
import type { Vault } from '../../../core/crypto/vault.ts';
import type { Database } from '../../../core/db/schema.ts';
import type { Actor } from '../../../core/auth/actor.ts';
import { createRecord, updateRecordCommand } from '../../../core/records/commands.ts';
import { touchRecord } from '../../../core/records/queries/records.ts';
import { credentials } from '../resources/credentials.ts';
import type { Row } from '../../../core/records/definition.ts';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';

/*
 * The one path that writes credential secrets. A secret is encrypted with its row id bound into the
 * ciphertext (crypto/envelope.ts), so creating a credential inserts the row, then sets its secret
 * columns, then writes the audit row — all in one transaction: either the credential exists with
 * its encrypted secrets and its audit row, or nothing does. Plaintext never reaches the database,
 * the audit log (audit.ts withoutSecrets redacts the ciphertext columns too) or the logs.
 */

type CredentialColumn = EncryptedColumnOf<'credentials'>;

// Write-only inputs and the columns that store them encrypted.
const SECRET_INPUTS = [
  { key: 'password', column: 'password_encrypted', label: 'password' },
  { key: 'otpSecret', column: 'otp_secret_encrypted', label: 'OTP secret' },
] as const satisfies { key: keyof CredentialUpdate; column: CredentialColumn; label: string }[];

const place = (column: CredentialColumn, id: number) => ({ table: 'credentials' as const, column, id });

interface SecretChange {
  column: CredentialColumn;
  label: string;
  /** The new plaintext, or null to remove the stored secret. */
  value: string | null;
}

/**
 * The secrets this input really changes. A value equal to the stored one is no change (so
 * `passwordChangedAt` does not move when a client re-sends the same password); a stored secret that
 * no longer decrypts counts as different, so writing a new value is the way to repair it.
 */
function secretChanges(vault: Vault, existing: Row | undefined, input: CredentialUpdate): SecretChange[] {
  const changes: SecretChange[] = [];
  for (const { key, column, label } of SECRET_INPUTS) {
    const value = input[key];
    if (value === undefined) continue;
    const stored = (existing?.[column] ?? null) as Buffer | null;
    if (value === null && stored === null) continue;
    if (value !== null && stored !== null && existing) {
      let same = false;
      try {
        same = vault.open(place(column, existing.id as number), stored) === value;
      } catch (error) {
        if (!(error instanceof VaultError)) throw error;
      }
      if (same) continue;
    }
    changes.push({ column, label, value });
  }
  return changes;
}

/** Column values for the changed secrets of row `id`: ciphertext, and the password's change time. */
function sealedColumns(vault: Vault, id: number, changes: SecretChange[]): Row {
  const out: Row = {};
  for (const change of changes) {
    out[change.column] = change.value === null ? null : vault.seal(place(change.column, id), change.value);
    // Set, changed or removed: each is a password change.
    if (change.column === 'password_encrypted') out.password_changed_at = new Date();
  }
  return out;
}

/** `Changed the password and the OTP secret` — names the secrets, never their values. */
const describeSecrets = (verb: string, changes: SecretChange[]) =>
  changes.length > 0 ? `${verb} the ${changes.map((c) => c.label).join(' and the ')}` : undefined;

/** Creates a credential: row, encrypted secrets, custom values and audit row in one transaction. */
export async function createCredential(
  db: Kysely<Database>,
  vault: Vault,
  actor: Actor,
  ctx: AuditContext,
  input: CredentialCreate,
): Promise<Row> {
  const changes = secretChanges(vault, undefined, input);
  return createRecord(db, credentials, actor, ctx, input, {
    columns: (id) => ({
      // password_changed_at defaults to now(); without a password it was never changed.
      columns: { password_changed_at: null, ...sealedColumns(vault, id, changes) },
      description: describeSecrets('Set', changes),
    }),
  });
}

/**
 * Applies a partial update. A password that differs from the stored one (or is removed) is
 * re-encrypted and moves password_changed_at; the audit row names which secrets changed and carries
 * only redacted markers for them.
 */
export async function updateCredential(
  db: Kysely<Database>,
  vault: Vault,
  actor: Actor,
  ctx: AuditContext,
  existing: Row,
  input: CredentialUpdate,
): Promise<Row> {
  const changes = secretChanges(vault, existing, input);
  return updateRecordCommand(db, credentials, actor, ctx, existing, input, {
    columns: (id) => ({
      columns: sealedColumns(vault, id, changes),
      description: describeSecrets('Changed', changes),
    }),
  });
}

/**
 * Decrypts a credential's password and computes its current TOTP code, then stamps
 * last_accessed_at and writes the `reveal` audit row in one transaction — before anything is
 * returned, so no reveal goes unrecorded. A secret that cannot be decrypted throws VaultError (500)
 * and records nothing, because nothing was revealed.
 */
export async function revealCredential(
  db: Kysely<Database>,
  vault: Vault,
  ctx: AuditContext,
  row: Row,
  now: Date = new Date(),
): Promise<CredentialReveal> {
  const id = row.id as number;
  const passwordBlob = row.password_encrypted as Buffer | null;
  const otpBlob = row.otp_secret_encrypted as Buffer | null;
  const password = passwordBlob ? vault.open(place('password_encrypted', id), passwordBlob) : null;
  const otp = otpBlob
    ? await totpNow(vault.open(place('otp_secret_encrypted', id), otpBlob), now)
    : undefined;
  const revealed = [password !== null ? 'password' : undefined, otp ? 'current OTP code' : undefined].filter(
    (part): part is string => part !== undefined,
  );
  await db.transaction().execute(async (trx) => {
    await touchRecord(trx, 'credentials', id);
    await recordAudit(trx, ctx, {
      action: 'reveal',
      entityType: credentials.entityType,
      entityId: id,
      description:
        revealed.length > 0 ? `Revealed the ${revealed.join(' and the ')}` : 'Revealed (nothing stored)',
    });
  });
  return {
    username: (row.username as string | null) ?? null,
    password,
    ...(otp ? { otpCode: otp.code, otpExpiresIn: otp.expiresIn } : {}),
  };
}
