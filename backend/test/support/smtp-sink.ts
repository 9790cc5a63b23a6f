import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message the sink accepted: the envelope and the RFC 822 bytes. */
export interface SunkMessage {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface SmtpSink {
  host: string;
  port: number;
  messages: SunkMessage[];
  /** Accounts the sink accepts (AUTH PLAIN/LOGIN); others are refused with 535. */
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback (the smtp-server package speaks the protocol, nodemailer's own
 * server side), keeping every message it accepts — the third party of the SMTP transport.
 */
export async function startSmtpSink(credentials: { user: string; password: string }): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  const server = new SMTPServer({
    secure: false,
    // Loopback only: AUTH without TLS is accepted here, as a local relay would.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.password) {
        callback(null, { user: auth.username });
      } else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
