// Runs one add-on call (a trigger or a card callback) in a worker thread of its own, bounded in
// time and memory. The add-on's UrlFetchApp blocks its thread (Atomics.wait) until the answer
// arrives, so a call must never run on the thread of the server it calls; and a bundle that loops
// or waits too long is stopped by terminating its worker — Apps Script likewise ends a callback
// after 30 s. Each call gets a fresh execution (as in Apps Script), in a fresh worker.
import { Worker } from 'node:worker_threads';
import type { MessageFixture } from './services.ts';

/** Apps Script's limit for one card callback. */
export const APPS_SCRIPT_CALL_LIMIT_MS = 30_000;

/** What a call is given: only structured-cloneable values (it crosses into the worker). */
export interface IsolatedCall {
  /** The global function to call (a trigger or a callback named in a card's action). */
  fn: string;
  event: unknown;
  /** ScriptApp.getIdentityToken(). */
  token: string;
  /** Session.getActiveUser().getEmail(). */
  userEmail: string;
  messages: Record<string, MessageFixture>;
  scriptProperties: Record<string, string>;
  /** UrlFetchApp may call only these URL prefixes (the manifest's urlFetchWhitelist). */
  urlFetchAllowlist: string[];
}

export type IsolatedResult =
  /** `value` is the runtime JSON of what the function returned (a card, cards, an action response). */
  | { ok: true; value: unknown; ms: number; fetches: number }
  /** The bundle threw (Apps Script shows its error bar). */
  | { ok: false; error: string; ms: number; fetches: number };

/** The call ran past its limit and was stopped. */
export class AddonCallTimeoutError extends Error {
  readonly limitMs: number;
  constructor(fn: string, limitMs: number) {
    super(`${fn} ran longer than ${Math.round(limitMs / 1000)} s and was stopped`);
    this.name = 'AddonCallTimeoutError';
    this.limitMs = limitMs;
  }
}

export interface IsolatedOptions {
  /** Default: Apps Script's 30 s. */
  limitMs?: number;
  /** Calls running at once; more wait their turn (default 4: the machine has few cores). */
  concurrency?: number;
}

const workerUrl = new URL('./call-worker.ts', import.meta.url);

/** A runner that queues calls beyond its concurrency and stops each at its time limit. */
export function isolatedRunner(
  options: IsolatedOptions = {},
): (call: IsolatedCall) => Promise<IsolatedResult> {
  const limitMs = options.limitMs ?? APPS_SCRIPT_CALL_LIMIT_MS;
  const concurrency = options.concurrency ?? 4;
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    running -= 1;
    waiting.shift()?.();
  };
  return async (call) => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await runInWorker(call, limitMs);
    } finally {
      release();
    }
  };
}

function runInWorker(call: IsolatedCall, limitMs: number): Promise<IsolatedResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, {
      workerData: { call, limitMs },
      // A runaway bundle may not take the server's memory with it.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new AddonCallTimeoutError(call.fn, limitMs))),
      limitMs,
    );
    worker.once('message', (result: IsolatedResult) => finish(() => resolve(result)));
    worker.once('error', (error) => finish(() => reject(error)));
    worker.once('exit', (code) =>
      finish(() => reject(new Error(`the add-on worker exited (code ${code}) without answering`))),
    );
  });
}
