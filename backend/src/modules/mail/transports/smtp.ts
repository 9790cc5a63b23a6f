import nodemailer from 'nodemailer';
import { MailSendError, type MailTransport } from './transport.ts';

export interface SmtpOptions {
  host: string;
  port: number;
  secure: boolean;
  user?: string | null | undefined;
  password?: string | null | undefined;
  /** Connection, greeting and socket timeout (ms). */
  timeoutMs?: number;
}

/** Sends over SMTP with nodemailer (organizations whose mail is not on Google). */
export function smtpTransport(options: SmtpOptions): MailTransport {
  const timeout = options.timeoutMs ?? 30_000;
  const transporter = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    ...(options.user ? { auth: { user: options.user, pass: options.password ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    kind: 'smtp',
    async send(mail) {
      try {
        await transporter.sendMail({ envelope: { from: mail.from, to: mail.to }, raw: mail.raw });
        return {};
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // An SMTP reply code means the server answered: 5xx refused for good, 4xx for now. Without
        // one (a dropped connection) the message may have been taken.
        if (typeof code === 'number')
          throw new MailSendError(String((error as Error).message), code >= 500, false);
        throw new MailSendError(error instanceof Error ? error.message : String(error), false, true);
      }
    },
    // SMTP cannot be asked what it delivered.
    wasSent: () => Promise.resolve(undefined),
  };
}
