import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import type { Logger } from '../../../core/logger.ts';
import type { ActionRegistry } from '../actions/index.ts';
import type { GoogleAdmin } from '../actions/types.ts';

/** How the engine paces itself. */
export interface EngineOptions {
  /** How long a claimed step is its worker's before another may claim it again (a crashed process). */
  leaseMs: number;
  /** Attempts of a step failing transiently (Google 429/5xx, timeouts) before it is marked failed. */
  maxAttempts: number;
  /** Wait before attempt `attempt + 1` after attempt `attempt` failed transiently. */
  backoffMs(attempt: number): number;
}

/** Exponential: 30 s, 1 min, 2 min, 4 min… capped at an hour. */
export const defaultEngineOptions: EngineOptions = {
  leaseMs: 15 * 60_000,
  maxAttempts: 5,
  backoffMs: (attempt) => Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000),
};

/** What the lifecycle's commands and its worker are built with. */
export interface LifecycleDeps {
  db: Kysely<Database>;
  logger: Logger;
  organizationId: number;
  now: () => Date;
  /** The organization's Google write access; undefined when Google is not configured. */
  openGoogle: () => Promise<GoogleAdmin | undefined>;
  actions: ActionRegistry;
  /** Asks a worker to look for due steps now (after an approval, a retry, a finished task). */
  wake: () => Promise<void>;
  engine: EngineOptions;
}
