// `npm run bench:mail`: support-mailbox ingestion throughput. 10 000 messages wait in the watched
// mailbox of the Workspace simulator (8 000 new requests from 1 000 outside senders, 2 000 replies
// to them by In-Reply-To); one poll (history.list from the stored historyId, then messages.get
// raw per message, mailparser, matching, the ticket or reply with its audit row and the
// "received" notification, the record of the message, the processed label) files them all. Beside
// it, in the same run: mailparser alone over the same bytes, and plain INSERTs of the same tickets
// and replies — the floor. Then the outbox those tickets filled (8 000 "received" emails) is
// drained through the Gmail API. Gmail requests are counted at the simulator (tokens included).
// The simulator runs in this process, so its CPU is in the figures. Nothing is asserted.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { simpleParser } from 'mailparser';
import { sql } from 'kysely';
import pg from 'pg';
import { bootstrapOrganization } from '../backend/src/bootstrap.ts';
import { createVault } from '../backend/src/core/crypto/vault.ts';
import { openServerDatabase } from '../backend/src/core/db/connection.ts';
import { migrateToLatest } from '../backend/src/core/db/migrate.ts';
import { diskFileStorage } from '../backend/src/core/storage/disk.ts';
import { saveGoogleSettingsCommand } from '../backend/src/modules/directory-sync/index.ts';
import { pollMailbox, sendPendingMail } from '../backend/src/modules/mail/index.ts';
import { saveMailSettings } from '../backend/src/modules/mail/commands/settings.ts';
import { startSimulator } from '../backend/src/simulators/workspace/server.ts';

const MESSAGES = Number(process.env.BENCH_MAIL_MESSAGES ?? 10_000);
const REPLY_SHARE = 0.2;
const SENDERS = 1000;
const adminUrl = process.env.HELIOS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SUPPORT = 'it@bench.example';

function message(i: number, replyTo: number | undefined): string {
  const sender = `requester${i % SENDERS}@customer.example`;
  const id = `<bench-${i}@customer.example>`;
  return [
    `From: Requester ${i % SENDERS} <${sender}>`,
    `To: ${SUPPORT}`,
    replyTo === undefined
      ? `Subject: Laptop ${i} will not boot`
      : `Subject: Re: Laptop ${replyTo} will not boot`,
    `Message-ID: ${id}`,
    ...(replyTo === undefined ? [] : [`In-Reply-To: <bench-${replyTo}@customer.example>`]),
    'Date: Tue, 01 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello, since this morning laptop ${i} shows a black screen after the logo. I tried a restart twice.`,
    '',
    'Thanks',
    '',
  ].join('\r\n');
}

