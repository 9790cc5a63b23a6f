// Paging for the simulated listings.
//
// Decision: keyset paging by a stable ordinal, not snapshots. Every record has an index that never
// changes (generated records 0..n-1, scripted additions n, n+1, … appended; renames and other edits
// keep the index; deletions leave a hole). A page token carries only the last index returned, so a
// listing resumes strictly after it. Consequences, which are also Google's observable behaviour:
//   - a record present for the whole listing is returned exactly once, whatever changes meanwhile;
//   - a record deleted between pages is missing from later pages (never duplicated);
//   - a record added between pages shows up on a later page (additions sort last);
//   - an edited record shows whatever state it has when its page is served.
// Nothing is held per listing, so a 100k-user listing costs no memory, and serving a page is
// O(page size) (a scan from the key, skipping deleted holes).
//
// Tokens are opaque: base64url of the key plus an HMAC binding it to the listing (path and the
// parameters that select the records), so a token cannot be edited or replayed against another
// listing (→ 400 invalid, as Google rejects a foreign token).
import { createHmac } from 'node:crypto';

export interface KeysetPage<T> {
  items: T[];
  /** The key to resume after, when more records follow. */
  next: number | undefined;
}

/** A half-open range of keys [from, to). */
export type KeyRange = readonly [from: number, to: number];

/**
 * Up to `limit` records with keys greater than `after`, scanning `ranges` in order; `get` returns
 * undefined for holes (deleted or filtered-out keys). Looks ahead so that the last page carries no
 * `next`.
 */
export function keysetPage<T>(
  ranges: readonly KeyRange[],
  after: number,
  limit: number,
  get: (key: number) => T | undefined,
): KeysetPage<T> {
  const items: T[] = [];
  let last = after;
  for (const [from, to] of ranges) {
    for (let key = Math.max(from, after + 1); key < to; key++) {
      const item = get(key);
      if (item === undefined) continue;
      if (items.length === limit) return { items, next: last };
      items.push(item);
      last = key;
    }
  }
  return { items, next: undefined };
}

export class PageTokens {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  #mac(listing: string, key: number): string {
    return createHmac('sha256', this.#secret).update(`${listing}\n${key}`).digest('base64url').slice(0, 16);
  }

  encode(listing: string, key: number): string {
    return Buffer.from(`${key}.${this.#mac(listing, key)}`).toString('base64url');
  }

  /** The key a token resumes after, or undefined when the token is not one of this listing's. */
  decode(listing: string, token: string): number | undefined {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) return undefined;
    const text = Buffer.from(token, 'base64url').toString('utf8');
    const dot = text.indexOf('.');
    if (dot < 1) return undefined;
    const keyText = text.slice(0, dot);
    if (!/^\d{1,15}$/.test(keyText)) return undefined;
    const key = Number(keyText);
    return text.slice(dot + 1) === this.#mac(listing, key) ? key : undefined;
  }
}
