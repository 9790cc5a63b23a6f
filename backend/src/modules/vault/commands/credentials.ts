import type { CredentialCreate, CredentialReveal, CredentialUpdate, ErrorDetail } from '@helios/shared';
import type { Kysely } from 'kysely';
import type { EncryptedColumnOf } from '../../../core/crypto/encrypted-columns.ts';
import { VaultError } from '../../../core/crypto/envelope.ts';
import { totpNow } from '../../../core/crypto/totp.ts';
import type { Vault } from '../../../core/crypto/vault.ts';
import type { Database } from '../../../core/db/schema.ts';
import { validationFailed } from '../../../core/errors.ts';
import type { Actor } from '../../../core/auth/actor.ts';
import { putCustomValue } from '../../../core/records/queries/custom-fields.ts';
import {
  insertRecord,
  touchRecord,
  unusableRefs,
  updateRecord,
} from '../../../core/records/queries/records.ts';
import { snakeize } from '../../../core/records/case.ts';
import { credentials } from '../resources/credentials.ts';
import { type CustomValue, prepareCustomFields } from '../../../core/records/custom-field-values.ts';
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

/** Input → non-secret column values (camel → snake); absent keys are left out, null clears. */
function metadataColumns(input: CredentialUpdate): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || key === 'customFields' || key === 'password' || key === 'otpSecret') continue;
    out[snakeize(key)] = value;
  }
  return out;
}

/** Refuses references to users, assets or folders that are missing, archived or not ours (400). */
async function checkRefs(db: Kysely<Database>, organizationId: number, input: CredentialUpdate) {
  const details: ErrorDetail[] = [];
  for (const [key, table] of Object.entries(credentials.refs ?? {})) {
    const value = (input as Row)[key];
    if (typeof value !== 'number') continue;
    if ((await unusableRefs(db, table, organizationId, [value], true)).length > 0) {
      details.push({ path: key, message: `no active record with id ${value}` });
    }
  }
  if (details.length > 0) {
    throw validationFailed(details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  }
}

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

async function writeCustomFields(
  trx: Kysely<Database>,
  writes: { fieldId: number; value: string | null }[],
  id: number,
) {
  for (const w of writes) await putCustomValue(trx, w.fieldId, id, w.value);
}

/** Creates a credential: row, encrypted secrets, custom values and audit row in one transaction. */
export async function createCredential(
  db: Kysely<Database>,
  vault: Vault,
  actor: Actor,
  ctx: AuditContext,
  input: CredentialCreate,
): Promise<Row> {
  await checkRefs(db, actor.organizationId, input);
  const customFields = await prepareCustomFields(
    db,
    actor.organizationId,
    'credentials',
    input.customFields as Record<string, CustomValue> | undefined,
  );
  const changes = secretChanges(vault, undefined, input);
  return db.transaction().execute(async (trx) => {
    // password_changed_at defaults to now(); without a password it was never changed.
    const inserted = await insertRecord(trx, 'credentials', {
      ...metadataColumns(input),
      organization_id: actor.organizationId,
      password_changed_at: null,
    });
    const id = inserted.id as number;
    const row = await updateRecord(trx, 'credentials', id, sealedColumns(vault, id, changes));
    await writeCustomFields(trx, customFields, id);
    await recordAudit(trx, ctx, {
      action: 'create',
      entityType: credentials.entityType,
      entityId: id,
      description: describeSecrets('Set', changes),
      newValue: row,
    });
    return row;
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
  await checkRefs(db, actor.organizationId, input);
  const customFields = await prepareCustomFields(
    db,
    actor.organizationId,
    'credentials',
    input.customFields as Record<string, CustomValue> | undefined,
  );
  const id = existing.id as number;
  const changes = secretChanges(vault, existing, input);
  const values = { ...metadataColumns(input), ...sealedColumns(vault, id, changes) };
  return db.transaction().execute(async (trx) => {
    const row = await updateRecord(trx, 'credentials', id, values);
    await writeCustomFields(trx, customFields, id);
    const oldValue: Row = {};
    const newValue: Row = {};
    for (const column of Object.keys(values)) {
      if (JSON.stringify(existing[column]) !== JSON.stringify(row[column])) {
        oldValue[column] = existing[column];
        newValue[column] = row[column];
      }
    }
    if (customFields.length > 0) newValue.customFields = input.customFields;
    await recordAudit(trx, ctx, {
      action: 'update',
      entityType: credentials.entityType,
      entityId: id,
      description: describeSecrets('Changed', changes),
      oldValue,
      newValue,
    });
    return row;
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
