// Fakes of the smaller Apps Script services the add-on touches: ScriptApp, GmailApp (the current
// message, from fixtures), CacheService (TTL on an injectable clock), PropertiesService, Session,
// Utilities, Logger and console. Errors they throw are Apps Script-like `Exception`s of the realm.
import { createHash, randomUUID } from 'node:crypto';
import { BlobFake } from './blob.ts';
import { bytesFrom } from './url-fetch.ts';
import { hostRealm, type Realm } from './realm.ts';

// ---------------------------------------------------------------------------------------------------
// ScriptApp

export interface ScriptAppOptions {
  /** What getIdentityToken() returns; a function is asked on every call. Unset → null (no openid scope). */
  token?: string | (() => string);
  oauthToken?: string;
  scriptId?: string;
}

export class ScriptAppFake {
  token: string | (() => string) | undefined;
  oauthToken: string;
  scriptId: string;
  /** How many times getIdentityToken() was called. */
  identityTokenCalls = 0;
  readonly AuthMode = Object.freeze({
    NONE: 'NONE',
    LIMITED: 'LIMITED',
    FULL: 'FULL',
    CUSTOM_FUNCTION: 'CUSTOM_FUNCTION',
  });
  constructor(options: ScriptAppOptions = {}) {
    this.token = options.token;
    this.oauthToken = options.oauthToken ?? 'ya29.fake-oauth-token';
    this.scriptId = options.scriptId ?? 'fake-script-id';
  }
  getIdentityToken = (): string | null => {
    this.identityTokenCalls += 1;
    if (this.token === undefined) return null;
    return typeof this.token === 'function' ? this.token() : this.token;
  };
  getOAuthToken = (): string => this.oauthToken;
  getScriptId = (): string => this.scriptId;
}

// ---------------------------------------------------------------------------------------------------
// GmailApp

export interface AttachmentFixture {
  name: string;
  contentType: string;
  /** Text (UTF-8) or bytes. */
  data: string | Uint8Array;
}

export interface MessageFixture {
  /** Defaults to the key under which the fixture is registered. */
  id?: string;
  threadId: string;
  subject: string;
  /** "Name <email>" or a bare address. */
  from: string;
  to?: string;
  cc?: string;
  replyTo?: string;
  /** Default: 2024-01-15T09:30:00Z. */
  date?: string | number | Date;
  plainBody: string;
  /** HTML body; defaults to the plain body in a <div> with <br> line breaks. */
  body?: string;
  /** Raw headers by name, e.g. { 'Message-ID': '<abc@mail.example.com>' } (looked up case-insensitively). */
  headers?: Record<string, string>;
  attachments?: AttachmentFixture[];
  /**
   * The token the add-on must pass to setCurrentMessageAccessToken before reading this message;
   * unset → any token will do, but one must have been set.
   */
  accessToken?: string;
}

