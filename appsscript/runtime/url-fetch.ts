// A fake UrlFetchApp that is synchronous like Apps Script's and still makes real HTTP requests: a
// worker thread does the I/O with node:http(s) while the calling thread blocks in Atomics.wait on a
// SharedArrayBuffer; the answer comes back over a MessageChannel and is read with
// receiveMessageOnPort. Errors look like Apps Script's: `name` "Exception", messages such as
// "Request failed for <url> returned code 404. Truncated server response: …" or
// "Address unavailable: <url>".
import { randomUUID } from 'node:crypto';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { BlobFake } from './blob.ts';
import { hostRealm, type Realm } from './realm.ts';

/** The `params` of `UrlFetchApp.fetch(url, params)` this fake understands. */
export interface FetchParams {
  method?: string;
  headers?: Record<string, string>;
  payload?: unknown;
  contentType?: string;
  muteHttpExceptions?: boolean;
  followRedirects?: boolean;
  validateHttpsCertificates?: boolean;
  escaping?: boolean;
}

/** One request as it went out (and how it ended), for assertions. */
export interface FetchRecord {
  url: string;
  /** Upper case: GET, POST, … */
  method: string;
  /** As sent, including Content-Type when there was a payload. */
  headers: Record<string, string>;
  /** The request body as text (UTF-8), if any. */
  payload?: string;
  /** Response status, or undefined when the request failed (see `error`). */
  status?: number;
  /** The error message for refused connections, timeouts, DNS failures. */
  error?: string;
  /** Wall-clock milliseconds the request took. */
  ms: number;
  /**
   * Which round trip it was part of (1, 2, …): one `fetch`, or one `fetchAll` whose requests run
   * side by side — what a callback's time budget is spent on.
   */
  roundTrip: number;
}

/** A canned answer for `stub` (no network involved). */
export interface StubResponse {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}
export type FetchStub = (request: {
  url: string;
  method: string;
  headers: Record<string, string>;
  payload?: string;
}) => StubResponse | undefined;

interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  followRedirects: boolean;
  rejectUnauthorized: boolean;
  timeoutMs: number;
}
interface WireResponse {
  ok: boolean;
  status?: number;
  rawHeaders?: string[];
  body?: Uint8Array;
  code?: string;
  message?: string;
}

// Plain JavaScript run with `eval: true`, so the worker needs neither type stripping nor a file.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const https = require('node:https');
const { signal, port } = workerData;
const flag = new Int32Array(signal);

function once(req, redirectsLeft) {
  return new Promise((resolve) => {
    let target;
    try { target = new URL(req.url); } catch (e) { resolve({ ok: false, code: 'EINVALIDURL', message: String(e && e.message) }); return; }
    const lib = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : null;
    if (!lib) { resolve({ ok: false, code: 'EPROTO', message: 'unsupported protocol ' + target.protocol }); return; }
    const headers = Object.assign({}, req.headers);
    if (req.body) headers['Content-Length'] = String(req.body.byteLength);
    const r = lib.request(target, { method: req.method, headers, rejectUnauthorized: req.rejectUnauthorized, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', (e) => resolve({ ok: false, code: e.code || 'ERESET', message: e.message }));
      res.on('end', () => {
        const status = res.statusCode || 0;
        const location = res.headers.location;
        if (req.followRedirects && location && [301, 302, 303, 307, 308].includes(status) && redirectsLeft > 0) {
          const next = Object.assign({}, req, { url: new URL(location, target).toString() });
          if (status === 303 || ((status === 301 || status === 302) && req.method === 'POST')) {
            next.method = 'GET';
            next.body = undefined;
          }
          once(next, redirectsLeft - 1).then(resolve);
          return;
        }
        const body = Buffer.concat(chunks);
        resolve({ ok: true, status, rawHeaders: res.rawHeaders, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) });
      });
    });
    r.setTimeout(req.timeoutMs, () => r.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    r.on('error', (e) => resolve({ ok: false, code: e.code || 'EUNKNOWN', message: e.message }));
    if (req.body) r.write(req.body);
    r.end();
  });
}

