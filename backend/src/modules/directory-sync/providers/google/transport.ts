// The one HTTP transporter every Google call goes through: the service account's token request
// (google-auth-library hard-codes https://oauth2.googleapis.com/token), the Directory API
// (googleapis calls the auth client's `request`, which uses the auth client's transporter) and the
// Licensing API (sent with the auth client's `request` directly). It is a plain gaxios instance —
// the library's own class, re-exported by google-auth-library — handed to `new JWT({ transporter })`,
// with:
//   - a request interceptor that, when an API origin is set (HELIOS_GOOGLE_API_ORIGIN), rewrites
//     every Google host (*.googleapis.com, *.google.com) to that origin, keeping path and query, and
//     switches gaxios' built-in retry off (retry.ts is the only policy);
//   - an adapter around the actual send, which counts every HTTP request (token, API, and each
//     retry — retries are new requests through here), reports it to an optional observer, and
//     refuses to send anything outside the API origin when one is set (fail closed).
import { gaxios } from 'google-auth-library';

export interface SentRequest {
  method: string;
  url: URL;
}

export interface GoogleTransportOptions {
  /** e.g. `http://127.0.0.1:8123`: every Google request goes there instead, same paths. */
  apiOrigin?: string;
  /** Per-request timeout (a stalled connection becomes a retryable TimeoutError). */
  timeoutMs?: number;
  /** Sees every request just before it is sent (tests, debugging). */
  onRequest?: (request: SentRequest) => void;
}

export interface GoogleTransport {
  transporter: gaxios.Gaxios;
  /** The normalized API origin, when one is set. */
  apiOrigin: string | undefined;
  /** HTTP requests sent so far. */
  requestCount(): number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** Validates HELIOS_GOOGLE_API_ORIGIN: an http(s) origin without path, query or credentials. */
export function normalizeApiOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Google API origin is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Google API origin must be http(s): ${JSON.stringify(value)}`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw new Error(`Google API origin must be an origin without a path: ${JSON.stringify(value)}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new Error('Google API origin must not contain credentials');
  }
  return url.origin;
}

/** Whether a host name belongs to Google (APIs, OAuth, accounts). */
export function isGoogleHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return (
    host === 'googleapis.com' ||
    host.endsWith('.googleapis.com') ||
    host === 'google.com' ||
    host.endsWith('.google.com')
  );
}

/** The same URL on `origin` when it points at a Google host; otherwise unchanged. */
export function rewriteToOrigin(url: URL, origin: string): URL {
  if (!isGoogleHost(url.hostname)) return url;
  return new URL(`${url.pathname}${url.search}`, origin);
}

export function createGoogleTransport(options: GoogleTransportOptions = {}): GoogleTransport {
  const apiOrigin = options.apiOrigin === undefined ? undefined : normalizeApiOrigin(options.apiOrigin);
  let sent = 0;

  const transporter = new gaxios.Gaxios({
    timeout: options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    retry: false,
    adapter: (prepared, defaultAdapter) => {
      const url = new URL(prepared.url);
      if (apiOrigin !== undefined && url.origin !== apiOrigin) {
        // Never reached through the interceptor; a guard against a future library path that
        // bypasses it. Not retryable: retrying cannot fix it.
        return Promise.reject(
          new Error(`Refusing to send a request to ${url.origin}: the Google API origin is ${apiOrigin}`),
        );
      }
      sent++;
      options.onRequest?.({ method: (prepared.method ?? 'GET').toUpperCase(), url });
      return defaultAdapter(prepared);
    },
  });

  transporter.interceptors.request.add({
    resolved: async (config) => {
      // gaxios retries on its own when a request carries `retry: true` (googleapis sets it) or a
      // `retryConfig` (the token request does); retry.ts is the only policy, so drop both.
      config.retry = false;
      config.retryConfig = undefined;
      if (apiOrigin !== undefined) config.url = rewriteToOrigin(new URL(config.url), apiOrigin);
      return config;
    },
  });

  return { transporter, apiOrigin, requestCount: () => sent };
}
