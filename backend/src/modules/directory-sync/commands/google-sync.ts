import { createPrivateKey } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Vault } from '../../../core/crypto/vault.ts';
import type { Database } from '../../../core/db/schema.ts';
import { MassArchiveError, runSync, type Phase, type PhaseCounts } from '../engine/engine.ts';
import type { WorkspaceSource } from '../providers/google/source.ts';
import { validationFailed } from '../../../core/errors.ts';
import { nextIdOf } from '../../vault/queries/credentials.ts';
import {
  findGoogleSettings,
  saveGoogleSettings,
  updateGoogleSettings,
  type GoogleSettingsRow,
} from '../queries/google-settings.ts';
import {
  finishRun,
  insertQueuedRun,
  activeRun,
  recordProgress,
  startRun,
  type SyncRunRow,
  failStaleRuns,
} from '../queries/sync-runs.ts';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';

/** The fields of a Google service-account key file Helios needs (the file has more). */
export const serviceAccountKeySchema = z
  .object({
    type: z.literal('service_account', {
      message: 'expected a service account key file (type "service_account")',
    }),
    client_email: z.email(),
    private_key: z.string().min(100),
    private_key_id: z.string().optional(),
    client_id: z.string().optional(),
    token_uri: z.string().optional(),
  })
  .loose();
export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

/** Parses a key given as an object or as the file's JSON text; a 400 names what is wrong. */
export function parseServiceAccountKey(input: unknown): ServiceAccountKey {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw validationFailed('serviceAccountKey: not valid JSON', [
        { path: 'serviceAccountKey', message: 'not valid JSON' },
      ]);
    }
  }
  const parsed = serviceAccountKeySchema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      path: ['serviceAccountKey', ...i.path.map(String)].join('.'),
      message: i.message,
    }));
    throw validationFailed(details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  }
  try {
    createPrivateKey(parsed.data.private_key);
  } catch {
    throw validationFailed('serviceAccountKey.private_key: not a PEM private key', [
      { path: 'serviceAccountKey.private_key', message: 'not a PEM private key' },
    ]);
  }
  return parsed.data;
}

export interface GoogleSettingsInput {
  serviceAccountKey: unknown;
  adminEmail: string;
  customerId?: string | undefined;
  syncIntervalMinutes?: number | undefined;
}

/** Stores the Google connection: the key sealed for its row, never in clear, audited without it. */
export async function saveGoogleSettingsCommand(
  db: Kysely<Database>,
  vault: Vault,
  ctx: AuditContext,
  input: GoogleSettingsInput,
): Promise<GoogleSettingsRow> {
  const key = parseServiceAccountKey(input.serviceAccountKey);
  const keyJson = JSON.stringify(key);
  return db.transaction().execute(async (trx) => {
    const existing = await findGoogleSettings(trx, ctx.organizationId);
    const id = existing?.id ?? (await nextIdOf(trx, 'gw_credentials'));
    const sealed = vault.seal(
      { table: 'gw_credentials', column: 'service_account_key_encrypted', id },
      keyJson,
    );
    const values = {
      service_account_email: key.client_email,
      client_id: key.client_id ?? null,
      service_account_key_encrypted: sealed,
      admin_email: input.adminEmail.toLowerCase(),
      customer_id: input.customerId ?? 'my_customer',
      ...(input.syncIntervalMinutes !== undefined
        ? { sync_interval_minutes: input.syncIntervalMinutes }
        : {}),
    };
    if (existing) await updateGoogleSettings(trx, id, values);
    else await saveGoogleSettings(trx, { id, organization_id: ctx.organizationId, ...values });
    await recordAudit(trx, ctx, {
      action: existing ? 'update' : 'create',
      entityType: 'google_settings',
      entityId: id,
      newValue: {
        serviceAccountEmail: key.client_email,
        adminEmail: values.admin_email,
        customerId: values.customer_id,
      },
    });
    const saved = await findGoogleSettings(trx, ctx.organizationId);
    if (!saved) throw new Error('google settings vanished');
    return saved;
  });
}

