// Fault injection. Two mechanisms:
//
//   - Random faults at a rate (`setFaults({ rate, kinds, seed })`): each API request draws from a
//     hash of (fault seed, method + URL including query, how many times that exact URL was requested
//     before). So a run of the same requests gets the same faults whatever the timing or
//     concurrency, and a retry of a faulted request draws again (it is the URL's next attempt).
//     The draw picks a kind uniformly among `kinds`. Only the Google API paths (/admin/…,
//     /apps/…) are affected; the token endpoint only with `includeToken`, the ID-token certs never.
//   - Scripted failures (`failAfter(path, n, kind)`): the first n requests whose path matches pass,
//     every later one fails with `kind` until the rule is cancelled — a listing that dies midway,
//     whatever the client's retries.
import { hash32, hashString } from './random.ts';

export const FAULT_KINDS = ['rateLimit', 'userRateLimit', 'quota', 'backendError', 'slow', 'drop'] as const;

/**
 * - rateLimit: 429 rateLimitExceeded with Retry-After;
 * - userRateLimit: 403 userRateLimitExceeded; quota: 403 quotaExceeded;
 * - backendError: 503 backendError;
 * - slow: the normal answer after a delay;
 * - drop: the connection is destroyed without an answer.
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What a scripted failure answers: a random-fault kind or a non-retryable error. */
export type FailKind = Exclude<FaultKind, 'slow'> | 'forbidden' | 'notFound';

export interface FaultOptions {
  /** Probability in [0, 1] that an API request is faulted. */
  rate: number;
  /** Kinds to draw from (default: all). */
  kinds?: readonly FaultKind[];
  /** Seed of the draws (default 1). */
  seed?: number;
  /** Retry-After of 429 answers, seconds (default 1). */
  retryAfterSeconds?: number;
  /** Delay of `slow` answers, ms (default 300). */
  slowMs?: number;
  /** Also fault POST /token (default false). */
  includeToken?: boolean;
}

export interface Fault {
  kind: FaultKind | FailKind;
  retryAfterSeconds: number;
  slowMs: number;
}

interface FailRule {
  path: string | RegExp;
  remaining: number;
  kind: FailKind;
}

export class FaultInjector {
  #options: FaultOptions | undefined;
  readonly #attempts = new Map<string, number>();
  readonly #rules = new Set<FailRule>();
  /** Faults injected so far, by kind. */
  readonly injected = new Map<string, number>();

  constructor(options?: FaultOptions) {
    this.configure(options ?? null);
  }

  configure(options: FaultOptions | null): void {
    if (options !== null) {
      if (!(options.rate >= 0 && options.rate <= 1)) throw new Error('fault rate must be within [0, 1]');
      for (const kind of options.kinds ?? []) {
        if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new Error(`Unknown fault kind ${kind}`);
      }
      if (options.kinds !== undefined && options.kinds.length === 0) throw new Error('No fault kinds given');
    }
    this.#options = options ?? undefined;
    this.#attempts.clear();
  }

  get options(): FaultOptions | undefined {
    return this.#options;
  }

  /** After `n` more requests to a matching path, every further one fails with `kind`. Returns a canceller. */
  failAfter(path: string | RegExp, n: number, kind: FailKind = 'backendError'): () => void {
    if (!(Number.isInteger(n) && n >= 0)) throw new Error('n must be a non-negative integer');
    const rule: FailRule = { path, remaining: n, kind };
    this.#rules.add(rule);
    return () => {
      this.#rules.delete(rule);
    };
  }

  /** Removes the random faults and every scripted failure. */
  clear(): void {
    this.configure(null);
    this.#rules.clear();
  }

  #count(kind: string): void {
    this.injected.set(kind, (this.injected.get(kind) ?? 0) + 1);
  }

  /** The fault for a request, if any. `pathAndQuery` is the raw request target. */
  decide(method: string, pathname: string, pathAndQuery: string): Fault | undefined {
    const options = this.#options;
    const retryAfterSeconds = options?.retryAfterSeconds ?? 1;
    const slowMs = options?.slowMs ?? 300;
    for (const rule of this.#rules) {
      const matches = typeof rule.path === 'string' ? rule.path === pathname : rule.path.test(pathname);
      if (!matches) continue;
      if (rule.remaining > 0) {
        rule.remaining--;
        continue;
      }
      this.#count(rule.kind);
      return { kind: rule.kind, retryAfterSeconds, slowMs };
    }
    if (options === undefined || options.rate === 0) return undefined;
    const isApi = pathname.startsWith('/admin/') || pathname.startsWith('/apps/');
    const isToken = pathname === '/token';
    if (!isApi && !(isToken && options.includeToken === true)) return undefined;
    const target = `${method} ${pathAndQuery}`;
    const attempt = this.#attempts.get(target) ?? 0;
    this.#attempts.set(target, attempt + 1);
    const seed = options.seed ?? 1;
    const draw = hash32(seed, hashString(target), attempt) / 0x100000000;
    if (draw >= options.rate) return undefined;
    const kinds = options.kinds ?? FAULT_KINDS;
    const kind = kinds[hash32(seed, hashString(target), attempt, 7) % kinds.length] ?? 'backendError';
    this.#count(kind);
    return { kind, retryAfterSeconds, slowMs };
  }
}
