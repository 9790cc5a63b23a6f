// `npm run bench:addon`: the add-on's two hot callbacks — the Gmail sender card and filing a ticket
// — run from the BUILT bundle (appsscript/dist/Code.js in the Apps Script stand-ins, as the tests
// run it) against the real backend on loopback with the bench:api organization in PostgreSQL
// (100k users, 300k assets, 50k credentials, 1M tickets; scale with BENCH_SCALE, e.g. 0.1). Per
// callback: the backend round trips it makes (a fetchAll is one), the server time (per round trip
// the slowest request as UrlFetchApp saw it on loopback, summed: the part of the 30 s budget spent
// waiting on Helios), the SQL statements the backend sent, beside the same work as plain SQL
// through pg in the same run. Nothing is asserted; the budget is one round trip per card and
// < 300 ms of server time.
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { gmailEvent, loadAddon, type MessageFixture } from '../appsscript/runtime/addon.ts';
import { startWorkerModule } from '../appsscript/test/fakes/worker-module.ts';
import type { Started } from './addon-backend.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SIZES = {
  users: Math.round(100_000 * SCALE),
  assets: Math.round(300_000 * SCALE),
  credentials: Math.round(50_000 * SCALE),
  tickets: Math.round(1_000_000 * SCALE),
};
const RUNS = Number(process.env.BENCH_RUNS ?? 100);

interface Sample {
  roundTrips: number;
  serverMs: number;
  statements: number;
  callMs: number;
}

const pct = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

async function main(): Promise<void> {
  console.log(
    `bench:addon — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
      `${SIZES.users} users, ${SIZES.assets} assets, ${SIZES.credentials} credentials, ${SIZES.tickets} tickets; ${RUNS} runs per callback\n`,
  );
  const backend = await startWorkerModule(new URL('./addon-backend.ts', import.meta.url));
  try {
    const started = (await backend.call('start', SIZES)) as Started;
    console.log(`generated in ${started.generatedSeconds.toFixed(1)} s\n`);
    const senders = Array.from(
      { length: RUNS },
      (_, i) => `user${1 + ((i * 7919) % SIZES.users)}@bench.example`,
    );
    const messages: Record<string, MessageFixture> = {};
    senders.forEach((email, i) => {
      messages[`bench-msg-${i}`] = {
        threadId: `bench-thread-${i}`,
        subject: `Laptop will not boot (${i})`,
        from: `Bench Sender <${email}>`,
        to: started.staffEmail,
        plainBody: 'My laptop shows a black screen since this morning.',
        headers: { 'Message-ID': `<bench-${i}@mail.bench.example>` },
      };
    });
    // The API key rides as the bearer token, where the add-on sends its Google ID token.
    const addon = loadAddon({
      token: started.key,
      userEmail: started.staffEmail,
      messages,
      scriptProperties: { HELIOS_BACKEND_URL: started.url },
      callLimitMs: 60_000,
    });
    const event = (i: number, extra: Omit<Parameters<typeof gmailEvent>[0], 'messageId' | 'threadId'> = {}) =>
      gmailEvent({ messageId: `bench-msg-${i}`, threadId: `bench-thread-${i}`, ...extra });

    const measure = async (run: () => void): Promise<Sample> => {
      const from = addon.fetches.length;
      const before = (await backend.call('statementCount')) as number;
      const t0 = performance.now();
      run();
      const callMs = performance.now() - t0;
      const after = (await backend.call('statementCount')) as number;
      const mine = addon.fetches.slice(from).filter((f) => f.url.startsWith(started.url));
      const trips = new Map<number, number>();
      for (const f of mine) trips.set(f.roundTrip, Math.max(trips.get(f.roundTrip) ?? 0, f.ms));
      if (mine.some((f) => (f.status ?? 500) >= 400))
        throw new Error(
          `a request failed: ${mine.map((f) => `${f.method} ${f.url} → ${f.status}`).join('; ')}`,
        );
      return {
        roundTrips: trips.size,
        serverMs: [...trips.values()].reduce((a, b) => a + b, 0),
        statements: after - before,
        callMs,
      };
    };

    // Warm-up: the first callback also fetches /me (then cached, as in Apps Script's CacheService).
    addon.card('onGmailMessage', event(0));
    const senderCard: Sample[] = [];
    const filing: Sample[] = [];
    for (let i = 1; i < RUNS; i++)
      senderCard.push(await measure(() => addon.card('onGmailMessage', event(i))));
    for (let i = 1; i < RUNS; i++)
      filing.push(
        await measure(() =>
          addon.actionResponse(
            'onFileTicket',
            event(i, {
              parameters: {
                messageId: `bench-msg-${i}`,
                threadId: `bench-thread-${i}`,
                senderEmail: senders[i] ?? '',
              },
              formInputs: {
                subject: `Laptop will not boot (${i})`,
                details: 'My laptop shows a black screen since this morning.',
                priority: 'high',
              },
            }),
          ),
        ),
      );
    const rawSender: number[] = [];
    const rawFiling: number[] = [];
    for (let i = 1; i < RUNS; i++)
      rawSender.push((await backend.call('rawSenderCard', senders[i], `bench-thread-${i}`)) as number);
    for (let i = 1; i < RUNS; i++) rawFiling.push((await backend.call('rawFileTicket', i)) as number);
    addon.close();

    console.log(
      '| callback | round trips | server time p50 / p99 ms | statements | whole callback p50 ms | raw SQL p50 / p99 ms |',
    );
    console.log('|---|---|---|---|---|---|');
    for (const [name, samples, raw] of [
      ['Gmail sender card (onGmailMessage)', senderCard, rawSender],
      ['File a ticket (onFileTicket)', filing, rawFiling],
    ] as const) {
      const trips = [...new Set(samples.map((s) => s.roundTrips))].sort().join('–');
      const server = samples.map((s) => s.serverMs);
      console.log(
        `| ${name} | ${trips} | ${pct(server, 0.5).toFixed(1)} / ${pct(server, 0.99).toFixed(1)} | ${pct(
          samples.map((s) => s.statements),
          0.5,
        ).toFixed(0)} | ${pct(
          samples.map((s) => s.callMs),
          0.5,
        ).toFixed(1)} | ${pct(raw, 0.5).toFixed(1)} / ${pct(raw, 0.99).toFixed(1)} |`,
      );
    }
  } finally {
    await backend.call('stop').catch(() => undefined);
    await backend.close();
  }
}

await main();
