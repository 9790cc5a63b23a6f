import { createPrivateKey } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit, type AuditContext } from '../../../../../core/audit.ts';
import type { Vault } from '../../../../../core/crypto/vault.ts';
import type { Database } from '../../../../../core/db/schema.ts';
import { validationFailed } from '../../../../../core/errors.ts';
import { nextIdOf } from '../../../../../core/queries/ids.ts';
import {
  findGoogleSettings,
  saveGoogleSettings,
  updateGoogleSettings,
  type GoogleSettingsRow,
} from '../queries/settings.ts';

/** The fields of a Google service-account key file Helios needs (the file has more). */
export const serviceAccountKeySchema = z
  .object({
    type: z.literal('service_account', {
      message: 'expected a service account key file (type "service_account")',
    }),
    client_email: z.email(),
    private_key: z.string().min(100),
    private_key_id: z.string().optional(),
    client_id: z.string().optional(),
    token_uri: z.string().optional(),
  })
  .loose();
export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

/** Parses a key given as an object or as the file's JSON text; a 400 names what is wrong. */
export function parseServiceAccountKey(input: unknown): ServiceAccountKey {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw validationFailed('serviceAccountKey: not valid JSON', [
        { path: 'serviceAccountKey', message: 'not valid JSON' },
      ]);
    }
  }
  const parsed = serviceAccountKeySchema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      path: ['serviceAccountKey', ...i.path.map(String)].join('.'),
      message: i.message,
    }));
    throw validationFailed(details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  }
  try {
    createPrivateKey(parsed.data.private_key);
  } catch {
    throw validationFailed('serviceAccountKey.private_key: not a PEM private key', [
      { path: 'serviceAccountKey.private_key', message: 'not a PEM private key' },
    ]);
  }
  return parsed.data;
}

export interface GoogleSettingsInput {
  serviceAccountKey: unknown;
  adminEmail: string;
  customerId?: string | undefined;
  syncIntervalMinutes?: number | undefined;
}

/** Stores the Google connection: the key sealed for its row, never in clear, audited without it. */
export async function saveGoogleSettingsCommand(
  db: Kysely<Database>,
  vault: Vault,
  ctx: AuditContext,
  input: GoogleSettingsInput,
): Promise<GoogleSettingsRow> {
  const key = parseServiceAccountKey(input.serviceAccountKey);
  const keyJson = JSON.stringify(key);
  return db.transaction().execute(async (trx) => {
    const existing = await findGoogleSettings(trx, ctx.organizationId);
    const id = existing?.id ?? (await nextIdOf(trx, 'gw_credentials'));
    const sealed = vault.seal(
      { table: 'gw_credentials', column: 'service_account_key_encrypted', id },
      keyJson,
    );
    const values = {
      service_account_email: key.client_email,
      client_id: key.client_id ?? null,
      service_account_key_encrypted: sealed,
      admin_email: input.adminEmail.toLowerCase(),
      customer_id: input.customerId ?? 'my_customer',
      ...(input.syncIntervalMinutes !== undefined
        ? { sync_interval_minutes: input.syncIntervalMinutes }
        : {}),
    };
    if (existing) await updateGoogleSettings(trx, id, values);
    else await saveGoogleSettings(trx, { id, organization_id: ctx.organizationId, ...values });
    await recordAudit(trx, ctx, {
      action: existing ? 'update' : 'create',
      entityType: 'google_settings',
      entityId: id,
      newValue: {
        serviceAccountEmail: key.client_email,
        adminEmail: values.admin_email,
        customerId: values.customer_id,
      },
    });
    const saved = await findGoogleSettings(trx, ctx.organizationId);
    if (!saved) throw new Error('google settings vanished');
    return saved;
  });
}

/** The decrypted key of the stored settings. */
export function openServiceAccountKey(vault: Vault, settings: GoogleSettingsRow): ServiceAccountKey {
  const json = vault.open(
    { table: 'gw_credentials', column: 'service_account_key_encrypted', id: settings.id },
    settings.service_account_key_encrypted,
  );
  return serviceAccountKeySchema.parse(JSON.parse(json));
}