export class GmailAttachmentFake extends BlobFake {
  getSize(): number {
    return this.bytes().byteLength;
  }
  getHash(): string {
    return createHash('sha1').update(this.bytes()).digest('hex');
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export class GmailMessageFake {
  private readonly gmail: GmailAppFake;
  private readonly fixture: MessageFixture;
  private readonly id: string;
  constructor(gmail: GmailAppFake, id: string, fixture: MessageFixture) {
    this.gmail = gmail;
    this.id = id;
    this.fixture = fixture;
  }
  getId = (): string => this.id;
  getThread = (): GmailThreadFake => this.gmail.thread(this.fixture.threadId);
  getSubject = (): string => this.fixture.subject;
  getFrom = (): string => this.fixture.from;
  getTo = (): string => this.fixture.to ?? '';
  getCc = (): string => this.fixture.cc ?? '';
  getBcc = (): string => '';
  getReplyTo = (): string => this.fixture.replyTo ?? '';
  getDate = (): Date => {
    const d = this.fixture.date ?? '2024-01-15T09:30:00Z';
    return this.gmail.realm.date(d instanceof Date ? d.getTime() : new Date(d).getTime());
  };
  getPlainBody = (): string => this.fixture.plainBody;
  getBody = (): string =>
    this.fixture.body ?? `<div dir="ltr">${escapeHtml(this.fixture.plainBody).replace(/\n/g, '<br>')}</div>`;
  getHeader = (name: string): string => {
    const entry = Object.entries(this.fixture.headers ?? {}).find(
      ([k]) => k.toLowerCase() === name.toLowerCase(),
    );
    return entry?.[1] ?? '';
  };
  getAttachments = (): GmailAttachmentFake[] =>
    this.gmail.realm
      .clone<GmailAttachmentFake[]>([])
      .concat(
        (this.fixture.attachments ?? []).map(
          (a) => new GmailAttachmentFake(a.data, a.contentType, a.name, this.gmail.realm),
        ),
      );
  getRawContent = (): string => {
    const headers = [
      `From: ${this.getFrom()}`,
      `To: ${this.getTo()}`,
      `Subject: ${this.getSubject()}`,
      `Date: ${this.getDate().toUTCString()}`,
      ...Object.entries(this.fixture.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    ];
    return `${headers.join('\r\n')}\r\n\r\n${this.getPlainBody()}`;
  };
  isDraft = (): boolean => false;
  isInInbox = (): boolean => true;
  isInTrash = (): boolean => false;
  isStarred = (): boolean => false;
  isUnread = (): boolean => false;
}

export class GmailThreadFake {
  private readonly gmail: GmailAppFake;
  private readonly id: string;
  constructor(gmail: GmailAppFake, id: string) {
    this.gmail = gmail;
    this.id = id;
  }
  getId = (): string => this.id;
  getMessages = (): GmailMessageFake[] =>
    this.gmail.realm.clone<GmailMessageFake[]>([]).concat(this.gmail.inThread(this.id));
  getMessageCount = (): number => this.gmail.inThread(this.id).length;
  getFirstMessageSubject = (): string => this.gmail.inThread(this.id)[0]?.getSubject() ?? '';
  getPermalink = (): string => `https://mail.google.com/mail/u/0/#inbox/${this.id}`;
}

export class GmailAppFake {
  readonly realm: Realm;
  readonly messages: Record<string, MessageFixture>;
  /** The token of the current execution (the harness clears it before each call, as Apps Script does). */
  currentToken: string | undefined;
  /** Every token passed to setCurrentMessageAccessToken, in order. */
  readonly tokens: string[] = [];
  constructor(messages: Record<string, MessageFixture> = {}, realm: Realm = hostRealm) {
    this.messages = messages;
    this.realm = realm;
  }
  setCurrentMessageAccessToken = (token: unknown): void => {
    if (typeof token !== 'string' || token === '') throw this.realm.error('Invalid argument: accessToken');
    this.currentToken = token;
    this.tokens.push(token);
  };
  getMessageById = (id: unknown): GmailMessageFake => {
    if (typeof id !== 'string') throw this.realm.error('Invalid argument: id');
    const fixture = this.messages[id];
    this.checkToken(fixture);
    if (!fixture) throw this.realm.error(`Invalid argument: id (no message ${id})`);
    return new GmailMessageFake(this, fixture.id ?? id, fixture);
  };
  getThreadById = (id: unknown): GmailThreadFake | null => {
    if (typeof id !== 'string') throw this.realm.error('Invalid argument: id');
    const first = this.inThread(id)[0];
    if (!first) return null;
    this.checkToken(this.fixtureOf(first.getId()));
    return this.thread(id);
  };
  thread(id: string): GmailThreadFake {
    return new GmailThreadFake(this, id);
  }
  inThread(threadId: string): GmailMessageFake[] {
    return Object.entries(this.messages)
      .filter(([, m]) => m.threadId === threadId)
      .map(([key, m]) => new GmailMessageFake(this, m.id ?? key, m));
  }
  private fixtureOf(id: string): MessageFixture | undefined {
    return Object.entries(this.messages).find(([key, m]) => (m.id ?? key) === id)?.[1];
  }
  private checkToken(fixture: MessageFixture | undefined): void {
    if (this.currentToken === undefined) {
      throw this.realm.error('Access denied: : Missing access token for per message scope authorization.');
    }
    if (fixture?.accessToken !== undefined && fixture.accessToken !== this.currentToken) {
      throw this.realm.error('Access denied: : Invalid access token for per message scope authorization.');
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// CacheService

const MAX_TTL_SECONDS = 21_600;
const MAX_VALUE_BYTES = 100 * 1024;
const MAX_KEY_LENGTH = 250;

export class CacheFake {
  private readonly realm: Realm;
  private readonly now: () => number;
  private readonly entries = new Map<string, { value: string; expires: number }>();
  constructor(now: () => number = Date.now, realm: Realm = hostRealm) {
    this.now = now;
    this.realm = realm;
  }
  get = (key: unknown): string | null => {
    const k = this.key(key);
    const entry = this.entries.get(k);
    if (!entry) return null;
    if (entry.expires <= this.now()) {
      this.entries.delete(k);
      return null;
    }
    return entry.value;
  };
  getAll = (keys: unknown): Record<string, string> => {
    if (!Array.isArray(keys)) throw this.realm.error('Invalid argument: keys');
    const found: Record<string, string> = {};
    for (const key of keys) {
      const value = this.get(key);
      if (value !== null) found[this.key(key)] = value;
    }
    return this.realm.clone(found);
  };
  /** ttl in seconds: default 600, at most 21 600 (6 h), as in Apps Script. */
  put = (key: unknown, value: unknown, ttlSeconds?: unknown): void => {
    const k = this.key(key);
    if (typeof value !== 'string') throw this.realm.error('Invalid argument: value (must be a string)');
    if (Buffer.byteLength(value, 'utf8') > MAX_VALUE_BYTES)
      throw this.realm.error('Argument too large: value');
    const ttl = ttlSeconds === undefined ? 600 : Number(ttlSeconds);
    if (!Number.isFinite(ttl) || ttl < 1) throw this.realm.error('Invalid argument: expirationInSeconds');
    this.entries.set(k, { value, expires: this.now() + Math.min(ttl, MAX_TTL_SECONDS) * 1000 });
  };
  putAll = (values: unknown, ttlSeconds?: unknown): void => {
    if (typeof values !== 'object' || values === null) throw this.realm.error('Invalid argument: values');
    for (const [k, v] of Object.entries(values)) this.put(k, v, ttlSeconds);
  };
  remove = (key: unknown): void => {
    this.entries.delete(this.key(key));
  };
  removeAll = (keys: unknown): void => {
    if (!Array.isArray(keys)) throw this.realm.error('Invalid argument: keys');
    for (const key of keys) this.remove(key);
  };
  /** Test helper: the live keys. */
  keys(): string[] {
    return [...this.entries.keys()].filter((k) => this.get(k) !== null);
  }
  /** Test helper: forget everything. */
  clear(): void {
    this.entries.clear();
  }
  private key(key: unknown): string {
    if (typeof key !== 'string' || key === '') throw this.realm.error('Invalid argument: key');
    if (key.length > MAX_KEY_LENGTH) throw this.realm.error('Argument too large: key');
    return key;
  }
}

export class CacheServiceFake {
  readonly user: CacheFake;
  readonly script: CacheFake;
  constructor(now: () => number = Date.now, realm: Realm = hostRealm) {
    this.user = new CacheFake(now, realm);
    this.script = new CacheFake(now, realm);
  }
  getUserCache = (): CacheFake => this.user;
  getScriptCache = (): CacheFake => this.script;
  getDocumentCache = (): null => null;
}

// ---------------------------------------------------------------------------------------------------
// PropertiesService

export class PropertiesFake {
  private readonly realm: Realm;
  private readonly values = new Map<string, string>();
  constructor(initial: Record<string, string> = {}, realm: Realm = hostRealm) {
    this.realm = realm;
    for (const [k, v] of Object.entries(initial)) this.values.set(k, v);
  }
  getProperty = (key: unknown): string | null => this.values.get(String(key)) ?? null;
  setProperty = (key: unknown, value: unknown): this => {
    if (typeof key !== 'string' || key === '') throw this.realm.error('Invalid argument: key');
    this.values.set(key, String(value));
    return this;
  };
  deleteProperty = (key: unknown): this => {
    this.values.delete(String(key));
    return this;
  };
  getProperties = (): Record<string, string> => this.realm.clone(Object.fromEntries(this.values));
  getKeys = (): string[] => this.realm.clone([...this.values.keys()]);
  setProperties = (properties: unknown, deleteAllOthers?: unknown): this => {
    if (typeof properties !== 'object' || properties === null)
      throw this.realm.error('Invalid argument: properties');
    if (deleteAllOthers === true) this.values.clear();
    for (const [k, v] of Object.entries(properties)) this.values.set(k, String(v));
    return this;
  };
  deleteAllProperties = (): this => {
    this.values.clear();
    return this;
  };
  /** Test helper: a plain copy. */
  all(): Record<string, string> {
    return Object.fromEntries(this.values);
  }
}

export class PropertiesServiceFake {
  readonly script: PropertiesFake;
  readonly user: PropertiesFake;
  constructor(
    script: Record<string, string> = {},
    user: Record<string, string> = {},
    realm: Realm = hostRealm,
  ) {
    this.script = new PropertiesFake(script, realm);
    this.user = new PropertiesFake(user, realm);
  }
  getScriptProperties = (): PropertiesFake => this.script;
  getUserProperties = (): PropertiesFake => this.user;
  getDocumentProperties = (): null => null;
}

// ---------------------------------------------------------------------------------------------------
// Session

export class SessionFake {
  userEmail: string;
  effectiveEmail: string | undefined;
  timeZone: string;
  locale: string;
  constructor(
    options: { userEmail?: string; effectiveEmail?: string; timeZone?: string; locale?: string } = {},
  ) {
    this.userEmail = options.userEmail ?? 'user@example.com';
    this.effectiveEmail = options.effectiveEmail;
    this.timeZone = options.timeZone ?? 'Etc/UTC';
    this.locale = options.locale ?? 'en';
  }
  getActiveUser = (): { getEmail(): string } => ({ getEmail: () => this.userEmail });
  getEffectiveUser = (): { getEmail(): string } => ({
    getEmail: () => this.effectiveEmail ?? this.userEmail,
  });
  getScriptTimeZone = (): string => this.timeZone;
  getActiveUserLocale = (): string => this.locale;
  getTemporaryActiveUserKey = (): string => createHash('sha256').update(this.userEmail).digest('base64url');
}

// ---------------------------------------------------------------------------------------------------
// Utilities

function signed(bytes: Uint8Array): number[] {
  return Array.from(bytes, (b) => (b > 127 ? b - 256 : b));
}

const DIGESTS: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};

export class UtilitiesFake {
  private readonly realm: Realm;
  /** Milliseconds passed to sleep() (which returns at once). */
  readonly sleeps: number[] = [];
  readonly Charset = Object.freeze({ UTF_8: 'UTF_8', US_ASCII: 'US_ASCII' });
  readonly DigestAlgorithm = Object.freeze({
    MD2: 'MD2',
    MD5: 'MD5',
    SHA_1: 'SHA_1',
    SHA_256: 'SHA_256',
    SHA_384: 'SHA_384',
    SHA_512: 'SHA_512',
  });
  constructor(realm: Realm = hostRealm) {
    this.realm = realm;
  }
  private input(data: unknown): Uint8Array {
    if (typeof data === 'string') return new Uint8Array(Buffer.from(data, 'utf8'));
    const bytes = bytesFrom(data);
    if (bytes) return bytes;
    if (data instanceof BlobFake) return data.bytes();
    throw this.realm.error('Invalid argument: data');
  }
  base64Encode = (data: unknown): string => Buffer.from(this.input(data)).toString('base64');
  base64EncodeWebSafe = (data: unknown): string =>
    Buffer.from(this.input(data)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  base64Decode = (encoded: unknown): number[] => {
    if (typeof encoded !== 'string') throw this.realm.error('Invalid argument: encoded');
    return this.realm.clone(signed(new Uint8Array(Buffer.from(encoded, 'base64'))));
  };
  base64DecodeWebSafe = (encoded: unknown): number[] => {
    if (typeof encoded !== 'string') throw this.realm.error('Invalid argument: encoded');
    return this.realm.clone(signed(new Uint8Array(Buffer.from(encoded, 'base64url'))));
  };
  newBlob = (data: unknown, contentType?: unknown, name?: unknown): BlobFake =>
    new BlobFake(
      this.input(data ?? ''),
      typeof contentType === 'string' ? contentType : null,
      typeof name === 'string' ? name : null,
      this.realm,
    );
  computeDigest = (algorithm: unknown, value: unknown): number[] => {
    const hash = DIGESTS[String(algorithm)];
    if (!hash) throw this.realm.error('Invalid argument: algorithm');
    return this.realm.clone(signed(new Uint8Array(createHash(hash).update(this.input(value)).digest())));
  };
  getUuid = (): string => randomUUID();
  sleep = (ms: unknown): void => {
    this.sleeps.push(Number(ms));
  };
  /** Java SimpleDateFormat subset: y M d H h m s S a E z Z X and 'quoted' literals. */
  formatDate = (date: unknown, timeZone: unknown, format: unknown): string => {
    if (typeof (date as { getTime?: unknown } | null)?.getTime !== 'function')
      throw this.realm.error('Invalid argument: date');
    if (typeof timeZone !== 'string' || typeof format !== 'string')
      throw this.realm.error('Invalid argument: format');
    return formatDate(new Date((date as Date).getTime()), timeZone, format);
  };
}

function datePartsIn(date: Date, timeZone: string): Record<string, string> {
  const zone = timeZone === 'GMT' || timeZone === 'UTC' ? 'Etc/UTC' : timeZone;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'long',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  }).formatToParts(date);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function formatDate(date: Date, timeZone: string, format: string): string {
  const p = datePartsIn(date, timeZone);
  const num = (key: string): number => Number(p[key] ?? 0);
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  const offset = (p.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  const tokens = format.match(/'[^']*'|([A-Za-z])\1*|[^A-Za-z']+/g) ?? [];
  return tokens
    .map((t) => {
      if (t.startsWith("'")) return t === "''" ? "'" : t.slice(1, -1);
      const n = t.length;
      switch (t[0]) {
        case 'y':
          return n === 2 ? pad(num('year') % 100, 2) : pad(num('year'), n);
        case 'M': {
          const m = num('month');
          if (n >= 4) return MONTHS[m - 1] ?? '';
          if (n === 3) return (MONTHS[m - 1] ?? '').slice(0, 3);
          return pad(m, n);
        }
        case 'd':
          return pad(num('day'), n);
        case 'H':
          return pad(num('hour'), n);
        case 'h':
          return pad(num('hour') % 12 || 12, n);
        case 'm':
          return pad(num('minute'), n);
        case 's':
          return pad(num('second'), n);
        case 'S':
          return pad(date.getUTCMilliseconds(), n);
        case 'a':
          return num('hour') < 12 ? 'AM' : 'PM';
        case 'E':
          return n >= 4 ? (p.weekday ?? '') : (p.weekday ?? '').slice(0, 3);
        case 'z':
          return offset === '+00:00' ? 'UTC' : `GMT${offset}`;
        case 'Z':
          return offset.replace(':', '');
        case 'X':
          return offset === '+00:00' ? 'Z' : offset;
        default:
          return t;
      }
    })
    .join('');
}

// ---------------------------------------------------------------------------------------------------
// Logger and console

export class LogFake {
  /** Every line logged through Logger.log or console.*, as "level: text". */
  readonly lines: string[] = [];
  /** Echo to the host console as well (default off). */
  echo = false;
  private add(level: string, args: unknown[]): void {
    const text = args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ');
    this.lines.push(`${level}: ${text}`);
    if (this.echo) console.log(`[addon ${level}] ${text}`);
  }
  readonly Logger = {
    log: (format: unknown, ...values: unknown[]): unknown => {
      const text =
        typeof format === 'string' && values.length
          ? format.replace(/%s/g, () => {
              const v = values.shift();
              return typeof v === 'string' ? v : safeJson(v);
            })
          : format;
      this.add('log', [text, ...values]);
      return this.Logger;
    },
  };
  readonly console = {
    log: (...args: unknown[]): void => this.add('log', args),
    info: (...args: unknown[]): void => this.add('info', args),
    warn: (...args: unknown[]): void => this.add('warn', args),
    error: (...args: unknown[]): void => this.add('error', args),
  };
}

function safeJson(value: unknown): string {
  if (
    value instanceof Error ||
    (typeof value === 'object' && value !== null && 'stack' in value && 'message' in value)
  ) {
    return `${String((value as Error).name)}: ${String((value as Error).message)}`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
