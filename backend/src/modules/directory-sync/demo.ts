import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { requestGoogleSync, saveGoogleSettingsCommand } from './commands/google-sync.ts';
import type { Vault } from '../../core/crypto/vault.ts';
import type { Database } from '../../core/db/schema.ts';
import { findGoogleSettings } from './queries/google-settings.ts';
import { readKeyFile, writeKeyFile } from '../../simulators/workspace/key-file.ts';
import { type Simulator, startSimulator } from '../../simulators/workspace/server.ts';

/**
 * Demo without Google (HELIOS_DEMO_GOOGLE_USERS=N): an in-process Workspace simulator of N users
 * on the organization's domain. Its service-account key is kept in the data directory so the
 * stored settings keep working across restarts.
 */
export async function startDemoGoogle(options: {
  users: number;
  domain: string;
  dataDir: string;
}): Promise<Simulator> {
  const keyFile = join(options.dataDir, 'simulator', 'service-account.json');
  const reused = readKeyFile(keyFile);
  const simulator = await startSimulator({
    directory: { users: options.users, seed: 1, domain: options.domain },
    ...(reused ? { serviceAccountKey: reused } : {}),
  });
  if (!reused) writeKeyFile(keyFile, simulator.serviceAccountKey());
  return simulator;
}

/** Points the organization's Google settings at the simulator (first time) and queues a sync. */
export async function connectDemoGoogle(
  db: Kysely<Database>,
  vault: Vault,
  organizationId: number,
  simulator: Simulator,
): Promise<number | undefined> {
  if (!(await findGoogleSettings(db, organizationId))) {
    await saveGoogleSettingsCommand(
      db,
      vault,
      { organizationId, actor: undefined, ip: null, userAgent: 'helios-demo-google' },
      { serviceAccountKey: simulator.serviceAccountKey(), adminEmail: simulator.adminEmail },
    );
  }
  const { run, created } = await requestGoogleSync(db, organizationId, 'startup', null);
  return created ? run.id : undefined;
}
