// The Gmail API as the simulator plays it, at its real paths under /gmail/v1/users/{userId}/:
//   - messages.send (raw RFC 822; the token's subject must be the mailbox and the From header its
//     address — the service account impersonates the sender, it cannot send as anyone else),
//   - messages.list (labelIds, `q=rfc822msgid:`), messages.get (format=raw|metadata|minimal),
//     messages.modify / batchModify (labels), labels.list / labels.create, getProfile,
//   - history.list from a startHistoryId, paged, with the 404 Google answers when the id is older
//     than the history it keeps (tests age a mailbox's history with expireHistory).
// Mailboxes are created on first use; tests drop messages into them with deliver(). A message sent
// to another mailbox of the simulator is delivered there too, threaded like Gmail does (by the
// References / In-Reply-To of messages the mailbox already has).
import { ApiError, insufficientScopes } from './errors.ts';

const SCOPE = 'https://www.googleapis.com/auth/';
export const GMAIL_SCOPES = {
  send: [`${SCOPE}gmail.send`, `${SCOPE}gmail.compose`, `${SCOPE}gmail.modify`, 'https://mail.google.com/'],
  read: [`${SCOPE}gmail.readonly`, `${SCOPE}gmail.modify`, 'https://mail.google.com/'],
  metadata: [
    `${SCOPE}gmail.metadata`,
    `${SCOPE}gmail.readonly`,
    `${SCOPE}gmail.modify`,
    'https://mail.google.com/',
  ],
  labels: [`${SCOPE}gmail.labels`, `${SCOPE}gmail.modify`, 'https://mail.google.com/'],
  modify: [`${SCOPE}gmail.modify`, 'https://mail.google.com/'],
  /** Reading settings (vacation, forwarding, delegates) and updating the vacation responder. */
  settingsRead: [
    `${SCOPE}gmail.settings.basic`,
    `${SCOPE}gmail.readonly`,
    `${SCOPE}gmail.modify`,
    'https://mail.google.com/',
  ],
  settingsBasic: [`${SCOPE}gmail.settings.basic`],
  /** Forwarding addresses, auto-forwarding and delegates: what moves mail out of the mailbox. */
  settingsSharing: [`${SCOPE}gmail.settings.sharing`],
} as const;
export const ALL_GMAIL_SCOPES: readonly string[] = [...new Set(Object.values(GMAIL_SCOPES).flat())];
/**
 * What the simulated Admin console delegates by default: the Gmail scopes Helios asks for (send,
 * read, modify) — not full mail access (`https://mail.google.com/`), which stays undelegated.
 */
export const DELEGATED_GMAIL_SCOPES: readonly string[] = [
  `${SCOPE}gmail.send`,
  `${SCOPE}gmail.readonly`,
  `${SCOPE}gmail.modify`,
  // The lifecycle's offboarding (forwarding, delegates, auto-reply).
  `${SCOPE}gmail.settings.basic`,
  `${SCOPE}gmail.settings.sharing`,
];

const SYSTEM_LABELS = ['INBOX', 'SENT', 'DRAFT', 'SPAM', 'TRASH', 'UNREAD', 'STARRED', 'IMPORTANT'];

interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: Set<string>;
  raw: Buffer;
  historyId: number;
  internalDate: number;
  headers: [string, string][];
}

interface HistoryRecord {
  id: number;
  messageId: string;
  kind: 'messageAdded' | 'labelAdded';
}

class Mailbox {
  readonly messages = new Map<string, StoredMessage>();
  readonly history: HistoryRecord[] = [];
  readonly labels = new Map<string, { id: string; name: string; type: 'system' | 'user' }>(
    SYSTEM_LABELS.map((l) => [l, { id: l, name: l, type: 'system' }]),
  );
  /** history.list with an older start id answers 404. */
  minHistoryId = 0;
  readonly address: string;
  constructor(address: string) {
    this.address = address;
  }
}

export interface TokenInfo {
  subject: string;
  scopes: ReadonlySet<string>;
}

export interface GmailResponse {
  status: number;
  body?: unknown;
}

/** Unfolded headers of an RFC 822 message (only the header block is read). */
export function parseHeaders(raw: Buffer): [string, string][] {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  return block
    .split(/\r?\n/)
    .map((line) => {
      const colon = line.indexOf(':');
      return colon <= 0
        ? undefined
        : ([line.slice(0, colon).trim(), line.slice(colon + 1).trim()] as [string, string]);
    })
    .filter((h): h is [string, string] => h !== undefined);
}

const header = (headers: [string, string][], name: string) =>
  headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
