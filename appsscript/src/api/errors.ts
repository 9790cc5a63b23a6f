// What can go wrong talking to Helios, as kinds the cards can explain in plain words. Raw causes
// (exception text, stack) are logged for the script's owner, never shown in a card.

export type HeliosErrorKind =
  | 'not_configured'
  | 'unreachable'
  | 'timeout'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'validation'
  | 'conflict'
  | 'rate_limited'
  | 'too_large'
  | 'server'
  | 'bad_response'
  | 'gmail'
  | 'input';

export interface HeliosErrorDetail {
  path: string;
  message: string;
}

export class HeliosError extends Error {
  readonly kind: HeliosErrorKind;
  /** HTTP status when the backend answered, else 0. */
  readonly status: number;
  /** The backend's own (user-safe) message, when it sent one. */
  readonly serverMessage: string | undefined;
  /** The backend's error code (api.md), when it sent one: `thread_has_ticket` tells a 409 apart. */
  readonly code: string | undefined;
  readonly details: HeliosErrorDetail[];
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: HeliosErrorKind,
    message: string,
    extra: {
      status?: number;
      serverMessage?: string;
      code?: string;
      details?: HeliosErrorDetail[];
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.name = 'HeliosError';
    this.kind = kind;
    this.status = extra.status ?? 0;
    this.serverMessage = extra.serverMessage;
    this.code = extra.code;
    this.details = extra.details ?? [];
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

/** A user mistake in a form (checked before any request). */
export const inputError = (message: string): HeliosError => new HeliosError('input', message);

/** Title + advice for a card or toast; never a stack trace, never internals. */
export function describeError(error: unknown): { title: string; text: string } {
  if (!(error instanceof HeliosError)) {
    return {
      title: 'Something went wrong',
      text: 'The add-on hit an unexpected problem. Try again; if it keeps happening, tell your IT team.',
    };
  }
  const server = error.serverMessage ? ` (${error.serverMessage})` : '';
  switch (error.kind) {
    case 'not_configured':
      return {
        title: 'Helios is not connected yet',
        text: 'An administrator must enter the Helios server address in Settings (⋮ menu → Settings).',
      };
    case 'unreachable':
      return { title: 'Cannot reach Helios', text: error.message };
    case 'timeout':
      return {
        title: 'Helios is taking too long',
        text: 'The server did not answer in time. Try again in a minute.',
      };
    case 'unauthenticated':
      return {
        title: 'Helios did not accept your sign-in',
        text:
          'Your Google account was not recognised by Helios. Make sure you use your work account; if it ' +
          'still fails, ask your IT admin to check the add-on’s OAuth client id (HELIOS_GOOGLE_AUDIENCES) ' +
          'and that you exist in Helios.',
      };
    case 'forbidden':
      return { title: 'Not allowed', text: `You do not have permission to do that in Helios${server}.` };
    case 'not_found':
      return {
        title: 'Not found',
        text: `Helios could not find that — it may have been deleted, or you may not have access${server}.`,
      };
    case 'validation':
      return {
        title: 'Please check the form',
        text:
          error.details.length > 0
            ? error.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ')
            : (error.serverMessage ?? 'Some values were not accepted.'),
      };
    case 'conflict':
      if (error.code === 'thread_has_ticket')
        return {
          title: 'This thread is already a ticket',
          text: `${error.serverMessage ?? 'This Gmail thread already has a ticket'}. Add the email to it, or tick “File a separate ticket”.`,
        };
      return {
        title: 'Already changed',
        text: `That conflicts with the current state${server}. Reload and retry.`,
      };
    case 'rate_limited':
      return {
        title: 'Too many requests',
        text: `Helios is busy. Wait ${error.retryAfterSeconds ?? 30} seconds and try again.`,
      };
    case 'too_large':
      return { title: 'Too large', text: 'That is larger than Helios accepts.' };
    case 'server':
      return {
        title: 'Helios had a problem',
        text: `The server answered with error ${error.status}. Try again; if it persists, tell your IT admin.`,
      };
    case 'bad_response':
      return {
        title: 'Unexpected answer from Helios',
        text: 'The server’s answer was not understood. The add-on and the server may be different versions; tell your IT admin.',
      };
    case 'gmail':
    case 'input':
      return { title: 'Cannot do that', text: error.message };
  }
}
