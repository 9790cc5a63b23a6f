import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit, type AuditContext } from '../../../../../core/audit.ts';
import type { Vault } from '../../../../../core/crypto/vault.ts';
import type { Database } from '../../../../../core/db/schema.ts';
import { validationFailed } from '../../../../../core/errors.ts';
import { nextIdOf } from '../../../../../core/queries/ids.ts';
import type { ClientCertificate, MicrosoftCredentials } from '../clients.ts';
import {
  findMicrosoftSettings,
  insertMicrosoftSettings,
  updateMicrosoftSettings,
  type MicrosoftSettingsRow,
} from '../queries/settings.ts';

export interface MicrosoftSettingsInput extends MicrosoftCredentials {
  syncIntervalMinutes?: number | undefined;
}

/** Fetches a token with the given credentials; throws when they do not work. */
export type MicrosoftCredentialCheck = (input: MicrosoftCredentials) => Promise<void>;

/** What is sealed in `client_secret_encrypted`: the secret or the certificate with its key. */
const sealedSchema = z.union([
  z.object({ clientSecret: z.string().min(1) }).strict(),
  z.object({ certificate: z.object({ certificate: z.string(), privateKey: z.string() }).strict() }).strict(),
]);

/** A certificate credential that can sign: a PEM certificate, a PEM private key, and they match. */
function checkCertificate(c: ClientCertificate): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(c.certificate);
  } catch {
    throw validationFailed('certificate.certificate: not a PEM certificate', [
      { path: 'certificate.certificate', message: 'not a PEM certificate' },
    ]);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(c.privateKey);
  } catch {
    throw validationFailed('certificate.privateKey: not a PEM private key', [
      { path: 'certificate.privateKey', message: 'not a PEM private key' },
    ]);
  }
  if (key.asymmetricKeyType !== 'rsa' || !cert.checkPrivateKey(key))
    throw validationFailed('certificate.privateKey: not the RSA key of this certificate', [
      { path: 'certificate.privateKey', message: 'not the RSA key of this certificate' },
    ]);
}

/** Entra ID's error codes (AADSTS…) that name the field at fault. */
const FIELD_OF_ERROR: readonly { pattern: RegExp; path: string; message: string }[] = [
  {
    pattern: /login endpoint unreachable/,
    path: 'tenantId',
    message: 'the Microsoft login endpoint could not be reached; try again',
  },
  {
    pattern: /AADSTS(90002|900023)|invalid_tenant|endpoints_resolution_error/,
    path: 'tenantId',
    message: 'no such tenant',
  },
  {
    pattern: /AADSTS(700016|700038)|unauthorized_client/,
    path: 'clientId',
    message: 'no such application in the tenant',
  },
  {
    pattern: /AADSTS(7000215|7000222|7000218)|invalid_client/,
    path: 'clientSecret',
    message: 'the client secret was refused',
  },
];

/**
 * Stores the Microsoft connection once a token was fetched with it: the secret sealed for its row,
 * never in clear, audited without it. Changing the tenant or app forgets the delta links.
 */
export async function saveMicrosoftSettingsCommand(
  db: Kysely<Database>,
  vault: Vault,
  ctx: AuditContext,
  input: MicrosoftSettingsInput,
  check: MicrosoftCredentialCheck,
): Promise<MicrosoftSettingsRow> {
  if ((input.clientSecret === undefined) === (input.certificate === undefined))
    throw validationFailed('clientSecret: give a client secret or a certificate, not both', [
      { path: 'clientSecret', message: 'give a client secret or a certificate, not both' },
    ]);
  if (input.certificate) checkCertificate(input.certificate);
  const credentials: MicrosoftCredentials = {
    tenantId: input.tenantId.toLowerCase(),
    clientId: input.clientId.toLowerCase(),
    ...(input.certificate ? { certificate: input.certificate } : { clientSecret: input.clientSecret }),
  };
  try {
    await check(credentials);
  } catch (error) {
    const text =
      error instanceof Error
        ? `${error.message} ${String((error as { errorCode?: unknown }).errorCode ?? '')}`
        : '';
    const field = FIELD_OF_ERROR.find((f) => f.pattern.test(text));
    // The reason is Entra ID's own; the secret is never part of it.
    const credential = input.certificate ? 'certificate' : 'clientSecret';
    const path = field?.path === 'clientSecret' ? credential : (field?.path ?? credential);
    const message = field?.message ?? 'no token could be fetched with these credentials';
    throw validationFailed(`${path}: ${message}`, [{ path, message }]);
  }
  return db.transaction().execute(async (trx) => {
    const existing = await findMicrosoftSettings(trx, ctx.organizationId);
    const id = existing?.id ?? (await nextIdOf(trx, 'ms_credentials'));
    const sealed = vault.seal(
      { table: 'ms_credentials', column: 'client_secret_encrypted', id },
      JSON.stringify(
        input.certificate ? { certificate: input.certificate } : { clientSecret: input.clientSecret },
      ),
    );
    const values = {
      azure_tenant_id: input.tenantId.toLowerCase(),
      client_id: input.clientId.toLowerCase(),
      client_secret_encrypted: sealed,
      ...(input.syncIntervalMinutes !== undefined
        ? { sync_interval_minutes: input.syncIntervalMinutes }
        : {}),
    };
    if (existing) {
      const sameApp =
        existing.azure_tenant_id === values.azure_tenant_id && existing.client_id === values.client_id;
      await updateMicrosoftSettings(trx, id, {
        ...values,
        ...(sameApp ? {} : { delta_links: {}, delta_links_saved_at: null }),
      });
    } else {
      await insertMicrosoftSettings(trx, { id, organization_id: ctx.organizationId, ...values });
    }
    await recordAudit(trx, ctx, {
      action: existing ? 'update' : 'create',
      entityType: 'microsoft_settings',
      entityId: id,
      newValue: { tenantId: values.azure_tenant_id, clientId: values.client_id },
    });
    const saved = await findMicrosoftSettings(trx, ctx.organizationId);
    if (!saved) throw new Error('microsoft settings vanished');
    return saved;
  });
}

/** The stored credentials, decrypted. */
export function openCredentials(vault: Vault, settings: MicrosoftSettingsRow): MicrosoftCredentials {
  const sealed = sealedSchema.parse(
    JSON.parse(
      vault.open(
        { table: 'ms_credentials', column: 'client_secret_encrypted', id: settings.id },
        settings.client_secret_encrypted,
      ),
    ),
  );
  return { tenantId: settings.azure_tenant_id, clientId: settings.client_id, ...sealed };
}
