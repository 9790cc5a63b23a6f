import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../../core/db/migrate.ts';
import type { CliCommand } from '../../../core/module.ts';
import { createVault } from '../../../core/crypto/vault.ts';
import type { Database } from '../../../core/db/schema.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { executeSync, requestSync } from '../commands/sync-runs.ts';
import { ARCHIVE_PHASE, type PhaseCounts } from '../engine/engine.ts';
import type { DirectoryProvider } from '../engine/provider.ts';
import { PROVIDERS } from '../providers/list.ts';

/**
 * `npm run helios -- sync <provider>`: runs one sync in this process and shows it — a progress bar
 * on a terminal (phase, items, requests), one line per phase otherwise. Returns the exit code.
 */
export async function syncFromCli(
  db: Kysely<Database>,
  provider: DirectoryProvider,
  out: NodeJS.WriteStream = process.stdout,
  err: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  const organization = await findOrganization(db);
  const connection = organization ? await provider.connection(db, organization.id) : undefined;
  if (!organization || !connection) {
    err.write(`${provider.label} is not configured: PUT /api/v1${provider.settingsPath} first\n`);
    return 1;
  }
  // The phases (for the bar) come from the source the run will build; a broken key fails the run.
  let labels: { name: string; label: string }[] = [];
  try {
    labels = connection.open().phases.map((p) => ({ name: p.name, label: p.label }));
  } catch {
    // executeSync records why.
  }
  labels.push({ name: ARCHIVE_PHASE, label: 'archive' });
  const { run, created } = await requestSync(db, organization.id, provider, 'cli', null);
  if (!created) {
    err.write(`sync run ${run.id} is already ${run.status}; wait for it (GET /api/v1/sync/runs/${run.id})\n`);
    return 1;
  }
  const tty = out.isTTY === true;
  let lastPhase: string | undefined;
  let requests = 0;
  const draw = (phase: string, done: number) => {
    const index = labels.findIndex((l) => l.name === phase);
    const label = labels[index]?.label ?? phase;
    if (tty) {
      const width = 24;
      const filled = Math.round(((index + 1) / labels.length) * width);
      out.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${label.padEnd(10)} ${String(done).padStart(7)} items, ${requests} requests  `,
      );
    } else if (phase !== lastPhase) {
      out.write(`${label}…\n`);
    }
    lastPhase = phase;
  };
  const finished = await executeSync(db, provider, organization.id, run.id, {
    onProgress: (phase, done, requestCount) => {
      requests = requestCount;
      draw(phase, done);
    },
  });
  if (tty) out.write('\n');
  if (!finished) return 1;
  const counts = finished.counts as Record<string, PhaseCounts>;
  for (const [phase, c] of Object.entries(counts)) {
    out.write(
      `${phase.padEnd(10)} created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, archived ${c.archived}\n`,
    );
  }
  for (const e of finished.errors as { phase: string; message: string }[])
    out.write(`error in ${e.phase}: ${e.message}\n`);
  out.write(
    `run ${finished.id} ${finished.status} in ${((finished.duration_ms ?? 0) / 1000).toFixed(1)} s, ${finished.request_count} requests to ${provider.label}\n`,
  );
  return finished.status === 'succeeded' ? 0 : 1;
}

/** One `sync <provider>` command per provider. */
export const syncCommands: readonly CliCommand[] = PROVIDERS.map((entry) => ({
  name: ['sync', entry.name],
  needs: ['encryptionKey'],
  usage: '',
  summary: `run a ${entry.label} sync now, with a progress bar`,
  async run({ db, config, encryptionKeys, out, err }) {
    await migrateToLatest(db);
    const provider = entry.create({
      vault: createVault({ encryptionKeys, dataDir: config.dataDir }),
      googleApiOrigin: config.googleApiOrigin,
      microsoftLoginOrigin: config.microsoftLoginOrigin,
      microsoftGraphOrigin: config.microsoftGraphOrigin,
    });
    return syncFromCli(db, provider, out, err);
  },
}));
