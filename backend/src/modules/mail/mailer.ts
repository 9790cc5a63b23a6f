import type { Kysely } from 'kysely';
import type { Vault } from '../../core/crypto/vault.ts';
import type { Database } from '../../core/db/schema.ts';
import { findGoogleSettings, openServiceAccountKey } from '../directory-sync/index.ts';
import { createGmailClient, type GmailClient } from './gmail/client.ts';
import { findMailSettings, type MailSettingsRow } from './queries/settings.ts';
import { gmailTransport } from './transports/gmail.ts';
import { smtpTransport } from './transports/smtp.ts';
import type { MailTransport } from './transports/transport.ts';

/** What the mail jobs and routes are built with. */
export interface MailDeps {
  db: Kysely<Database>;
  vault: Vault;
  organizationId: number;
  /** HELIOS_GOOGLE_API_ORIGIN. */
  googleApiOrigin: string | undefined;
  now?: () => Date;
}

/** The Gmail client of the organization's service account, or a reason it has none. */
export async function gmailClientOf(deps: MailDeps): Promise<GmailClient | string> {
  const google = await findGoogleSettings(deps.db, deps.organizationId);
  if (!google) return 'the Gmail transport needs the Google connection (PUT /settings/google) first';
  return createGmailClient({
    serviceAccountKey: openServiceAccountKey(deps.vault, google),
    apiOrigin: deps.googleApiOrigin,
  });
}

/** The SMTP password, opened from its seal (never logged, never returned). */
function smtpPassword(vault: Vault, settings: MailSettingsRow): string | null {
  if (!settings.smtp_password_encrypted) return null;
  return vault.open(
    { table: 'mail_settings', column: 'smtp_password_encrypted', id: settings.id },
    settings.smtp_password_encrypted,
  );
}

export interface Mailer {
  settings: MailSettingsRow;
  transport: MailTransport;
}

/** The configured transport, or a sentence saying why mail cannot go out. */
export async function mailerOf(deps: MailDeps, settings?: MailSettingsRow): Promise<Mailer | string> {
  const found = settings ?? (await findMailSettings(deps.db, deps.organizationId));
  if (!found) return 'mail is not configured (PUT /settings/mail)';
  if (found.transport === 'gmail') {
    const client = await gmailClientOf(deps);
    if (typeof client === 'string') return client;
    return { settings: found, transport: gmailTransport(client, found.from_address) };
  }
  if (!found.smtp_host || !found.smtp_port) return 'the SMTP transport has no host and port';
  return {
    settings: found,
    transport: smtpTransport({
      host: found.smtp_host,
      port: found.smtp_port,
      secure: found.smtp_secure,
      user: found.smtp_user,
      password: smtpPassword(deps.vault, found),
    }),
  };
}
