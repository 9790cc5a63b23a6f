/**
 * Every column of the schema that holds an envelope-encrypted secret (crypto/envelope.ts), in one
 * place. Key rotation (commands/rotate-key.ts) walks exactly this list, so a new encrypted column
 * must be added here — the vault test fails when a `*_encrypted` column of the schema is missing.
 *
 * Each of these tables has an integer `id`; a secret is bound to (table, id, column) through the
 * associated data, so writing one needs the row's id first: insert the row, then set the column in
 * the same transaction (nullable columns, as credentials do), or take the id from the identity
 * sequence first — `nextval(pg_get_serial_sequence('<table>', 'id'))` and an insert with
 * `OVERRIDING SYSTEM VALUE` — for NOT NULL columns (gw_credentials, ms_credentials).
 */
export const encryptedColumns = [
  { table: 'credentials', column: 'password_encrypted' },
  { table: 'credentials', column: 'otp_secret_encrypted' },
  { table: 'gw_credentials', column: 'service_account_key_encrypted' },
  { table: 'ms_credentials', column: 'client_secret_encrypted' },
  { table: 'ai_config', column: 'api_key_encrypted' },
  { table: 'auth_accounts', column: 'access_token_encrypted' },
  { table: 'auth_accounts', column: 'refresh_token_encrypted' },
  { table: 'auth_accounts', column: 'id_token_encrypted' },
  { table: 'organizations', column: 'share_secret_encrypted' },
  { table: 'mail_settings', column: 'smtp_password_encrypted' },
] as const;

export type EncryptedColumn = (typeof encryptedColumns)[number];
export type EncryptedTable = EncryptedColumn['table'];
/** The encrypted columns of one table, e.g. `EncryptedColumnOf<'credentials'>`. */
export type EncryptedColumnOf<T extends EncryptedTable> = Extract<EncryptedColumn, { table: T }>['column'];

/** Where a secret lives: its table, encrypted column and row id. */
export interface SecretPlace<T extends EncryptedTable = EncryptedTable> {
  table: T;
  column: EncryptedColumnOf<T>;
  id: number;
}

/**
 * The associated data that binds a blob to its place, e.g. `credentials:42:password_encrypted`.
 * Frozen: changing the format would make every stored secret unreadable.
 */
export function secretContext(place: { table: string; column: string; id: number }): string {
  if (!Number.isSafeInteger(place.id) || place.id <= 0) {
    throw new Error(`a secret needs its row's id (got ${place.id} for ${place.table}.${place.column})`);
  }
  return `${place.table}:${place.id}:${place.column}`;
}
