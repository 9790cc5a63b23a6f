// The step runner. Exactly once, per step:
//  1. claim — one UPDATE moves the step's run (scheduled_user_actions) from scheduled to running
//     with a lease and attempt + 1; of two workers racing, one gets the row (RETURNING), the other
//     none. A run left running past its lease (its process died) can be claimed again.
//  2. act — a Google action runs outside any transaction (each write checks or tolerates what is
//     done, so a second run after a crash changes nothing); a Helios action runs inside step 3's
//     transaction, so its writes and "completed" commit together.
//  3. record — in one transaction: the run is released only if this claim still owns it (status
//     running and the same attempt), the step gets its output or error, an audit row, and the
//     request is settled. A worker whose lease was overtaken records nothing.
import { z } from 'zod';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import { inTransaction } from '../../../core/db/transaction.ts';
import { notify } from '../../notifications/index.ts';
import { ActionFailed } from '../actions/helios.ts';
import {
  GoogleCallError,
  type ActionContext,
  type GoogleAdmin,
  type LifecycleAction,
  type LifecyclePerson,
} from '../actions/types.ts';
import { findRequest, kindOf, type UserRequestRow } from '../queries/requests.ts';
import {
  claimRun,
  dueRuns,
  extendLease,
  findStep,
  releaseRun,
  stepStart,
  updateRun,
  updateStep,
  type StepRow,
} from '../queries/steps.ts';
import type { LifecycleDeps } from './deps.ts';
import { effectiveAtOf, LIFECYCLE_NOTIFICATION, personOf } from './requests.ts';
import { settleRequest } from './settle.ts';

const systemCtx = (organizationId: number): AuditContext => ({
  organizationId,
  actor: undefined,
  ip: null,
  userAgent: 'lifecycle worker',
});

