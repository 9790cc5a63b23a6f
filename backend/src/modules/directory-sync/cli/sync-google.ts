import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../../core/db/migrate.ts';
import type { CliCommand } from '../../../core/module.ts';
import { executeGoogleSync, requestGoogleSync } from '../commands/google-sync.ts';
import { createVault, type KeySource } from '../../../core/crypto/vault.ts';
import type { Database } from '../../../core/db/schema.ts';
import { findGoogleSettings } from '../queries/google-settings.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { createWorkspaceSource } from '../providers/google/clients.ts';
import { PHASES, type Phase } from '../engine/engine.ts';

const LABELS: Record<Phase, string> = {
  orgUnits: 'org units',
  users: 'users',
  groups: 'groups',
  chromeos: 'Chrome OS',
  mobile: 'mobile',
  licenses: 'licenses',
  domains: 'domains',
  archive: 'archive',
};

/**
 * `npm run helios -- sync google`: runs one sync in this process and shows it — a progress bar
 * on a terminal (phase, items, requests), one line per phase otherwise. Returns the exit code.
 */
export async function syncGoogleFromCli(
  db: Kysely<Database>,
  keys: KeySource,
  apiOrigin: string | undefined,
  out: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  const organization = await findOrganization(db);
  const settings = organization ? await findGoogleSettings(db, organization.id) : undefined;
  if (!organization || !settings) {
    process.stderr.write('Google Workspace is not configured: PUT /api/v1/settings/google first\n');
    return 1;
  }
  const { run, created } = await requestGoogleSync(db, organization.id, 'cli', null);
  if (!created) {
    process.stderr.write(
      `sync run ${run.id} is already ${run.status}; wait for it (GET /api/v1/sync/runs/${run.id})\n`,
    );
    return 1;
  }
  const tty = out.isTTY === true;
  let lastPhase: Phase | undefined;
  let requests = 0;
  const draw = (phase: Phase, done: number) => {
    const index = PHASES.indexOf(phase);
    if (tty) {
      const width = 24;
      const filled = Math.round(((index + 1) / PHASES.length) * width);
      out.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${LABELS[phase].padEnd(10)} ${String(done).padStart(7)} items, ${requests} requests  `,
      );
    } else if (phase !== lastPhase) {
      out.write(`${LABELS[phase]}…\n`);
    }
    lastPhase = phase;
  };
  const finished = await executeGoogleSync(
    db,
    {
      vault: createVault(keys),
      makeSource: (s, key) =>
        createWorkspaceSource({
          serviceAccountKey: key,
          adminEmail: s.admin_email,
          customerId: s.customer_id,
          ...(apiOrigin ? { apiOrigin } : {}),
        }),
      onProgress: (phase, done, requestCount) => {
        requests = requestCount;
        draw(phase, done);
      },
    },
    organization.id,
    run.id,
  );
  if (tty) out.write('\n');
  if (!finished) return 1;
  const counts = finished.counts as Record<
    string,
    { created: number; updated: number; unchanged: number; archived: number }
  >;
  for (const [phase, c] of Object.entries(counts)) {
    out.write(
      `${phase.padEnd(10)} created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, archived ${c.archived}\n`,
    );
  }
  for (const e of finished.errors as { phase: string; message: string }[])
    out.write(`error in ${e.phase}: ${e.message}\n`);
  out.write(
    `run ${finished.id} ${finished.status} in ${((finished.duration_ms ?? 0) / 1000).toFixed(1)} s, ${finished.request_count} requests to Google\n`,
  );
  return finished.status === 'succeeded' ? 0 : 1;
}

export const syncGoogleCommand: CliCommand = {
  name: ['sync', 'google'],
  usage: '',
  summary: 'run a Google Workspace sync now, with a progress bar',
  async run({ db, config, encryptionKeys, out }) {
    await migrateToLatest(db);
    return syncGoogleFromCli(db, { encryptionKeys, dataDir: config.dataDir }, config.googleApiOrigin, out);
  },
};
