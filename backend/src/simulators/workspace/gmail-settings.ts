// Gmail's settings API as the offboarding uses it, at /gmail/v1/users/{userId}/settings/…:
//   forwardingAddresses list / get / create / delete, autoForwarding get / update (only to an
//   accepted forwarding address), vacation get / update, delegates list / get / create / delete.
// Like Gmail: the token's subject must be the mailbox (domain-wide delegation impersonates the
// person), the settings need a mailbox (a licensed, active user, or a mailbox tests created),
// sharing settings need gmail.settings.sharing and the rest gmail.settings.basic; a forwarding
// address in one of the customer's domains is accepted at once, any other waits for verification.
import type { Directory } from './directory.ts';
import { ApiError, insufficientScopes } from './errors.ts';
import { GMAIL_SCOPES, type GmailResponse, type TokenInfo } from './gmail.ts';
import type { WorkspaceState } from './state.ts';

export interface SettingsContext {
  directory: Directory;
  state: WorkspaceState;
  /** Mailboxes created in the Gmail simulator (tests) count as mailboxes too. */
  hasGmailMailbox: (address: string) => boolean;
}

const DISPOSITIONS = ['leaveInInbox', 'archive', 'trash', 'markRead'];
const VACATION_FIELDS = [
  'enableAutoReply',
  'responseSubject',
  'responseBodyPlainText',
  'responseBodyHtml',
  'restrictToContacts',
  'restrictToDomain',
  'startTime',
  'endTime',
];

const notFound = () => new ApiError(404, 'notFound', 'Requested entity was not found.');

/** Whether the address has a Gmail mailbox: a licensed, active user of the directory. */
export function hasMailbox(ctx: SettingsContext, address: string): boolean {
  if (ctx.hasGmailMailbox(address)) return true;
  const user = ctx.directory.findUser(address);
  return user !== undefined && !user.suspended && !user.archived && user.skuId !== null;
}

function inCustomerDomain(ctx: SettingsContext, address: string): boolean {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return ctx.directory.domains.some((d) => d.domainName === domain);
}

function parse(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body || '{}');
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new ApiError(400, 'badRequest', 'Invalid JSON payload received.');
}

