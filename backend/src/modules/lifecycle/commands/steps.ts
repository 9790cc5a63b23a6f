import type { z } from 'zod';
import type { lifecycleTaskPatchSchema } from '@helios/shared';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';
import { inTransaction } from '../../../core/db/transaction.ts';
import { conflict, validationFailed } from '../../../core/errors.ts';
import { findUserByEmail } from '../../../core/queries/users.ts';
import { kindOf, lockRequest } from '../queries/requests.ts';
import { findStep, updateRun, updateStep } from '../queries/steps.ts';
import type { LifecycleDeps } from './deps.ts';
import { manualOutput, notifyTask, personOf } from './requests.ts';
import { settleRequest } from './settle.ts';

export type StepPatch = z.infer<typeof lifecycleTaskPatchSchema>;

const CLOSED = new Set(['completed', 'cancelled', 'rejected']);

/**
 * Someone steers one step of a request: `pending` retries a failed action (its attempts start
 * over, due now) or reopens a task; `skipped` skips a step that has not run (or failed);
 * `completed` completes a task (actions complete by running); `assigneeEmail` reassigns a task.
 * A change the step's state does not allow is a 409. The request is settled, and the worker woken
 * (the next step may be due).
 */
export async function patchStep(
  deps: LifecycleDeps,
  ctx: AuditContext,
  requestId: number,
  stepId: number,
  patch: StepPatch,
): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const request = await lockRequest(trx, deps.organizationId, requestId);
    const step = request ? await findStep(trx, request.id, stepId) : undefined;
    if (!request || !step) throw conflict('No such step');
    if (CLOSED.has(request.status))
      throw conflict(`The request is ${request.status}; its steps cannot change`);
    const now = deps.now();
    const isTask = step.action_type === null;
    const by = ctx.actor?.userId;

    if (patch.assigneeEmail !== undefined) {
      if (!isTask) throw conflict('Only a task has an assignee');
      const user = await findUserByEmail(trx, deps.organizationId, patch.assigneeEmail);
      if (!user || !user.is_active || user.archived_at !== null)
        throw validationFailed(`assigneeEmail: no active person with the email ${patch.assigneeEmail}`, [
          { path: 'assigneeEmail', message: `no active person with the email ${patch.assigneeEmail}` },
        ]);
      await updateStep(trx, step.id, { assignee_user_id: user.id });
      if (request.status !== 'pending') {
        const person = await personOf(trx, request);
        if (person)
          await notifyTask(
            trx,
            deps.organizationId,
            user.id,
            by ?? null,
            step.id,
            step.title,
            kindOf(request.request_type),
            person,
          );
      }
    }

    if (patch.status === 'pending') {
      if (isTask) {
        if (step.status !== 'completed' && step.status !== 'skipped')
          throw conflict(`The task is ${step.status}, not done`);
        await updateStep(trx, step.id, { status: 'pending', completed_at: null, completed_by_user_id: null });
      } else {
        if (step.status !== 'failed')
          throw conflict(`The step is ${step.status}; only a failed step can be retried`);
        await updateStep(trx, step.id, { status: 'scheduled', error: null });
        await updateRun(trx, step.id, {
          status: 'scheduled',
          scheduled_for: now,
          attempts: 0,
          error: null,
          locked_until: null,
        });
      }
    } else if (patch.status === 'skipped') {
      if (!['pending', 'scheduled', 'failed'].includes(step.status))
        throw conflict(`The step is ${step.status}; only a step that has not run (or failed) can be skipped`);
      await updateStep(trx, step.id, {
        status: 'skipped',
        completed_at: now,
        completed_by_user_id: by ?? null,
        result: JSON.stringify(manualOutput(by, patch.note)),
      });
      if (!isTask) await updateRun(trx, step.id, { status: 'skipped', locked_until: null });
    } else if (patch.status === 'completed') {
      if (!isTask) throw conflict('An automatic step completes by running; retry or skip it');
      if (request.status === 'pending') throw conflict('The request is not approved yet');
      if (step.status !== 'pending') throw conflict(`The task is ${step.status}`);
      await updateStep(trx, step.id, {
        status: 'completed',
        completed_at: now,
        completed_by_user_id: by ?? null,
        result: JSON.stringify(manualOutput(by, patch.note)),
      });
    }

    await recordAudit(trx, ctx, {
      action: 'update',
      entityType: 'lifecycle_step',
      entityId: step.id,
      description: `${step.title} of request ${request.id}`,
      oldValue: { status: step.status, assigneeUserId: step.assignee_user_id },
      newValue: { ...patch },
    });
    await settleRequest(trx, ctx, request.id, now);
  });
  await deps.wake();
}