/** Google's access and its granted scopes, opened once per pass and only if a Google step runs. */
class GoogleAccess {
  #admin: Promise<GoogleAdmin | undefined> | undefined;
  #granted = new Map<string, boolean>();
  readonly #open: () => Promise<GoogleAdmin | undefined>;
  constructor(open: () => Promise<GoogleAdmin | undefined>) {
    this.#open = open;
  }
  admin(): Promise<GoogleAdmin | undefined> {
    this.#admin ??= this.#open();
    return this.#admin;
  }
  /** The scopes of `scopes` the service account may not use. */
  async missing(admin: GoogleAdmin, scopes: readonly string[]): Promise<string[]> {
    const unknown = scopes.filter((s) => !this.#granted.has(s));
    if (unknown.length > 0) {
      const granted = await admin.grantedScopes(unknown);
      for (const s of unknown) this.#granted.set(s, granted.has(s));
    }
    return scopes.filter((s) => this.#granted.get(s) !== true);
  }
}

export interface PassResult {
  /** Steps this pass claimed (completed, failed or rescheduled). */
  claimed: number;
  completed: number;
  failed: number;
  retried: number;
}

/**
 * Runs every step due now, in order within each request, until none is due (bounded). Safe to run
 * in any number of workers and replicas at once: each step is claimed by one of them.
 */
export async function runDueSteps(
  deps: LifecycleDeps,
  options: { maxSteps?: number } = {},
): Promise<PassResult> {
  const result: PassResult = { claimed: 0, completed: 0, failed: 0, retried: 0 };
  const google = new GoogleAccess(deps.openGoogle);
  const maxSteps = options.maxSteps ?? 500;
  while (result.claimed < maxSteps) {
    const due = await dueRuns(deps.db, deps.organizationId, deps.now(), 20);
    if (due.length === 0) break;
    let progressed = false;
    for (const { task_id } of due) {
      const outcome = await runStep(deps, google, task_id);
      if (outcome === 'not_claimed') continue;
      progressed = true;
      result.claimed += 1;
      result[outcome] += 1;
    }
    // Everything due was someone else's: they will move it on.
    if (!progressed) break;
  }
  return result;
}

type Outcome = 'completed' | 'failed' | 'retried' | 'not_claimed';

/** Why a step cannot run at all (it fails at once, no call made). */
class StepRefused extends Error {
  override name = 'StepRefused';
}

/**
 * Claims a step for this worker (step 1 above): its run moves to running under a lease, the step
 * shows running, the request is under way. Undefined when another worker has it.
 */
export async function claimStep(
  deps: LifecycleDeps,
  taskId: number,
  now: Date,
): Promise<{ attempt: number; requestId: number } | undefined> {
  return inTransaction(deps.db, async (trx) => {
    const attempt = await claimRun(trx, taskId, now, new Date(now.getTime() + deps.engine.leaseMs));
    if (attempt === undefined) return undefined;
    await updateStep(trx, taskId, { status: 'running', error: null });
    const step = await stepStart(trx, taskId);
    if (step.started_at === null) await updateStep(trx, taskId, { started_at: now });
    await settleRequest(trx, systemCtx(deps.organizationId), step.user_request_id, now);
    return { attempt, requestId: step.user_request_id };
  });
}

async function runStep(deps: LifecycleDeps, google: GoogleAccess, taskId: number): Promise<Outcome> {
  const now = deps.now();
  const claimed = await claimStep(deps, taskId, now);
  if (!claimed) return 'not_claimed';
  const { attempt, requestId } = claimed;

  let step: StepRow | undefined;
  let request: UserRequestRow | undefined;
  try {
    request = await findRequest(deps.db, deps.organizationId, requestId);
    step = await findStep(deps.db, requestId, taskId);
    if (!request || !step || step.action_type === null)
      throw new StepRefused('The step or its request is gone');
    const action = deps.actions.get(step.action_type as LifecycleAction['type']);
    if (!action) throw new StepRefused(`${step.action_type} is not available in this version of Helios`);
    const params = action.params.safeParse(step.params);
    if (!params.success) throw new StepRefused(`Invalid parameters: ${z.prettifyError(params.error)}`);
    const person = await personOf(deps.db, request);
    if (!person) throw new StepRefused('The person of this request no longer exists');

    let admin: GoogleAdmin | undefined;
    if (action.provider === 'google') {
      admin = await google.admin();
      if (!admin)
        throw new StepRefused('Google Workspace is not connected (Settings → Google): nothing was sent');
      const missing = await google.missing(admin, action.scopes);
      if (missing.length > 0)
        throw new StepRefused(
          `The service account may not use ${missing.join(', ')}: grant ${missing.length > 1 ? 'them' : 'it'} in the Google Admin console (Security → API controls → Domain-wide delegation), then retry. No call was made.`,
        );
    } else {
      admin = await google.admin().catch(() => undefined);
    }

    const ctxOf = (db: Kysely<Database>): ActionContext<Record<string, unknown>> => ({
      db,
      logger: deps.logger,
      organizationId: deps.organizationId,
      now,
      request: {
        id: requestId,
        kind: kindOf(request?.request_type ?? 'onboard'),
        effectiveAt: effectiveAtOf(request as UserRequestRow),
        requestedByUserId: request?.requested_by_user_id ?? null,
      },
      stepKey: (step as StepRow).step_key,
      person: person as LifecyclePerson,
      // Parsed by this action's own schema just above.
      params: params.data as Record<string, unknown>,
      google: admin,
    });

    if (action.provider === 'google') {
      const { output } = await withHeartbeat(deps, taskId, attempt, () => action.run(ctxOf(deps.db)));
      return (await record(deps, step, attempt, output, now)) ? 'completed' : 'not_claimed';
    }
    const done = await inTransaction(deps.db, async (trx) => {
      // The claim re-checked first: a worker whose lease was overtaken acts on nothing.
      if (!(await releaseRun(trx, taskId, attempt, { status: 'completed' }))) return false;
      const { output } = await action.run(ctxOf(trx));
      await finish(trx, deps, step as StepRow, attempt, output, now);
      return true;
    });
    return done ? 'completed' : 'not_claimed';
  } catch (error) {
    return fail(deps, taskId, requestId, step, attempt, error, now);
  }
}

/**
 * Runs `work` while renewing the claim's lease every third of it, so a long step (a leaver in
 * hundreds of groups) is never taken for a crashed one and run twice at once.
 */
async function withHeartbeat<T>(
  deps: LifecycleDeps,
  taskId: number,
  attempt: number,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(
    () => {
      extendLease(deps.db, taskId, attempt, new Date(deps.now().getTime() + deps.engine.leaseMs)).catch(
        (error: unknown) =>
          deps.logger.warn({ err: error, step: taskId }, 'could not renew a lifecycle lease'),
      );
    },
    Math.max(1000, Math.floor(deps.engine.leaseMs / 3)),
  );
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Records a Google step's success, if this claim still owns the run. */
async function record(
  deps: LifecycleDeps,
  step: StepRow,
  attempt: number,
  output: Record<string, unknown>,
  now: Date,
): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    if (!(await releaseRun(trx, step.id, attempt, { status: 'completed' }))) {
      deps.logger.warn({ step: step.id, attempt }, 'lifecycle step finished after its lease was taken over');
      return false;
    }
    await finish(trx, deps, step, attempt, output, now);
    return true;
  });
}

