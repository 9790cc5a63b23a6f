// The worker thread of one isolated add-on call (isolated.ts): loads the built bundle with the
// stand-in services, calls the function once and posts the runtime JSON of its result.
import { parentPort, workerData } from 'node:worker_threads';
import { loadAddon } from './addon.ts';
import type { IsolatedCall, IsolatedResult } from './isolated.ts';

const { call, limitMs } = workerData as { call: IsolatedCall; limitMs: number };
const addon = loadAddon({
  token: call.token,
  userEmail: call.userEmail,
  messages: call.messages,
  scriptProperties: call.scriptProperties,
  urlFetchAllowlist: call.urlFetchAllowlist,
  // The fetch timeout stays below the call's, so a hung backend ends as the add-on's own error card.
  fetchTimeoutMs: Math.max(1_000, limitMs - 2_000),
  callLimitMs: limitMs,
});
const started = performance.now();
let result: IsolatedResult;
try {
  const value = addon.call(call.fn, call.event);
  result = { ok: true, value, ms: performance.now() - started, fetches: addon.fetches.length };
} catch (error) {
  const message =
    error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)
      ? String((error as { message: unknown }).message)
      : String(error);
  result = { ok: false, error: message, ms: performance.now() - started, fetches: addon.fetches.length };
}
addon.close();
parentPort?.postMessage(result);
