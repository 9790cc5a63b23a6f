// The HTTP clients of `npm run bench:api`, run in a worker thread (bench/api.ts starts it): a real
// client is never in the server's process, and clients parsing responses on the server's own event
// loop made every API latency include their work. The raw SQL baseline's client is its pg pool,
// in the process that measures it, as before.
import { performance } from 'node:perf_hooks';

export interface Figures {
  p50: number;
  p99: number;
  rps: number;
}

/**
 * Calls `fn(i)` for i < `total`, the first `warmup` one at a time and unmeasured, the rest with
 * `concurrency` in flight; latency percentiles in ms and throughput (the API's clients and the raw
 * baseline are measured by this one loop).
 */
export async function timed(
  fn: (i: number) => Promise<void>,
  total: number,
  warmup: number,
  concurrency: number,
): Promise<Figures> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const latencies: number[] = [];
  let next = warmup;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await fn(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), rps: (total - warmup) / seconds };
}

/** GETs each of `paths` as the bearer of `key` through `timed`; any status but 200 fails the run. */
export function drive(
  base: string,
  key: string,
  paths: string[],
  warmup: number,
  concurrency: number,
): Promise<Figures> {
  return timed(
    async (i) => {
      const path = paths[i] as string;
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
      if (res.status !== 200) throw new Error(`${path} → ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    },
    paths.length,
    warmup,
    concurrency,
  );
}
