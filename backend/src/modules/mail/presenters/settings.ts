import type { MailSettings } from '@helios/shared';
import type { MailSettingsRow } from '../queries/settings.ts';

/** The mail settings as shown: whether an SMTP password is stored, never the password. */
export function presentMailSettings(row: MailSettingsRow | undefined): MailSettings {
  return {
    configured: row !== undefined,
    transport: row?.transport === 'gmail' || row?.transport === 'smtp' ? row.transport : null,
    fromAddress: row?.from_address ?? null,
    fromName: row?.from_name ?? null,
    watchMailbox: row?.watch_mailbox ?? null,
    smtp:
      row?.smtp_host && row.smtp_port
        ? {
            host: row.smtp_host,
            port: row.smtp_port,
            secure: row.smtp_secure,
            user: row.smtp_user,
            passwordSet: row.smtp_password_encrypted !== null,
          }
        : null,
    consoleUrl: row?.console_url ?? null,
    pollIntervalMinutes: row?.poll_interval_minutes ?? 5,
    allowDomains: row?.allow_domains ?? [],
    denyDomains: row?.deny_domains ?? [],
    lastPollAt: row?.last_poll_at?.toISOString() ?? null,
    lastPollStatus: row?.last_poll_status ?? null,
    lastPollError: row?.last_poll_error ?? null,
  };
}
