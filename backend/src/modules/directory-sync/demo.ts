import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModuleContext } from '../../core/module.ts';
import {
  createTlsIdentity,
  readTlsIdentity,
  trustCertificate,
  writeTlsIdentity,
} from '../../simulators/microsoft/certificate.ts';
import { type GraphSimulator, startGraphSimulator } from '../../simulators/microsoft/server.ts';
import { readKeyFile, writeKeyFile } from '../../simulators/workspace/key-file.ts';
import { type Simulator, startSimulator } from '../../simulators/workspace/server.ts';
import { requestSync } from './commands/sync-runs.ts';
import { enqueueRun } from './jobs/sync.ts';
import { saveGoogleSettingsCommand } from './providers/google/commands/settings.ts';
import { GOOGLE } from './providers/google/provider.ts';
import { findGoogleSettings } from './providers/google/queries/settings.ts';
import { createGraphSource, type MicrosoftCredentials } from './providers/microsoft/clients.ts';
import { saveMicrosoftSettingsCommand } from './providers/microsoft/commands/settings.ts';
import { MICROSOFT } from './providers/microsoft/provider.ts';
import { findMicrosoftSettings } from './providers/microsoft/queries/settings.ts';

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

/**
 * Demo without Microsoft (HELIOS_DEMO_MICROSOFT_USERS=N): an in-process Graph simulator of N users
 * overlapping the demo Workspace's people (same seed and domain). HTTPS needs a certificate this
 * process trusts: it is made once, kept in the data directory with the client secret (so the
 * stored settings keep working across restarts), and trusted in-process (trustCertificate).
 */
export async function startDemoMicrosoft(options: {
  users: number;
  domain: string;
  dataDir: string;
}): Promise<GraphSimulator> {
  const dir = join(options.dataDir, 'simulator');
  const certFile = join(dir, 'microsoft-graph.crt');
  const keyFile = join(dir, 'microsoft-graph.key');
  const secretFile = join(dir, 'microsoft-client-secret');
  let tls = readTlsIdentity(certFile, keyFile);
  if (!tls) {
    tls = await createTlsIdentity();
    writeTlsIdentity(certFile, keyFile, tls);
  }
  const secret = existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : undefined;
  const simulator = await startGraphSimulator({
    tenant: { users: options.users, seed: 1, domain: options.domain },
    tls,
    ...(secret ? { clientSecret: secret } : {}),
  });
  if (!secret) writeFileSync(secretFile, `${simulator.clientSecret}\n`, { mode: 0o600 });
  trustCertificate(simulator.certificate);
  return simulator;
}

/**
 * Points the organization's Microsoft settings at the simulator (first time; the token check runs
 * as for an admin's PUT) and queues a sync. Returns the run queued, or undefined.
 */
export async function connectDemoMicrosoft(
  ctx: ModuleContext,
  simulator: GraphSimulator,
): Promise<number | undefined> {
  const { db, vault, organizationId } = ctx;
  if (!(await findMicrosoftSettings(db, organizationId))) {
    const check = (input: MicrosoftCredentials) =>
      createGraphSource({ ...input, loginOrigin: simulator.origin, graphOrigin: simulator.origin }).token();
    await saveMicrosoftSettingsCommand(
      db,
      vault,
      { organizationId, actor: undefined, ip: null, userAgent: 'helios-demo-microsoft' },
      { tenantId: simulator.tenantId, clientId: simulator.clientId, clientSecret: simulator.clientSecret },
      check,
    );
  }
  const { run, created } = await requestSync(db, organizationId, MICROSOFT, 'startup', null);
  if (!created) return undefined;
  await enqueueRun(ctx.jobs, MICROSOFT.name, run.id);
  return run.id;
}
