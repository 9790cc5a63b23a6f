import {
  credentialCreateSchema,
  credentialListFiltersSchema,
  credentialSchema,
  credentialUpdateSchema,
} from '@helios/shared';
import { sql, type SqlBool } from 'kysely';
import { canCredential } from '../policies/credentials.ts';
import type { ResourceDefinition, Row } from '../../../core/records/definition.ts';

/** Columns that hold ciphertext: never presented, never set from input, redacted from audit rows. */
export const CREDENTIAL_SECRET_COLUMNS = ['password_encrypted', 'otp_secret_encrypted'] as const;

/**
 * The vault's credentials, on the record kit: list, get, archive, restore and delete as every
 * record (metadata only — the ciphertext columns are not in the response schema; `hasPassword` and
 * `hasOtp` say what is stored). Create and update go through commands/credentials.ts, which hands
 * the kit the sealed columns: a secret is encrypted with its row id bound into the ciphertext,
 * inside the transaction that writes the row and its audit row. The kit refuses to write a
 * credential without that command, so one path writes secrets.
 */
export const credentials: ResourceDefinition = {
  name: 'credentials',
  table: 'credentials',
  entityType: 'credential',
  createSchema: credentialCreateSchema,
  updateSchema: credentialUpdateSchema,
  responseSchema: credentialSchema,
  listFilters: {
    schema: credentialListFiltersSchema,
    apply: (f: Row) => {
      const where = [];
      if (typeof f.category === 'string') where.push(sql<SqlBool>`r.category = ${f.category}`);
      if (typeof f.folderId === 'number') where.push(sql<SqlBool>`r.folder_id = ${f.folderId}`);
      if (typeof f.primaryUserId === 'number')
        where.push(sql<SqlBool>`r.primary_user_id = ${f.primaryUserId}`);
      if (typeof f.primaryAssetId === 'number')
        where.push(sql<SqlBool>`r.primary_asset_id = ${f.primaryAssetId}`);
      return where;
    },
  },
  searchColumns: ['name', 'username', 'uri'],
  titleColumn: 'name',
  subtitle: (row) => (row.username as string | null) ?? (row.uri as string | null),
  refs: { primaryUserId: 'organization_users', primaryAssetId: 'assets', folderId: 'folders' },
  readOnly: [...CREDENTIAL_SECRET_COLUMNS, 'password_changed_at', 'last_accessed_at'],
  tracksAccess: true,
  sortable: ['name', 'created_at', 'updated_at'],
  // Staff only (rbac.md): a user or contact gets 403 on the list and 404 on any one credential.
  can: (actor, action) => canCredential(actor, action === 'link' ? 'update' : action),
  moreAbilities: (actor) => ({ reveal: canCredential(actor, 'reveal') }),
  listScope: (actor) => (canCredential(actor, 'list') ? 'all' : 'none'),
  // Written only through commands/credentials.ts, which seals them with the vault.
  secretInputs: ['password', 'otpSecret'],
  extras: async (_db, rows) =>
    new Map(
      rows.map((row) => [
        row.id as number,
        { hasPassword: row.password_encrypted != null, hasOtp: row.otp_secret_encrypted != null },
      ]),
    ),
};
