// The Gmail API as the service account sees it with domain-wide delegation: one JWT per mailbox
// and scope (the `sub` is the mailbox itself), requests signed by google-auth-library and sent
// through the directory sync's transport, so HELIOS_GOOGLE_API_ORIGIN reaches Gmail too. Only the
// few calls Helios makes, each with the narrowest scope that allows it.
import { JWT } from 'google-auth-library';
import { createGoogleTransport } from '../../directory-sync/index.ts';

const SCOPE = 'https://www.googleapis.com/auth/';
/** Sending as the support address. */
export const GMAIL_SEND_SCOPE = `${SCOPE}gmail.send`;
/** Reading the support address's own sent mail (did a crashed attempt go out?). */
export const GMAIL_READ_SCOPE = `${SCOPE}gmail.readonly`;
/** The watched mailbox: reading new mail and labelling it processed (labels need modify). */
export const GMAIL_MODIFY_SCOPE = `${SCOPE}gmail.modify`;

const GMAIL_ORIGIN = 'https://gmail.googleapis.com';

export interface GmailMessageRef {
  id: string;
  threadId: string;
}

export interface GmailRawMessage extends GmailMessageRef {
  labelIds: string[];
  historyId: string;
  /** The RFC 822 bytes. */
  raw: Buffer;
}

/** `history.list` said the start id is older than the history Gmail keeps (404). */
export class HistoryTooOldError extends Error {
  override name = 'HistoryTooOldError';
}

/** A Gmail call answered with an error status. */
export class GmailApiError extends Error {
  override name = 'GmailApiError';
  readonly operation: string;
  readonly status: number | undefined;
  constructor(operation: string, status: number | undefined, message: string) {
    super(`Gmail ${operation} failed${status === undefined ? '' : ` (HTTP ${status})`}: ${message}`);
    this.operation = operation;
    this.status = status;
  }
  /** 4xx other than 429: retrying the same request cannot help. */
  get permanent(): boolean {
    return this.status !== undefined && this.status >= 400 && this.status < 500 && this.status !== 429;
  }
}

export interface GmailClientOptions {
  serviceAccountKey: { client_email: string; private_key: string };
  /** HELIOS_GOOGLE_API_ORIGIN. */
  apiOrigin?: string | undefined;
  timeoutMs?: number;
}

export interface GmailClient {
  send(mailbox: string, raw: Buffer, threadId?: string): Promise<GmailMessageRef>;
  /** The id of a message in the mailbox with this RFC 822 Message-ID, if any. */
  findByMessageId(mailbox: string, rfc822MessageId: string): Promise<string | undefined>;
  historyId(mailbox: string): Promise<string>;
  /** One page of added messages since `startHistoryId`; throws HistoryTooOldError. */
  history(
    mailbox: string,
    startHistoryId: string,
    pageToken?: string,
  ): Promise<{
    added: (GmailMessageRef & { labelIds: string[] })[];
    nextPageToken?: string;
    historyId: string;
  }>;
  /** One page of the mailbox's inbox (newest first). */
  listInbox(
    mailbox: string,
    pageToken?: string,
  ): Promise<{ messages: GmailMessageRef[]; nextPageToken?: string }>;
  getRaw(mailbox: string, id: string): Promise<GmailRawMessage>;
  /** The id of a user label of this name, created when missing. */
  ensureLabel(mailbox: string, name: string): Promise<string>;
  /** Adds a label to up to 1 000 messages in one request. */
  addLabel(mailbox: string, ids: readonly string[], labelId: string): Promise<void>;
  /** HTTP requests sent (token requests included). */
  requestCount(): number;
}

