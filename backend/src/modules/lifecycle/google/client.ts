// GoogleAdmin (actions/types.ts) on google-auth-library: the organization's service account with
// domain-wide delegation, one JWT client per (subject, scope set) so each call's token carries
// exactly the scopes the call declares (a missing grant then fails that call only, with a clear
// reason), every request on the directory sync's HELIOS_GOOGLE_API_ORIGIN-aware transport and
// under the one retry policy of every Google call (directory-sync's retry.ts: 429, 403 rate
// limits, 5xx, network failures and timeouts, with jittered backoff). Whatever fails for good
// becomes a GoogleCallError carrying Google's own reason and message.
import { gaxios, JWT } from 'google-auth-library';
import type { Kysely } from 'kysely';
import type { Vault } from '../../../core/crypto/vault.ts';
import type { Database } from '../../../core/db/schema.ts';
import {
  classifyError,
  createGoogleTransport,
  findGoogleSettings,
  openServiceAccountKey,
  withRetry,
  type RetryOptions,
} from '../../directory-sync/index.ts';
import { GoogleCallError, type GoogleAdmin, type GoogleCall, type GoogleResponse } from '../actions/types.ts';

export interface GoogleAdminOptions {
  /** Retry policy overrides (tests: no sleeping). */
  retry?: RetryOptions | undefined;
  /** Per-request timeout (a stalled request becomes a retried TimeoutError). */
  timeoutMs?: number | undefined;
  /** Each retry is logged here: operation, attempt, status and reason — never a body or a token. */
  logger?: { warn(details: Record<string, unknown>, message: string): void } | undefined;
}

/** A GoogleAdmin that also says how many HTTP requests it sent (token requests and retries included). */
export interface CountingGoogleAdmin extends GoogleAdmin {
  requestCount(): number;
}

/**
 * The organization's Google write access, or undefined when Google is not configured
 * (no PUT /settings/google yet).
 */
export async function openGoogleAdmin(
  db: Kysely<Database>,
  vault: Vault,
  organizationId: number,
  apiOrigin: string | undefined,
  options: GoogleAdminOptions = {},
): Promise<CountingGoogleAdmin | undefined> {
  const settings = await findGoogleSettings(db, organizationId);
  if (settings === undefined) return undefined;
  return createGoogleAdmin({
    serviceAccountKey: openServiceAccountKey(vault, settings),
    adminEmail: settings.admin_email,
    customerId: settings.customer_id,
    apiOrigin,
    ...options,
  });
}

export interface CreateGoogleAdminOptions extends GoogleAdminOptions {
  serviceAccountKey: { client_email: string; private_key: string };
  adminEmail: string;
  customerId: string;
  apiOrigin: string | undefined;
}

/** What the token endpoint answers when a scope is not delegated to the client id. */
const NOT_GRANTED = new Set(['unauthorized_client', 'access_denied']);

export function createGoogleAdmin(options: CreateGoogleAdminOptions): CountingGoogleAdmin {
  const transport = createGoogleTransport({ apiOrigin: options.apiOrigin, timeoutMs: options.timeoutMs });
  const adminEmail = options.adminEmail.toLowerCase();
  const clients = new Map<string, JWT>();
  /** One client per subject and scope set: its token is cached for the hour it lives. */
  const client = (subject: string, scopes: readonly string[]): JWT => {
    const sorted = [...new Set(scopes)].sort();
    const key = `${subject} ${sorted.join(' ')}`;
    let found = clients.get(key);
    if (found === undefined) {
      found = new JWT({
        email: options.serviceAccountKey.client_email,
        key: options.serviceAccountKey.private_key,
        scopes: sorted,
        subject,
        transporter: transport.transporter,
      });
      clients.set(key, found);
    }
    return found;
  };
  const retried = <T>(operation: string, fn: () => Promise<T>): Promise<T> =>
    withRetry(fn, {
      ...options.retry,
      onRetry: (info) => {
        options.logger?.warn(
          {
            operation,
            attempt: info.attempt,
            maxAttempts: info.maxAttempts,
            delayMs: info.delayMs,
            status: info.classification.status,
            reason: info.classification.reason,
            code: info.classification.code,
          },
          'Google request failed; retrying',
        );
        options.retry?.onRetry?.(info);
      },
    });

  return {
    customerId: options.customerId,
    adminEmail,
    requestCount: () => transport.requestCount(),

    async send(call: GoogleCall): Promise<GoogleResponse> {
      if (call.scopes.length === 0) throw new Error(`No scope declared for ${call.method} ${call.url}`);
      const subject = (call.subject ?? adminEmail).toLowerCase();
      const operation = `${call.method} ${new URL(call.url).pathname}`;
      try {
        const res = await retried(operation, () =>
          client(subject, call.scopes).request<unknown>({
            method: call.method,
            url: call.url,
            ...(call.body === undefined ? {} : { data: call.body }),
            responseType: 'json',
          }),
        );
        // 204 No Content (signOut, deletes): gaxios hands back an empty string.
        return { status: res.status, body: res.data === '' ? undefined : res.data };
      } catch (error) {
        throw toCallError(error, call.scopes, subject);
      }
    },

    async grantedScopes(scopes: readonly string[]): Promise<Set<string>> {
      const granted = new Set<string>();
      for (const scope of new Set(scopes)) {
        try {
          await retried(`token ${scope}`, () => client(adminEmail, [scope]).getAccessToken());
          granted.add(scope);
        } catch (error) {
          const reason = classifyError(error).reason;
          if (reason !== undefined && NOT_GRANTED.has(reason)) continue;
          throw toCallError(error, [scope], adminEmail);
        }
      }
      return granted;
    },
  };
}

/** The final error of a call, as the engine records it (never a token or a body with secrets). */
function toCallError(error: unknown, scopes: readonly string[], subject: string): Error {
  if (error instanceof GoogleCallError) return error;
  const c = classifyError(error);
  if (c.reason !== undefined && NOT_GRANTED.has(c.reason)) {
    return new GoogleCallError(
      403,
      c.reason,
      `The service account may not act as ${subject} with ${scopes.join(', ')}: add the scope to its client id under domain-wide delegation in the Admin console`,
      false,
    );
  }
  if (c.status !== undefined) {
    const data = error instanceof gaxios.GaxiosError ? (error.response?.data as unknown) : undefined;
    const message = googleMessage(data) ?? (error instanceof Error ? error.message : String(error));
    return new GoogleCallError(c.status, c.reason ?? `http${c.status}`, message, c.retryable);
  }
  if (c.retryable) {
    const message = error instanceof Error ? error.message : String(error);
    return new GoogleCallError(0, c.code ?? 'networkError', `Google could not be reached: ${message}`, true);
  }
  // A programming error or an abort: not Google's answer, so not dressed up as one.
  return error instanceof Error ? error : new Error(String(error));
}

/** `error.message` of a Google error body, or `error_description` of a token error. */
function googleMessage(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  const inner = record.error;
  if (typeof inner === 'object' && inner !== null) {
    const message = (inner as Record<string, unknown>).message;
    if (typeof message === 'string') return message;
  }
  if (typeof record.error_description === 'string') return record.error_description;
  return undefined;
}
