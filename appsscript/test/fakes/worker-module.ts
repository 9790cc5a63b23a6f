// Runs a module in a worker thread and calls its exported functions over messages. End-to-end tests
// need this: the fake UrlFetchApp blocks the calling thread (Atomics.wait) until the response
// arrives, so an HTTP server on that same thread could never answer. Start the backend (and anything
// that touches its database) in a worker module instead, and ask it questions with `call`.
import { Worker } from 'node:worker_threads';

// Plain JavaScript (eval worker, CommonJS) that imports the module by URL; Node 24 strips its types.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.url).then(
  (mod) => {
    parentPort.on('message', async ({ id, name, args }) => {
      try {
        const fn = mod[name];
        if (typeof fn !== 'function') throw new Error(name + ' is not an exported function of ' + workerData.url);
        parentPort.postMessage({ id, ok: true, value: await fn(...args) });
      } catch (e) {
        parentPort.postMessage({ id, ok: false, message: (e && e.stack) || String(e) });
      }
    });
    parentPort.postMessage({ ready: true });
  },
  (e) => parentPort.postMessage({ ready: false, message: (e && e.stack) || String(e) }),
);
`;

export interface WorkerModule {
  /** Calls `export function name(...args)` in the worker (awaited there); args and result are structured-cloned. */
  call(name: string, ...args: unknown[]): Promise<unknown>;
  /** Terminates the worker (call the module's own shutdown export first if it has one). */
  close(): Promise<void>;
}

interface Reply {
  id?: number;
  ok?: boolean;
  value?: unknown;
  message?: string;
  ready?: boolean;
}

/** Starts a worker thread that imports `moduleUrl` (a file: URL or absolute path of a .ts/.js module). */
export async function startWorkerModule(moduleUrl: URL | string): Promise<WorkerModule> {
  const url = moduleUrl instanceof URL ? moduleUrl.href : new URL(`file://${moduleUrl}`).href;
  const worker = new Worker(SOURCE, { eval: true, workerData: { url } });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    const onMessage = (reply: Reply): void => {
      if (reply.ready === undefined) return;
      worker.off('message', onMessage);
      if (reply.ready) resolve();
      else reject(new Error(`worker could not import ${url}:\n${reply.message ?? ''}`));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
  worker.on('message', (reply: Reply) => {
    if (reply.id === undefined) return;
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.ok) waiter?.resolve(reply.value);
    else waiter?.reject(new Error(reply.message ?? 'worker call failed'));
  });
  worker.on('error', (error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });
  return {
    call: (name, ...args) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, name, args });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