/** Serves one settings request; `path` is what follows /settings/. Returns undefined for other paths. */
export function handleSettings(
  ctx: SettingsContext,
  method: string,
  address: string,
  path: string[],
  body: string,
  token: TokenInfo,
): GmailResponse | undefined {
  if (address !== token.subject)
    throw new ApiError(403, 'forbidden', `Delegation denied for ${token.subject}`);
  const need = (scopes: readonly string[]) => {
    if (!scopes.some((s) => token.scopes.has(s))) throw insufficientScopes();
  };
  const [area, item, ...rest] = path;
  if (rest.length > 0 || area === undefined) return undefined;
  if (!hasMailbox(ctx, address)) throw new ApiError(400, 'failedPrecondition', 'Mail service not enabled');
  const settings = ctx.state.settingsOf(address);
  const key = item === undefined ? undefined : decodeURIComponent(item).toLowerCase();

  if (area === 'autoForwarding' && key === undefined) {
    if (method === 'GET') {
      need(GMAIL_SCOPES.settingsRead);
      return { status: 200, body: settings.autoForwarding };
    }
    if (method === 'PUT') {
      need(GMAIL_SCOPES.settingsSharing);
      const input = parse(body);
      const enabled = input.enabled === true;
      const emailAddress =
        typeof input.emailAddress === 'string' ? input.emailAddress.toLowerCase() : undefined;
      const disposition = typeof input.disposition === 'string' ? input.disposition : undefined;
      if (enabled) {
        if (emailAddress === undefined)
          throw new ApiError(400, 'invalidArgument', 'Missing forwarding email address');
        if (settings.forwardingAddresses.get(emailAddress) !== 'accepted') {
          throw new ApiError(400, 'failedPrecondition', 'Unverified forwarding address.');
        }
        if (disposition === undefined || !DISPOSITIONS.includes(disposition)) {
          throw new ApiError(400, 'invalidArgument', 'Invalid disposition');
        }
      }
      settings.autoForwarding = {
        enabled,
        ...(emailAddress === undefined ? {} : { emailAddress }),
        ...(disposition === undefined ? {} : { disposition }),
      };
      return { status: 200, body: settings.autoForwarding };
    }
  }

  if (area === 'forwardingAddresses') {
    const render = (email: string) => ({
      forwardingEmail: email,
      verificationStatus: settings.forwardingAddresses.get(email),
    });
    if (method === 'GET' && key === undefined) {
      need(GMAIL_SCOPES.settingsRead);
      const list = [...settings.forwardingAddresses.keys()].map(render);
      return { status: 200, body: list.length === 0 ? {} : { forwardingAddresses: list } };
    }
    if (method === 'GET' && key !== undefined) {
      need(GMAIL_SCOPES.settingsRead);
      if (!settings.forwardingAddresses.has(key)) throw notFound();
      return { status: 200, body: render(key) };
    }
    if (method === 'POST' && key === undefined) {
      need(GMAIL_SCOPES.settingsSharing);
      const input = parse(body);
      const email = typeof input.forwardingEmail === 'string' ? input.forwardingEmail.toLowerCase() : '';
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
        throw new ApiError(400, 'invalidArgument', 'Invalid forwarding address');
      if (settings.forwardingAddresses.has(email)) {
        throw new ApiError(409, 'alreadyExists', 'Forwarding address already exists.');
      }
      settings.forwardingAddresses.set(email, inCustomerDomain(ctx, email) ? 'accepted' : 'pending');
      return { status: 200, body: render(email) };
    }
    if (method === 'DELETE' && key !== undefined) {
      need(GMAIL_SCOPES.settingsSharing);
      if (!settings.forwardingAddresses.delete(key)) throw notFound();
      if (settings.autoForwarding.emailAddress === key) settings.autoForwarding = { enabled: false };
      return { status: 204 };
    }
  }

  if (area === 'vacation' && key === undefined) {
    if (method === 'GET') {
      need(GMAIL_SCOPES.settingsRead);
      return { status: 200, body: settings.vacation };
    }
    if (method === 'PUT') {
      need(GMAIL_SCOPES.settingsBasic);
      const input = parse(body);
      const vacation = Object.fromEntries(Object.entries(input).filter(([k]) => VACATION_FIELDS.includes(k)));
      if (
        vacation.enableAutoReply === true &&
        !vacation.responseSubject &&
        !vacation.responseBodyPlainText &&
        !vacation.responseBodyHtml
      ) {
        throw new ApiError(400, 'invalidArgument', 'An auto-reply needs a subject or a message');
      }
      settings.vacation = { enableAutoReply: vacation.enableAutoReply === true, ...vacation };
      return { status: 200, body: settings.vacation };
    }
  }

  if (area === 'delegates') {
    const render = (email: string) => ({ delegateEmail: email, verificationStatus: 'accepted' });
    if (method === 'GET' && key === undefined) {
      need(GMAIL_SCOPES.settingsRead);
      const list = [...settings.delegates.keys()].map(render);
      return { status: 200, body: list.length === 0 ? {} : { delegates: list } };
    }
    if (method === 'GET' && key !== undefined) {
      need(GMAIL_SCOPES.settingsRead);
      if (!settings.delegates.has(key)) throw notFound();
      return { status: 200, body: render(key) };
    }
    if (method === 'POST' && key === undefined) {
      need(GMAIL_SCOPES.settingsSharing);
      const input = parse(body);
      const email = typeof input.delegateEmail === 'string' ? input.delegateEmail.toLowerCase() : '';
      // A delegate must be another mailbox of the same organization.
      if (email === address || !inCustomerDomain(ctx, email) || !hasMailbox(ctx, email)) {
        throw new ApiError(400, 'invalidArgument', `Invalid delegate: ${email}`);
      }
      if (settings.delegates.has(email)) throw new ApiError(409, 'alreadyExists', 'Delegate already exists.');
      settings.delegates.set(email, 'accepted');
      return { status: 200, body: render(email) };
    }
    if (method === 'DELETE' && key !== undefined) {
      need(GMAIL_SCOPES.settingsSharing);
      if (!settings.delegates.delete(key)) throw notFound();
      return { status: 204 };
    }
  }
  return undefined;
}