async function main(): Promise<void> {
  console.log(
    `bench:mail — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${MESSAGES} queued messages (${Math.round(REPLY_SHARE * 100)} % replies)\n`,
  );
  const dbName = `bench_mail_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const handle = openServerDatabase({ connectionString: url.toString(), max: 4 });
  const { db } = handle;
  const simulator = await startSimulator({ directory: { users: 5, seed: 3, domain: 'bench.example' } });
  const dataDir = mkdtempSync(join(tmpdir(), 'helios-bench-mail-'));
  try {
    await migrateToLatest(db);
    const { organization } = await bootstrapOrganization(db, {
      name: 'Bench',
      primaryDomain: 'bench.example',
      seedDemo: false,
    });
    const vault = createVault({
      encryptionKeys: { current: randomBytes(32).toString('base64'), previous: [] },
      dataDir,
    });
    const ctx = { organizationId: organization.id, actor: undefined, ip: null, userAgent: 'bench' };
    await saveGoogleSettingsCommand(db, vault, ctx, {
      serviceAccountKey: simulator.serviceAccountKey(),
      adminEmail: simulator.adminEmail,
    });
    simulator.gmail.mailbox(SUPPORT);
    await saveMailSettings(db, vault, ctx, {
      transport: 'gmail',
      fromAddress: SUPPORT,
      watchMailbox: SUPPORT,
    });
    const deps = {
      db,
      vault,
      organizationId: organization.id,
      googleApiOrigin: simulator.origin,
      storage: diskFileStorage(join(dataDir, 'files')),
    };
    // The first pass (empty mailbox) stores the historyId the measured pass starts from.
    await pollMailbox(deps);

    const raws: string[] = [];
    let replies = 0;
    for (let i = 0; i < MESSAGES; i++) {
      // Every fifth message answers one of the four before it (already filed by then).
      const replyTo = i % 5 === 4 ? i - 1 - (i % 4) : undefined;
      if (replyTo !== undefined) replies++;
      raws.push(message(i, replyTo));
      simulator.gmail.deliver(SUPPORT, raws[i] ?? '');
    }

    const parseStart = performance.now();
    for (const raw of raws) await simpleParser(Buffer.from(raw));
    const parseRate = MESSAGES / ((performance.now() - parseStart) / 1000);

    const requestsBefore = simulator.requestCount();
    const pollStart = performance.now();
    const result = await pollMailbox(deps);
    const pollSeconds = (performance.now() - pollStart) / 1000;
    const pollRequests = simulator.requestCount() - requestsBefore;

    // The floor: the same rows as plain INSERTs, one statement at a time like the poll files them.
    const requester = await db
      .selectFrom('organization_users')
      .select('id')
      .where('role', '=', 'contact')
      .executeTakeFirstOrThrow();
    const status = await db.selectFrom('ticket_statuses').select('id').executeTakeFirstOrThrow();
    const insertStart = performance.now();
    let lastTicket = 0;
    for (let i = 0; i < MESSAGES; i++) {
      if (i % 5 === 4) {
        await sql`INSERT INTO ticket_replies (ticket_id, reply, type, created_by_user_id)
          VALUES (${lastTicket}, ${'plain insert'}, 'public', ${requester.id})`.execute(db);
      } else {
        const row = await sql<{ id: number }>`INSERT INTO tickets
          (organization_id, prefix, number, subject, details, priority, source, status_id, created_by_user_id, related_user_id)
          VALUES (${organization.id}, 'PLN', ${1_000_000 + i}, ${`Laptop ${i}`}, ${'plain insert'}, 'medium', 'email', ${status.id}, ${requester.id}, ${requester.id})
          RETURNING id`.execute(db);
        lastTicket = row.rows[0]?.id ?? lastTicket;
      }
    }
    const insertRate = MESSAGES / ((performance.now() - insertStart) / 1000);

    const sendRequestsBefore = simulator.requestCount();
    const sendStart = performance.now();
    let sent = 0;
    for (;;) {
      const outcome = await sendPendingMail(deps, { limit: 500 });
      sent += outcome.sent;
      if (outcome.sent + outcome.failed + outcome.retrying === 0) break;
    }
    const sendSeconds = (performance.now() - sendStart) / 1000;
    const sendRequests = simulator.requestCount() - sendRequestsBefore;

    const fmt = (n: number) => n.toFixed(0).padStart(8);
    console.log(
      `poll: ${result.messages} messages → ${result.tickets} tickets, ${result.replies} replies, ${result.ignored} ignored (expected ${MESSAGES - replies} + ${replies})`,
    );
    console.log(
      `  ingestion (history.list → get raw → parse → file → record → label) ${fmt(result.messages / pollSeconds)} messages/s  (${pollSeconds.toFixed(1)} s)`,
    );
    console.log(
      `  mailparser alone over the same bytes                              ${fmt(parseRate)} messages/s`,
    );
    console.log(
      `  plain INSERTs of the same tickets and replies                     ${fmt(insertRate)} rows/s`,
    );
    console.log(
      `  Gmail requests per ingested message                               ${(pollRequests / result.messages).toFixed(3).padStart(8)}  (${pollRequests} requests)`,
    );
    console.log(
      `outbox: ${sent} emails (received, replies) sent through messages.send ${fmt(sent / sendSeconds)} emails/s, ${(sendRequests / Math.max(sent, 1)).toFixed(3)} requests/email`,
    );
  } finally {
    await simulator.close();
    await handle.close();
    await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