/** The decrypted key of the stored settings. */
export function openServiceAccountKey(vault: Vault, settings: GoogleSettingsRow): ServiceAccountKey {
  const json = vault.open(
    { table: 'gw_credentials', column: 'service_account_key_encrypted', id: settings.id },
    settings.service_account_key_encrypted,
  );
  return serviceAccountKeySchema.parse(JSON.parse(json));
}

/** A run that died without finishing is failed after this long without a heartbeat. */
export const STALE_RUN_MINUTES = 10;

/**
 * Asks for a sync: a queued run, or the run already queued or running (one at a time across
 * replicas — a unique index, not a check). Returns the run and whether this call created it.
 */
export async function requestGoogleSync(
  db: Kysely<Database>,
  organizationId: number,
  trigger: 'manual' | 'schedule' | 'cli' | 'startup',
  requestedByUserId: number | null,
): Promise<{ run: SyncRunRow; created: boolean }> {
  await failStaleRuns(db, organizationId, STALE_RUN_MINUTES);
  for (let attempt = 0; attempt < 3; attempt++) {
    const run = await insertQueuedRun(db, organizationId, trigger, requestedByUserId);
    if (run) return { run, created: true };
    const active = await activeRun(db, organizationId);
    if (active) return { run: active, created: false };
  }
  throw new Error('could not queue a sync run');
}

export interface ExecuteDeps {
  vault: Vault;
  /** Builds the Google source from the stored settings (google/clients.ts in production). */
  makeSource: (settings: GoogleSettingsRow, key: ServiceAccountKey) => WorkspaceSource;
  /** How often progress is written (ms). */
  progressIntervalMs?: number;
  /** Sees every progress step (the CLI's progress bar). */
  onProgress?: (phase: Phase, done: number, requestCount: number) => void;
}

/**
 * Runs a queued sync to the end and records the outcome (status, counts, errors, duration, request
 * count) plus one audit row. A run that another worker already claimed is left alone.
 */
export async function executeGoogleSync(
  db: Kysely<Database>,
  deps: ExecuteDeps,
  organizationId: number,
  runId: number,
): Promise<SyncRunRow | undefined> {
  const run = await startRun(db, runId);
  if (!run) return undefined;
  const settings = await findGoogleSettings(db, organizationId);
  let source: WorkspaceSource | undefined;
  let status: 'succeeded' | 'failed' = 'failed';
  let counts: Record<string, PhaseCounts> = {};
  let errors: { phase: Phase | 'run'; message: string }[] = [];
  try {
    if (!settings) throw new Error('Google Workspace is not configured (PUT /settings/google)');
    source = deps.makeSource(settings, openServiceAccountKey(deps.vault, settings));
    const progress: Record<string, number> = {};
    let lastWrite = 0;
    const report = await runSync(db, source, {
      organizationId,
      runId,
      massArchiveThreshold: Number(settings.mass_archive_threshold),
      onProgress: async (phase, done, current) => {
        progress[phase] = done;
        counts = current;
        deps.onProgress?.(phase, done, source?.requestCount() ?? 0);
        const now = Date.now();
        if (now - lastWrite < (deps.progressIntervalMs ?? 1000)) return;
        lastWrite = now;
        await recordProgress(db, runId, {
          phase,
          progress,
          counts: current,
          requestCount: source?.requestCount() ?? 0,
        });
      },
    });
    counts = report.counts;
    errors = report.errors;
    status = report.complete ? 'succeeded' : 'failed';
  } catch (error) {
    errors.push({
      phase: 'run',
      message: error instanceof MassArchiveError || error instanceof Error ? error.message : String(error),
    });
  }
  const finished = await finishRun(db, runId, {
    status,
    counts,
    errors,
    requestCount: source?.requestCount() ?? 0,
  });
  if (settings)
    await updateGoogleSettings(db, settings.id, { last_sync_at: new Date(), last_sync_status: status });
  await db.transaction().execute((trx) =>
    recordAudit(
      trx,
      {
        organizationId,
        actor: run.requested_by_user_id ? { userId: run.requested_by_user_id } : undefined,
        ip: null,
        userAgent: `helios-sync (${run.trigger})`,
      },
      { action: 'sync', entityType: 'sync_run', entityId: runId, newValue: { status, counts, errors } },
    ),
  );
  return finished;
}