export function createGmailClient(options: GmailClientOptions): GmailClient {
  const transport = createGoogleTransport({ apiOrigin: options.apiOrigin, timeoutMs: options.timeoutMs });
  const origin = transport.apiOrigin ?? GMAIL_ORIGIN;
  const clients = new Map<string, JWT>();
  /** One JWT client per (mailbox, scope): its token is cached for the hour it lives. */
  const auth = (mailbox: string, scope: string): JWT => {
    const key = `${mailbox.toLowerCase()} ${scope}`;
    let client = clients.get(key);
    if (!client) {
      client = new JWT({
        email: options.serviceAccountKey.client_email,
        key: options.serviceAccountKey.private_key,
        scopes: [scope],
        subject: mailbox.toLowerCase(),
        transporter: transport.transporter,
      });
      clients.set(key, client);
    }
    return client;
  };
  const url = (mailbox: string, path: string) =>
    `${origin}/gmail/v1/users/${encodeURIComponent(mailbox.toLowerCase())}/${path}`;

  async function call<T>(
    operation: string,
    mailbox: string,
    scope: string,
    request: {
      method: 'GET' | 'POST';
      path: string;
      params?: Record<string, string | number>;
      data?: unknown;
    },
  ): Promise<T> {
    try {
      const res = await auth(mailbox, scope).request<T>({
        method: request.method,
        url: url(mailbox, request.path),
        ...(request.params ? { params: request.params } : {}),
        ...(request.data !== undefined ? { data: request.data } : {}),
        responseType: 'json',
      });
      return res.data;
    } catch (error) {
      const status = (error as { status?: number; response?: { status?: number } }).response?.status;
      if (operation === 'history.list' && status === 404) {
        throw new HistoryTooOldError('the stored historyId is too old');
      }
      throw new GmailApiError(operation, status, error instanceof Error ? error.message : String(error));
    }
  }

  return {
    async send(mailbox, raw, threadId) {
      const data = await call<{ id: string; threadId: string }>('messages.send', mailbox, GMAIL_SEND_SCOPE, {
        method: 'POST',
        path: 'messages/send',
        data: { raw: raw.toString('base64url'), ...(threadId ? { threadId } : {}) },
      });
      return { id: data.id, threadId: data.threadId };
    },
    async findByMessageId(mailbox, rfc822MessageId) {
      const data = await call<{ messages?: { id: string }[] }>('messages.list', mailbox, GMAIL_READ_SCOPE, {
        method: 'GET',
        path: 'messages',
        params: { q: `rfc822msgid:${rfc822MessageId.replace(/^<|>$/g, '')}`, includeSpamTrash: 'true' },
      });
      return data.messages?.[0]?.id;
    },
    async historyId(mailbox) {
      const data = await call<{ historyId: string }>('getProfile', mailbox, GMAIL_MODIFY_SCOPE, {
        method: 'GET',
        path: 'profile',
      });
      return String(data.historyId);
    },
    async history(mailbox, startHistoryId, pageToken) {
      const data = await call<{
        history?: { messagesAdded?: { message: GmailMessageRef & { labelIds?: string[] } }[] }[];
        nextPageToken?: string;
        historyId: string;
      }>('history.list', mailbox, GMAIL_MODIFY_SCOPE, {
        method: 'GET',
        path: 'history',
        params: {
          startHistoryId,
          historyTypes: 'messageAdded',
          maxResults: 500,
          ...(pageToken ? { pageToken } : {}),
        },
      });
      const added = (data.history ?? []).flatMap((h) =>
        (h.messagesAdded ?? []).map((m) => ({
          id: m.message.id,
          threadId: m.message.threadId,
          labelIds: m.message.labelIds ?? [],
        })),
      );
      return {
        added,
        historyId: String(data.historyId),
        ...(data.nextPageToken ? { nextPageToken: data.nextPageToken } : {}),
      };
    },
    async listInbox(mailbox, pageToken) {
      const data = await call<{ messages?: GmailMessageRef[]; nextPageToken?: string }>(
        'messages.list',
        mailbox,
        GMAIL_MODIFY_SCOPE,
        {
          method: 'GET',
          path: 'messages',
          params: { labelIds: 'INBOX', maxResults: 500, ...(pageToken ? { pageToken } : {}) },
        },
      );
      return {
        messages: data.messages ?? [],
        ...(data.nextPageToken ? { nextPageToken: data.nextPageToken } : {}),
      };
    },
    async getRaw(mailbox, id) {
      const data = await call<{
        id: string;
        threadId: string;
        labelIds?: string[];
        historyId: string;
        raw: string;
      }>('messages.get', mailbox, GMAIL_MODIFY_SCOPE, {
        method: 'GET',
        path: `messages/${encodeURIComponent(id)}`,
        params: { format: 'raw' },
      });
      return {
        id: data.id,
        threadId: data.threadId,
        labelIds: data.labelIds ?? [],
        historyId: String(data.historyId),
        raw: Buffer.from(data.raw, 'base64url'),
      };
    },
    async ensureLabel(mailbox, name) {
      const data = await call<{ labels?: { id: string; name: string }[] }>(
        'labels.list',
        mailbox,
        GMAIL_MODIFY_SCOPE,
        {
          method: 'GET',
          path: 'labels',
        },
      );
      const found = data.labels?.find((l) => l.name === name);
      if (found) return found.id;
      const made = await call<{ id: string }>('labels.create', mailbox, GMAIL_MODIFY_SCOPE, {
        method: 'POST',
        path: 'labels',
        data: { name, labelListVisibility: 'labelShow', messageListVisibility: 'show' },
      });
      return made.id;
    },
    async addLabel(mailbox, ids, labelId) {
      if (ids.length === 0) return;
      await call<unknown>('messages.batchModify', mailbox, GMAIL_MODIFY_SCOPE, {
        method: 'POST',
        path: 'messages/batchModify',
        data: { ids: [...ids], addLabelIds: [labelId] },
      });
    },
    requestCount: () => transport.requestCount(),
  };
}
