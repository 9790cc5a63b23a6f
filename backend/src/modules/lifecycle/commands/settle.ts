import type { Kysely } from 'kysely';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';
import type { Database } from '../../../core/db/schema.ts';
import { setUserStatus } from '../queries/people.ts';
import { kindOf, lockRequest, updateRequest } from '../queries/requests.ts';
import { stepStatuses } from '../queries/steps.ts';

const DONE = new Set(['completed', 'skipped']);

/**
 * A request's status from its steps, after any step changed (in that change's transaction): every
 * step completed or skipped → completed (the person becomes active, or offboarded); a step failed
 * → failed (it waits for someone to retry or skip it); something ran → in progress.
 */
export async function settleRequest(
  trx: Kysely<Database>,
  ctx: AuditContext,
  requestId: number,
  now: Date,
): Promise<string | undefined> {
  const request = await lockRequest(trx, ctx.organizationId, requestId);
  if (!request || !['approved', 'in_progress', 'failed'].includes(request.status)) return request?.status;
  const statuses = await stepStatuses(trx, requestId);
  let next = request.status;
  if (statuses.every((s) => DONE.has(s))) next = 'completed';
  else if (statuses.includes('failed')) next = 'failed';
  else if (statuses.some((s) => s === 'running' || s === 'completed' || request.status === 'failed'))
    next = 'in_progress';
  if (next === request.status) return next;
  await updateRequest(trx, requestId, {
    status: next,
    ...(next === 'completed' ? { completed_at: now } : {}),
  });
  if (next === 'completed') {
    if (request.subject_user_id !== null)
      await setUserStatus(
        trx,
        request.subject_user_id,
        kindOf(request.request_type) === 'onboarding' ? 'active' : 'offboarded',
      );
    await recordAudit(trx, ctx, {
      action: 'complete',
      entityType: 'lifecycle_request',
      entityId: requestId,
      oldValue: { status: request.status },
      newValue: { status: 'completed' },
    });
  }
  return next;
}
