import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { createIdTokenVerifier } from './core/auth/google-id-token.ts';
import { createVault } from './core/crypto/vault.ts';
import type { Database } from './core/db/schema.ts';
import type { Logger } from './core/logger.ts';
import type { AddonPreviewDeps, JobQueue, ModuleContext, Registry } from './core/module.ts';
import { diskFileStorage } from './core/storage/disk.ts';
import type { FileStorage } from './core/storage/file-storage.ts';
import { registry as defaultRegistry } from './modules/index.ts';

/** What the composition roots (server, CLI, tests, benches) know, from which modules get their context. */
export interface ContextDeps {
  db: Kysely<Database>;
  /** The pool under `db` (rate-limit counters use it directly). */
  pool: pg.Pool;
  logger: Logger;
  /** The installation's organization (created at first start). */
  organizationId: number;
  identity: ModuleContext['identity'];
  /** HELIOS_DATA_DIR (uploaded files). */
  dataDir: string;
  /** Key-encryption keys for secrets at rest (read on every use: a rotation takes effect at once). */
  encryptionKeys: { current: string; previous: string[] };
  /** The job queue when this process runs jobs; otherwise work waits for a replica that does. */
  jobs?: JobQueue;
  storage?: FileStorage;
  now?: () => Date;
  registry?: Registry;
  /** The add-on preview's ID-token issuer (the demo's simulator); absent → the preview is off. */
  addonPreview?: AddonPreviewDeps;
}

/** A queue that drops work: the scheduled checks on a replica with jobs pick it up. */
const noJobs: JobQueue = { send: async () => {} };

export function moduleContext(deps: ContextDeps): ModuleContext {
  return {
    db: deps.db,
    logger: deps.logger,
    organizationId: deps.organizationId,
    dataDir: deps.dataDir,
    vault: createVault({ encryptionKeys: deps.encryptionKeys, dataDir: deps.dataDir }),
    storage: deps.storage ?? diskFileStorage(join(deps.dataDir, 'files')),
    identity: deps.identity,
    idTokens: createIdTokenVerifier({
      audiences: deps.identity.audiences,
      orgDomain: deps.identity.orgDomain,
      apiOrigin: deps.identity.googleApiOrigin,
    }),
    jobs: deps.jobs ?? noJobs,
    registry: deps.registry ?? defaultRegistry,
    now: deps.now ?? (() => new Date()),
    addonPreview: deps.addonPreview,
  };
}