const addressesIn = (value: string | undefined): string[] =>
  [...(value ?? '').matchAll(/[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)].map((m) =>
    m[0].toLowerCase(),
  );
const idsIn = (value: string | undefined): string[] =>
  [...(value ?? '').matchAll(/<[^<>\s]+>/g)].map((m) => m[0]);

export class GmailSimulator {
  readonly #mailboxes = new Map<string, Mailbox>();
  #historyCounter = 5000;
  #idCounter = 0;
  /** Every message sent through messages.send, in order (tests count them). */
  readonly sent: { mailbox: string; id: string; threadId: string; raw: Buffer }[] = [];

  /** Whether the address has a mailbox here (tokens for it are issued). */
  has(address: string): boolean {
    return this.#mailboxes.has(address.toLowerCase());
  }

  /** Creates the mailbox if needed (a user the service account may impersonate). */
  mailbox(address: string): void {
    this.#box(address);
  }

  #box(address: string): Mailbox {
    const key = address.toLowerCase();
    let box = this.#mailboxes.get(key);
    if (!box) {
      box = new Mailbox(key);
      this.#mailboxes.set(key, box);
    }
    return box;
  }

  #newId(): string {
    this.#idCounter++;
    return (0x18c0000000000000n + BigInt(this.#idCounter) * 7919n).toString(16);
  }

  /** Adds a message to a mailbox as Gmail would on delivery (INBOX, UNREAD by default). */
  deliver(
    address: string,
    raw: string | Buffer,
    options: { labelIds?: string[]; threadId?: string } = {},
  ): { id: string; threadId: string } {
    const box = this.#box(address);
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    const headers = parseHeaders(bytes);
    const id = this.#newId();
    const refs = [...idsIn(header(headers, 'in-reply-to')), ...idsIn(header(headers, 'references'))];
    let threadId =
      options.threadId && [...box.messages.values()].some((m) => m.threadId === options.threadId)
        ? options.threadId
        : undefined;
    if (!threadId && refs.length > 0) {
      for (const m of box.messages.values()) {
        const own = header(m.headers, 'message-id');
        if (own && refs.includes(own)) {
          threadId = m.threadId;
          break;
        }
      }
    }
    const historyId = ++this.#historyCounter;
    box.messages.set(id, {
      id,
      threadId: threadId ?? id,
      labelIds: new Set(options.labelIds ?? ['INBOX', 'UNREAD']),
      raw: bytes,
      historyId,
      internalDate: Date.now(),
      headers,
    });
    box.history.push({ id: historyId, messageId: id, kind: 'messageAdded' });
    return { id, threadId: threadId ?? id };
  }

  /** Forgets the history so far: history.list from any earlier id answers 404 (too old). */
  expireHistory(address: string): void {
    const box = this.#box(address);
    box.minHistoryId = this.#historyCounter + 1;
    box.history.length = 0;
  }

  /** A message as stored (tests read labels and bytes). */
  message(address: string, id: string): { labelIds: string[]; raw: Buffer; threadId: string } | undefined {
    const m = this.#box(address).messages.get(id);
    return m ? { labelIds: [...m.labelIds], raw: m.raw, threadId: m.threadId } : undefined;
  }

  /** The ids of a mailbox's messages, oldest first. */
  messageIds(address: string): string[] {
    return [...this.#box(address).messages.keys()];
  }

  /** Labels by name in a mailbox (user labels included). */
  labelNames(address: string, id: string): string[] {
    const box = this.#box(address);
    const m = box.messages.get(id);
    return m ? [...m.labelIds].map((l) => box.labels.get(l)?.name ?? l) : [];
  }

  /** Serves one Gmail request; `path` is what follows /gmail/v1/users/. */
  handle(
    method: string,
    path: string,
    params: URLSearchParams,
    body: string,
    token: TokenInfo,
  ): GmailResponse {
    const [rawUser = '', ...rest] = path.split('/');
    const userId = decodeURIComponent(rawUser).toLowerCase();
    const address = userId === 'me' ? token.subject : userId;
    if (address !== token.subject) {
      throw new ApiError(403, 'forbidden', `Delegation denied for ${token.subject}`);
    }
    const need = (scopes: readonly string[]) => {
      if (!scopes.some((s) => token.scopes.has(s))) throw insufficientScopes();
    };
    const box = this.#box(address);
    const json = (): Record<string, unknown> => {
      try {
        const value: unknown = JSON.parse(body || '{}');
        if (typeof value === 'object' && value !== null && !Array.isArray(value))
          return value as Record<string, unknown>;
      } catch {
        // answered below
      }
      throw new ApiError(400, 'badRequest', 'Invalid JSON payload received.');
    };
    const route = `${method} ${rest.join('/')}`;

    if (route === 'GET profile') {
      need(GMAIL_SCOPES.metadata);
      return {
        status: 200,
        body: {
          emailAddress: address,
          messagesTotal: box.messages.size,
          threadsTotal: new Set([...box.messages.values()].map((m) => m.threadId)).size,
          historyId: String(this.#historyCounter),
        },
      };
    }
    if (route === 'POST messages/send') {
      need(GMAIL_SCOPES.send);
      const input = json();
      if (typeof input.raw !== 'string' || input.raw === '')
        throw new ApiError(
          400,
          'invalidArgument',
          "'raw' RFC822 payload message string or uploading message via /upload/* URL required",
        );
      const raw = Buffer.from(input.raw, 'base64url');
      const headers = parseHeaders(raw);
      const from = addressesIn(header(headers, 'from'))[0];
      if (from !== address) {
        throw new ApiError(
          400,
          'invalidArgument',
          `Invalid From header: ${from ?? '(none)'} is not ${address}`,
        );
      }
      const recipients = [...addressesIn(header(headers, 'to')), ...addressesIn(header(headers, 'cc'))];
      if (recipients.length === 0) throw new ApiError(400, 'invalidArgument', 'Recipient address required');
      if (
        typeof input.threadId === 'string' &&
        ![...box.messages.values()].some((m) => m.threadId === input.threadId)
      ) {
        throw new ApiError(404, 'notFound', 'Requested entity was not found.');
      }
      const sent = this.deliver(address, raw, {
        labelIds: ['SENT'],
        ...(typeof input.threadId === 'string' ? { threadId: input.threadId } : {}),
      });
      this.sent.push({ mailbox: address, ...sent, raw });
      for (const to of new Set(recipients)) if (to !== address && this.has(to)) this.deliver(to, raw);
      return { status: 200, body: { id: sent.id, threadId: sent.threadId, labelIds: ['SENT'] } };
    }
    if (route === 'GET messages') {
      const q = params.get('q');
      need(q ? GMAIL_SCOPES.read : GMAIL_SCOPES.metadata);
      const labelIds = params.getAll('labelIds');
      const includeSpamTrash = params.get('includeSpamTrash') === 'true';
      let wanted: string | undefined;
      if (q) {
        const match = /^rfc822msgid:(\S+)$/.exec(q.trim());
        if (!match?.[1])
          throw new ApiError(
            400,
            'invalidArgument',
            `The simulator understands only q=rfc822msgid:…, not ${q}`,
          );
        wanted = `<${match[1].replace(/^<|>$/g, '')}>`;
      }
      const all = [...box.messages.values()]
        .filter((m) => labelIds.every((l) => m.labelIds.has(l)))
        .filter((m) => includeSpamTrash || (!m.labelIds.has('SPAM') && !m.labelIds.has('TRASH')))
        .filter((m) => wanted === undefined || header(m.headers, 'message-id') === wanted)
        .reverse();
      const { items, next } = page(all, params, 100, 500);
      return {
        status: 200,
        body: {
          ...(items.length > 0 ? { messages: items.map((m) => ({ id: m.id, threadId: m.threadId })) } : {}),
          ...(next ? { nextPageToken: next } : {}),
          resultSizeEstimate: all.length,
        },
      };
    }
    if (route === 'GET labels') {
      need(GMAIL_SCOPES.labels);
      return { status: 200, body: { labels: [...box.labels.values()] } };
    }
    if (route === 'POST labels') {
      need(GMAIL_SCOPES.labels);
      const input = json();
      if (typeof input.name !== 'string' || input.name.trim() === '')
        throw new ApiError(400, 'invalidArgument', 'Invalid label name');
      if ([...box.labels.values()].some((l) => l.name.toLowerCase() === String(input.name).toLowerCase())) {
        throw new ApiError(409, 'alreadyExists', 'Label name exists or conflicts');
      }
      const label = { id: `Label_${box.labels.size + 1}`, name: input.name, type: 'user' as const };
      box.labels.set(label.id, label);
      return { status: 200, body: label };
    }
    if (route === 'POST messages/batchModify') {
      need(GMAIL_SCOPES.modify);
      const input = json();
      const ids = Array.isArray(input.ids) ? input.ids.filter((x): x is string => typeof x === 'string') : [];
      if (ids.length === 0 || ids.length > 1000)
        throw new ApiError(400, 'invalidArgument', 'ids: between 1 and 1000');
      for (const id of ids) this.#modify(box, id, input);
      return { status: 204 };
    }
    if (route === 'GET history') {
      need(GMAIL_SCOPES.metadata);
      const start = Number(params.get('startHistoryId'));
      if (!Number.isSafeInteger(start) || start <= 0)
        throw new ApiError(400, 'invalidArgument', 'Invalid startHistoryId');
      if (start < box.minHistoryId) throw new ApiError(404, 'notFound', 'Requested entity was not found.');
      const types = params.getAll('historyTypes');
      const records = box.history.filter(
        (h) => h.id > start && (types.length === 0 || types.includes(h.kind)),
      );
      const { items, next } = page(records, params, 100, 500);
      return {
        status: 200,
        body: {
          ...(items.length > 0
            ? {
                history: items.map((h) => {
                  const m = box.messages.get(h.messageId);
                  const ref = { id: h.messageId, threadId: m?.threadId ?? h.messageId };
                  return {
                    id: String(h.id),
                    messages: [ref],
                    ...(h.kind === 'messageAdded'
                      ? { messagesAdded: [{ message: { ...ref, labelIds: [...(m?.labelIds ?? [])] } }] }
                      : {}),
                  };
                }),
              }
            : {}),
          ...(next ? { nextPageToken: next } : {}),
          historyId: String(this.#historyCounter),
        },
      };
    }
    const one = /^(GET|POST) messages\/([^/]+)(\/modify)?$/.exec(route);
    if (one?.[2]) {
      const m = box.messages.get(decodeURIComponent(one[2]));
      if (one[1] === 'POST' && one[3]) {
        need(GMAIL_SCOPES.modify);
        this.#modify(box, decodeURIComponent(one[2]), json());
        return {
          status: 200,
          body: this.#render(box.messages.get(decodeURIComponent(one[2])), 'minimal', params),
        };
      }
      if (one[1] === 'GET' && !one[3]) {
        const format = params.get('format') ?? 'full';
        need(format === 'metadata' || format === 'minimal' ? GMAIL_SCOPES.metadata : GMAIL_SCOPES.read);
        return { status: 200, body: this.#render(m, format, params) };
      }
    }
    throw new ApiError(404, 'notFound', 'Not Found');
  }

  #modify(box: Mailbox, id: string, input: Record<string, unknown>): void {
    const m = box.messages.get(id);
    if (!m) throw new ApiError(404, 'notFound', 'Requested entity was not found.');
    const add = Array.isArray(input.addLabelIds)
      ? input.addLabelIds.filter((x): x is string => typeof x === 'string')
      : [];
    const remove = Array.isArray(input.removeLabelIds)
      ? input.removeLabelIds.filter((x): x is string => typeof x === 'string')
      : [];
    for (const l of [...add, ...remove])
      if (!box.labels.has(l)) throw new ApiError(400, 'invalidArgument', `Invalid label: ${l}`);
    for (const l of add) m.labelIds.add(l);
    for (const l of remove) m.labelIds.delete(l);
    m.historyId = ++this.#historyCounter;
    box.history.push({ id: m.historyId, messageId: id, kind: 'labelAdded' });
  }

  #render(m: StoredMessage | undefined, format: string, params: URLSearchParams): unknown {
    if (!m) throw new ApiError(404, 'notFound', 'Requested entity was not found.');
    const base = {
      id: m.id,
      threadId: m.threadId,
      labelIds: [...m.labelIds],
      snippet: '',
      sizeEstimate: m.raw.length,
      historyId: String(m.historyId),
      internalDate: String(m.internalDate),
    };
    if (format === 'raw') return { ...base, raw: m.raw.toString('base64url') };
    if (format === 'minimal') return base;
    if (format === 'metadata') {
      const only = params.getAll('metadataHeaders').map((h) => h.toLowerCase());
      const headers = m.headers.filter(([n]) => only.length === 0 || only.includes(n.toLowerCase()));
      return { ...base, payload: { headers: headers.map(([name, value]) => ({ name, value })) } };
    }
    throw new ApiError(
      400,
      'invalidArgument',
      `The simulator serves format=raw|metadata|minimal, not ${format}`,
    );
  }
}

/** Offset paging with opaque tokens, like Google's (maxResults capped). */
function page<T>(
  all: T[],
  params: URLSearchParams,
  byDefault: number,
  max: number,
): { items: T[]; next: string | undefined } {
  const size = Math.min(Math.max(Number(params.get('maxResults') ?? byDefault) || byDefault, 1), max);
  const token = params.get('pageToken');
  const offset = token ? Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^o:/, '')) : 0;
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new ApiError(400, 'invalidArgument', 'Invalid pageToken');
  const items = all.slice(offset, offset + size);
  const next =
    offset + size < all.length ? Buffer.from(`o:${offset + size}`).toString('base64url') : undefined;
  return { items, next };
}
