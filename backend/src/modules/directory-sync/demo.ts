import { join } from 'node:path';
import type { ModuleContext } from '../../core/module.ts';
import { readKeyFile, writeKeyFile } from '../../simulators/workspace/key-file.ts';
import { type Simulator, startSimulator } from '../../simulators/workspace/server.ts';
import { requestSync } from './commands/sync-runs.ts';
import { enqueueRun } from './jobs/sync.ts';
import { saveGoogleSettingsCommand } from './providers/google/commands/settings.ts';
import { GOOGLE } from './providers/google/provider.ts';
import { findGoogleSettings } from './providers/google/queries/settings.ts';

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

/**
 * Points the organization's Google settings at the simulator (first time) and queues a sync on the
 * context's job queue (a process without jobs leaves it to a replica's schedule). Returns the run
 * queued, or undefined when one was already queued or running.
 */
export async function connectDemoGoogle(
  ctx: ModuleContext,
  simulator: Simulator,
): Promise<number | undefined> {
  const { db, vault, organizationId } = ctx;
  if (!(await findGoogleSettings(db, organizationId))) {
    await saveGoogleSettingsCommand(
      db,
      vault,
      { organizationId, actor: undefined, ip: null, userAgent: 'helios-demo-google' },
      { serviceAccountKey: simulator.serviceAccountKey(), adminEmail: simulator.adminEmail },
    );
  }
  const { run, created } = await requestSync(db, organizationId, GOOGLE, 'startup', null);
  if (!created) return undefined;
  await enqueueRun(ctx.jobs, GOOGLE.name, run.id);
  return run.id;
}
