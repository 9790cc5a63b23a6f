import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { findIdempotencyKey, insertIdempotencyKey } from '../queries/idempotency.ts';
import { actorOf } from './context.ts';
import { conflict, validationFailed } from '../errors.ts';

export interface StoredResponse {
  status: number;
  body: unknown;
}

const requestHash = (req: Request): string =>
  createHash('sha256')
    .update(`${req.method}\n${req.baseUrl}${req.path}\n${JSON.stringify(req.body ?? null)}`)
    .digest('hex');

/** The request's Idempotency-Key header (validated), or undefined. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw validationFailed('Idempotency-Key: 1–200 visible ASCII characters', [
      { path: 'Idempotency-Key', message: '1–200 visible ASCII characters' },
    ]);
  }
  return key;
}

/** Stores the response inside the caller's transaction. */
export type Remember = (trx: Kysely<Database>, response: StoredResponse) => Promise<void>;

/**
 * Runs a create at most once per (user, Idempotency-Key): a retry with the same body gets the
 * original response; the same key with another body is a 409. With a key, `run` receives a
 * `remember` callback to store the response inside its own transaction, so the stored answer and
 * the change commit together; if a concurrent twin commits first, the loser's transaction fails on
 * the unique key and the twin's answer is returned. Without a key `remember` is undefined, so `run`
 * can tell that nothing needs to be stored and answer after its transaction has committed.
 */
export async function withIdempotency(
  db: Kysely<Database>,
  req: Request,
  run: (remember: Remember | undefined) => Promise<StoredResponse>,
): Promise<StoredResponse> {
  const key = idempotencyKeyOf(req);
  if (!key) return run(undefined);
  const actor = actorOf(req);
  const hash = requestHash(req);
  const replay = async (): Promise<StoredResponse | undefined> => {
    const stored = await findIdempotencyKey(db, actor.userId, key);
    if (!stored) return undefined;
    if (stored.request_hash !== hash)
      throw conflict('This Idempotency-Key was used with a different request');
    return { status: stored.status_code, body: stored.response };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await run((trx, response) =>
      insertIdempotencyKey(trx, {
        organization_id: actor.organizationId,
        user_id: actor.userId,
        key,
        method: req.method,
        path: `${req.baseUrl}${req.path}`,
        request_hash: hash,
        status_code: response.status,
        response: response.body,
      }),
    );
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      const twin = await replay();
      if (twin) return twin;
    }
    throw error;
  }
}
