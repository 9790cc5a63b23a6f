import type { MailSettingsInput } from '@helios/shared';
import type { Kysely } from 'kysely';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';
import type { Vault } from '../../../core/crypto/vault.ts';
import type { Database } from '../../../core/db/schema.ts';
import { validationFailed } from '../../../core/errors.ts';
import {
  findMailSettings,
  insertMailSettings,
  type MailSettingsRow,
  updateMailSettings,
} from '../queries/settings.ts';

/**
 * Stores the mail settings (admin). The SMTP password is sealed for the row and never stored in
 * clear, returned or audited; leaving it out of an update keeps the stored one. Changing the
 * watched mailbox restarts its history (the stored historyId belongs to the old one).
 */
export async function saveMailSettings(
  db: Kysely<Database>,
  vault: Vault,
  ctx: AuditContext,
  input: MailSettingsInput,
): Promise<MailSettingsRow> {
  if (input.watchMailbox && input.transport === 'smtp') {
    // Watching a mailbox is done through the Gmail API; SMTP/IMAP mailboxes are out of scope.
    throw validationFailed('watchMailbox: a watched mailbox needs the "gmail" transport', [
      { path: 'watchMailbox', message: 'a watched mailbox needs the "gmail" transport' },
    ]);
  }
  return db.transaction().execute(async (trx) => {
    const existing = await findMailSettings(trx, ctx.organizationId);
    const smtp = input.smtp;
    const values = {
      transport: input.transport,
      from_address: input.fromAddress.toLowerCase(),
      from_name: input.fromName ?? existing?.from_name ?? null,
      // A watched mailbox is read through Gmail: switching to SMTP stops watching it.
      watch_mailbox:
        input.transport !== 'gmail'
          ? null
          : input.watchMailbox === undefined
            ? (existing?.watch_mailbox ?? null)
            : (input.watchMailbox?.toLowerCase() ?? null),
      smtp_host: smtp?.host ?? null,
      smtp_port: smtp?.port ?? null,
      smtp_secure: smtp?.secure ?? false,
      smtp_user: smtp?.user ?? null,
      ...(input.consoleUrl !== undefined ? { console_url: input.consoleUrl } : {}),
      ...(input.pollIntervalMinutes !== undefined
        ? { poll_interval_minutes: input.pollIntervalMinutes }
        : {}),
      ...(input.allowDomains !== undefined ? { allow_domains: input.allowDomains } : {}),
      ...(input.denyDomains !== undefined ? { deny_domains: input.denyDomains } : {}),
      // Without SMTP the password goes; with SMTP and no new one, the stored one stays.
      ...(!smtp ? { smtp_password_encrypted: null } : {}),
    };
    let row = existing
      ? await updateMailSettings(trx, existing.id, values)
      : await insertMailSettings(trx, { organization_id: ctx.organizationId, ...values });
    if (smtp?.password !== undefined) {
      const sealed = vault.seal(
        { table: 'mail_settings', column: 'smtp_password_encrypted', id: row.id },
        smtp.password,
      );
      row = await updateMailSettings(trx, row.id, { smtp_password_encrypted: sealed });
    }
    await recordAudit(trx, ctx, {
      action: existing ? 'update' : 'create',
      entityType: 'mail_settings',
      entityId: row.id,
      newValue: {
        transport: row.transport,
        fromAddress: row.from_address,
        watchMailbox: row.watch_mailbox,
        smtpHost: row.smtp_host,
        passwordChanged: smtp?.password !== undefined,
      },
    });
    return row;
  });
}
