import type { Kysely } from 'kysely';
import type { Database } from './db/schema.ts';
import type { Logger } from './logger.ts';

/** What route groups receive from the app factory. */
export interface RouteDeps {
  db: Kysely<Database>;
  logger: Logger;
  /** HELIOS_DATA_DIR: uploaded files live under it. */
  dataDir: string;
  /** Key-encryption keys (base64, 32 bytes): `current` encrypts; `previous` still decrypt during rotation. */
  encryptionKeys: { current: string; previous: string[] };
  /**
   * Hands a queued Google sync run to the job queue (undefined when this process runs no jobs:
   * the run then waits for the next scheduled check on a replica that does).
   */
  enqueueGoogleSync?: (runId: number) => Promise<void>;
}