parentPort.on('message', async (requests) => {
  const answers = await Promise.all(requests.map((req) => once(req, 10).catch((e) => ({ ok: false, code: 'EUNKNOWN', message: String(e) }))));
  port.postMessage(answers);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

function multipart(fields: object, boundary: string): Uint8Array {
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if (value instanceof BlobFake) {
      const filename = value.getName() ?? name;
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${name}"; filename="${filename}"\r\n` +
            `Content-Type: ${value.getContentType() ?? 'application/octet-stream'}\r\n\r\n`,
        ),
      );
      chunks.push(Buffer.from(value.bytes()));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}`));
    }
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

function toUtf8Bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/** Apps Script bytes are signed Java bytes. */
function signedBytes(bytes: Uint8Array): number[] {
  return Array.from(bytes, (b) => (b > 127 ? b - 256 : b));
}

export function bytesFrom(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value) && value.every((b) => typeof b === 'number')) {
    return Uint8Array.from(value as number[], (b) => b & 0xff);
  }
  return undefined;
}

export class HttpResponseFake {
  private readonly status: number;
  private readonly rawHeaders: string[];
  private readonly body: Uint8Array;
  private readonly realm: Realm;
  constructor(status: number, rawHeaders: string[], body: Uint8Array, realm: Realm) {
    this.status = status;
    this.rawHeaders = rawHeaders;
    this.body = body;
    this.realm = realm;
  }
  getResponseCode(): number {
    return this.status;
  }
  getContentText(charset?: string): string {
    const encoding = charset && /^(latin1|iso-8859-1)$/i.test(charset) ? 'latin1' : 'utf8';
    return Buffer.from(this.body).toString(encoding);
  }
  getContent(): number[] {
    return this.realm.clone(signedBytes(this.body));
  }
  /** Header names as the server sent them; a repeated header keeps its last value. */
  getHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    for (let i = 0; i + 1 < this.rawHeaders.length; i += 2) {
      headers[this.rawHeaders[i] ?? ''] = this.rawHeaders[i + 1] ?? '';
    }
    return this.realm.clone(headers);
  }
  /** A repeated header becomes an array of its values. */
  getAllHeaders(): Record<string, string | string[]> {
    const headers: Record<string, string | string[]> = {};
    for (let i = 0; i + 1 < this.rawHeaders.length; i += 2) {
      const name = this.rawHeaders[i] ?? '';
      const value = this.rawHeaders[i + 1] ?? '';
      const prior = headers[name];
      headers[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
    }
    return this.realm.clone(headers);
  }
  getBlob(): BlobFake {
    const type = Object.entries(this.getHeaders()).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    return new BlobFake(this.body, type ?? 'application/octet-stream', undefined, this.realm);
  }
  getAs(contentType: string): BlobFake {
    return this.getBlob().getAs(contentType);
  }
}

export interface UrlFetchOptions {
  realm?: Realm;
  /** Per-request limit in milliseconds (default 30 000, Apps Script's per-callback budget). */
  timeoutMs?: number;
  /**
   * The manifest's urlFetchWhitelist: URL prefixes requests may go to (unset: anywhere). Apps Script
   * refuses any other URL before sending; the live preview relies on it so a URL typed into the
   * add-on's Settings card never makes the server fetch it.
   */
  allowlist?: readonly string[];
}

export class UrlFetchAppFake {
  /** Every request, in order. */
  readonly fetches: FetchRecord[] = [];
  private roundTrips = 0;
  /** Per-request limit in milliseconds; change it at any time. */
  timeoutMs: number;
  private readonly realm: Realm;
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private signal: Int32Array | undefined;
  private stubFn: FetchStub | undefined;
  private readonly allowlist: readonly string[] | undefined;

  constructor(options: UrlFetchOptions = {}) {
    this.realm = options.realm ?? hostRealm;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.allowlist = options.allowlist;
  }

  /** Answer matching requests without the network (return undefined to let a request through). */
  stub(fn: FetchStub | undefined): void {
    this.stubFn = fn;
  }

  fetch = (url: unknown, params?: unknown): HttpResponseFake => {
    const [response] = this.run([this.request(url, params)]);
    if (!response) throw this.realm.error('Internal error: no response');
    return response;
  };

  fetchAll = (requests: unknown): HttpResponseFake[] => {
    if (!Array.isArray(requests)) throw this.realm.error('Invalid argument: requests');
    return this.realm.clone<HttpResponseFake[]>([]).concat(
      this.run(
        requests.map((r: unknown) => {
          if (typeof r === 'string') return this.request(r, {});
          if (typeof r === 'object' && r !== null && 'url' in r) return this.request(r.url, r);
          throw this.realm.error('Invalid argument: requests');
        }),
      ),
    );
  };

  /** The request `fetch(url, params)` would send (Apps Script's `getRequest`). */
  getRequest = (url: unknown, params?: unknown): Record<string, unknown> => {
    const r = this.request(url, params);
    return this.realm.clone({
      url: r.wire.url,
      method: r.wire.method.toLowerCase(),
      headers: r.wire.headers,
      payload: r.payload,
      followRedirects: r.wire.followRedirects,
      validateHttpsCertificates: r.wire.rejectUnauthorized,
      muteHttpExceptions: r.mute,
    });
  };

  /** Stops the worker thread (a new one starts on the next request). */
  close(): void {
    void this.worker?.terminate();
    this.port?.close();
    this.worker = undefined;
    this.port = undefined;
    this.signal = undefined;
  }

  private request(url: unknown, params: unknown): { wire: WireRequest; payload?: string; mute: boolean } {
    if (typeof url !== 'string' || url === '') throw this.realm.error('Invalid argument: url');
    if (this.allowlist && !this.allowlist.some((prefix) => url.startsWith(prefix))) {
      // Apps Script's wording for a URL outside the manifest's urlFetchWhitelist.
      throw this.realm.error(
        `You do not have permission to call UrlFetchApp.fetch with ${url}. Required permissions: urlFetchWhitelist`,
      );
    }
    const p: FetchParams = typeof params === 'object' && params !== null ? (params as FetchParams) : {};
    const method = (p.method ?? 'get').toUpperCase();
    let headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.headers ?? {})) headers[k] = String(v);
    let body: Uint8Array | undefined;
    let payload: string | undefined;
    let contentType = p.contentType;
    const raw = p.payload;
    if (raw !== undefined && raw !== null) {
      if (typeof raw === 'string') {
        body = toUtf8Bytes(raw);
        payload = raw;
      } else if (raw instanceof BlobFake) {
        body = raw.bytes();
        contentType ??= raw.getContentType() ?? undefined;
        payload = Buffer.from(body).toString('utf8');
      } else if (bytesFrom(raw)) {
        body = bytesFrom(raw);
        payload = Buffer.from(body ?? []).toString('utf8');
      } else if (typeof raw === 'object' && Object.values(raw).some((v) => v instanceof BlobFake)) {
        // An object with a blob among its values is sent as multipart/form-data, as in Apps Script.
        const boundary = `----HeliosFakeBoundary${randomUUID().replace(/-/g, '')}`;
        body = multipart(raw, boundary);
        payload = Buffer.from(body).toString('utf8');
        contentType = `multipart/form-data; boundary=${boundary}`;
      } else if (typeof raw === 'object') {
        // An object payload is sent as a form (Apps Script: "interpreted as a map of form field names").
        payload = new URLSearchParams(
          Object.entries(raw).map(([k, v]): [string, string] => [k, String(v)]),
        ).toString();
        body = toUtf8Bytes(payload);
      }
      const typeKey = Object.keys(headers).find((k) => k.toLowerCase() === 'content-type');
      if (contentType?.startsWith('multipart/form-data; boundary=')) {
        const others = Object.entries(headers).filter(([k]) => k !== typeKey);
        headers = Object.fromEntries([...others, ['Content-Type', contentType]]);
      } else if (typeKey === undefined) {
        headers['Content-Type'] = contentType ?? 'application/x-www-form-urlencoded';
      }
    }
    return {
      wire: {
        url,
        method,
        headers,
        body,
        followRedirects: p.followRedirects ?? true,
        rejectUnauthorized: p.validateHttpsCertificates ?? true,
        timeoutMs: this.timeoutMs,
      },
      payload,
      mute: p.muteHttpExceptions ?? false,
    };
  }

  private run(requests: Array<{ wire: WireRequest; payload?: string; mute: boolean }>): HttpResponseFake[] {
    const roundTrip = ++this.roundTrips;
    const started = Date.now();
    const answers: Array<WireResponse | undefined> = requests.map((r) => this.stubbed(r.wire, r.payload));
    const pending = requests.map((r, i) => ({ r, i })).filter(({ i }) => answers[i] === undefined);
    if (pending.length > 0) {
      const live = this.exchange(pending.map(({ r }) => r.wire));
      pending.forEach(({ i }, j) => (answers[i] = live[j]));
    }
    const ms = Date.now() - started;
    return requests.map(({ wire, payload, mute }, i) => {
      const a = answers[i] ?? { ok: false, code: 'EUNKNOWN', message: 'no answer' };
      const record: FetchRecord = {
        url: wire.url,
        method: wire.method,
        headers: { ...wire.headers },
        ms,
        roundTrip,
      };
      if (payload !== undefined) record.payload = payload;
      this.fetches.push(record);
      if (!a.ok || a.status === undefined) {
        record.error = describeFailure(a, wire.url);
        throw this.realm.error(record.error);
      }
      record.status = a.status;
      const response = new HttpResponseFake(
        a.status,
        a.rawHeaders ?? [],
        a.body ?? new Uint8Array(),
        this.realm,
      );
      if (a.status >= 400 && !mute) {
        const text = response.getContentText();
        throw this.realm.error(
          `Request failed for ${wire.url} returned code ${a.status}. Truncated server response: ${text.slice(0, 100)}${
            text.length > 100 ? '...' : ''
          } (use muteHttpExceptions option to examine full response)`,
        );
      }
      return response;
    });
  }

  private stubbed(wire: WireRequest, payload: string | undefined): WireResponse | undefined {
    const answer = this.stubFn?.({
      url: wire.url,
      method: wire.method,
      headers: { ...wire.headers },
      payload,
    });
    if (!answer) return undefined;
    const rawHeaders = Object.entries(answer.headers ?? {}).flat();
    return { ok: true, status: answer.status ?? 200, rawHeaders, body: toUtf8Bytes(answer.body ?? '') };
  }

  /** Sends the requests to the worker and blocks until it answers or the time limit passes. */
  private exchange(wires: WireRequest[]): WireResponse[] {
    if (!this.worker || !this.port || !this.signal) {
      const shared = new SharedArrayBuffer(4);
      const { port1, port2 } = new MessageChannel();
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { signal: shared, port: port2 },
        transferList: [port2],
      });
      this.worker.unref();
      this.port = port1;
      this.signal = new Int32Array(shared);
    }
    const signal = this.signal;
    Atomics.store(signal, 0, 0);
    this.worker.postMessage(wires);
    // Worker start-up is part of the first wait; the socket timeout inside bounds each request.
    const outcome = Atomics.wait(signal, 0, 0, this.timeoutMs + 2_000);
    if (outcome === 'timed-out') {
      this.close();
      return wires.map(() => ({ ok: false, code: 'ETIMEDOUT', message: 'timeout' }));
    }
    const message = receiveMessageOnPort(this.port);
    if (!message || !Array.isArray(message.message)) {
      return wires.map(() => ({ ok: false, code: 'EUNKNOWN', message: 'no answer from the fetch worker' }));
    }
    return message.message as WireResponse[];
  }
}

function describeFailure(answer: WireResponse, url: string): string {
  switch (answer.code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
    case 'ECONNRESET':
      return `Address unavailable: ${url}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DNS error: ${url}`;
    case 'ETIMEDOUT':
      return `Timeout: ${url}`;
    case 'EINVALIDURL':
    case 'EPROTO':
      return `Invalid argument: ${url}`;
    default:
      return `Unexpected error: ${url} (${answer.code ?? 'unknown'}: ${answer.message ?? ''})`;
  }
}
