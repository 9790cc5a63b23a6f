import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino replaces with "[redacted]" wherever they appear in a log line. Credentials travel in
 * headers and bodies; none of them may reach a log file (see the secrets rule in the README).
 */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.otpSecret',
  '*.serviceAccountKey',
  '*.private_key',
  '*.apiKey',
  '*.token',
  '*.encryptionKey',
  'config.databaseUrl',
];

/** The process logger: JSON lines on stdout, secrets redacted. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'helios' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? process.stdout,
  );
}