async function finish(
  trx: Kysely<Database>,
  deps: LifecycleDeps,
  step: StepRow,
  attempt: number,
  output: Record<string, unknown>,
  now: Date,
): Promise<void> {
  const json = JSON.stringify(output);
  await updateRun(trx, step.id, { result: json, error: null });
  await updateStep(trx, step.id, { status: 'completed', result: json, error: null, completed_at: now });
  await recordAudit(trx, systemCtx(deps.organizationId), {
    action: 'lifecycle_action',
    entityType: 'lifecycle_request',
    entityId: step.user_request_id,
    description: `${step.title} (${step.action_type ?? 'task'}): completed`,
    newValue: { step: step.step_key, action: step.action_type, attempt, output },
  });
  await settleRequest(trx, systemCtx(deps.organizationId), step.user_request_id, now);
}

const messageOf = (error: unknown): string => {
  if (error instanceof GoogleCallError)
    return `Google answered ${error.status} ${error.reason}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
};

/**
 * Google's transient errors (429, 5xx, timeouts) and anything unexpected (a lost connection) are
 * retried with backoff up to the attempt limit; Google's definite refusals, a Helios action's own
 * failure and a refused step fail at once.
 */
const isTransient = (error: unknown): boolean =>
  error instanceof GoogleCallError
    ? error.transient
    : !(error instanceof ActionFailed || error instanceof StepRefused || error instanceof z.ZodError);

async function fail(
  deps: LifecycleDeps,
  taskId: number,
  requestId: number,
  step: StepRow | undefined,
  attempt: number,
  error: unknown,
  now: Date,
): Promise<Outcome> {
  const message = messageOf(error).slice(0, 2000);
  const retry = isTransient(error) && attempt < deps.engine.maxAttempts;
  deps.logger.warn({ step: taskId, attempt, retry, err: error }, 'lifecycle step failed');
  return inTransaction(deps.db, async (trx) => {
    if (retry) {
      const at = new Date(now.getTime() + deps.engine.backoffMs(attempt));
      if (
        !(await releaseRun(trx, taskId, attempt, { status: 'scheduled', scheduled_for: at, error: message }))
      )
        return 'not_claimed';
      await updateStep(trx, taskId, {
        status: 'scheduled',
        error: `Attempt ${attempt} failed (${message}); trying again at ${at.toISOString()}`,
      });
      return 'retried';
    }
    if (!(await releaseRun(trx, taskId, attempt, { status: 'failed', error: message }))) return 'not_claimed';
    await updateStep(trx, taskId, { status: 'failed', error: message });
    const ctx = systemCtx(deps.organizationId);
    await recordAudit(trx, ctx, {
      action: 'lifecycle_action_failed',
      entityType: 'lifecycle_request',
      entityId: requestId,
      description: `${step?.title ?? `step ${taskId}`} (${step?.action_type ?? '?'}): failed`,
      newValue: { step: step?.step_key, action: step?.action_type, attempt, error: message },
    });
    await settleRequest(trx, ctx, requestId, now);
    const request = await findRequest(trx, deps.organizationId, requestId);
    if (request) {
      const who = request.person?.email ?? request.email ?? 'someone';
      await notify(
        trx,
        deps.organizationId,
        [request.requested_by_user_id, request.approved_by_user_id],
        undefined,
        {
          type: LIFECYCLE_NOTIFICATION,
          message: `The ${kindOf(request.request_type)} of ${who} stopped: "${step?.title ?? 'a step'}" failed — ${message}`,
          entityType: 'lifecycle_request',
          entityId: requestId,
          actionUrl: `/lifecycle/requests/${requestId}`,
          email: { requestId },
        },
      );
    }
    return 'failed';
  });
}
