import type {
  LifecycleActionType,
  LifecycleAssignee,
  LifecycleConditions,
  LifecycleDryRun,
} from '@helios/shared';
import { z } from 'zod';
import { displayName, findUserById } from '../../../core/queries/users.ts';
import type { ActionContext, GoogleAdmin } from '../actions/types.ts';
import { conditionMismatch, dueDateOf, stepTime } from '../conditions.ts';
import { kindOf, type UserRequestRow } from '../queries/requests.ts';
import { stepsOf } from '../queries/steps.ts';
import type { LifecycleDeps } from './deps.ts';
import { effectiveAtOf, personOf, resolveAssignee } from './requests.ts';

const DONE = new Set(['completed', 'skipped', 'cancelled']);

/**
 * Every call the request's remaining steps would make, in order and at their time, with the tasks
 * it would open and the steps its conditions skip — from each action's plan(), which may read
 * Google and Helios but never writes. Nothing is stored; call it as often as you like. A call whose
 * scope the service account lacks is marked not allowed, and the scope listed as missing.
 */
export async function dryRun(deps: LifecycleDeps, request: UserRequestRow): Promise<LifecycleDryRun> {
  const out: LifecycleDryRun = { calls: [], tasks: [], skipped: [], missingScopes: [] };
  const person = await personOf(deps.db, request);
  if (!person) {
    out.skipped.push({ step: '*', reason: 'The person of this request no longer exists' });
    return out;
  }
  const effectiveAt = effectiveAtOf(request);
  const steps = await stepsOf(deps.db, request.id);
  let google: GoogleAdmin | undefined;
  let granted = new Set<string>();
  const googleScopes = new Set<string>();
  for (const step of steps) {
    const action = step.action_type ? deps.actions.get(step.action_type as LifecycleActionType) : undefined;
    if (action?.provider === 'google') for (const s of action.scopes) googleScopes.add(s);
  }
  if (googleScopes.size > 0) {
    google = await deps.openGoogle();
    if (google) granted = await google.grantedScopes([...googleScopes]);
  }
  const missing = new Set<string>();
  const now = deps.now();

  for (const step of steps) {
    if (DONE.has(step.status)) {
      out.skipped.push({ step: step.step_key, reason: `already ${step.status}` });
      continue;
    }
    const reason = conditionMismatch(step.conditions as LifecycleConditions | null, person);
    if (reason !== null) {
      out.skipped.push({ step: step.step_key, reason });
      continue;
    }
    const at = step.scheduled_for ?? stepTime(effectiveAt, step.offset_days);
    if (step.action_type === null) {
      const assigneeId =
        step.assignee_user_id ??
        (step.assignee
          ? await resolveAssignee(
              deps.db,
              deps.organizationId,
              step.assignee as LifecycleAssignee,
              person,
              request.requested_by_user_id,
            )
          : request.requested_by_user_id);
      const assignee =
        assigneeId === null ? undefined : await findUserById(deps.db, deps.organizationId, assigneeId);
      out.tasks.push({
        step: step.step_key,
        title: step.title,
        assignee: assignee ? { id: assignee.id, name: displayName(assignee), email: assignee.email } : null,
        dueDate: step.due_date ?? dueDateOf(effectiveAt, step.offset_days),
      });
      continue;
    }
    const action = deps.actions.get(step.action_type as LifecycleActionType);
    if (!action) {
      out.skipped.push({
        step: step.step_key,
        reason: `${step.action_type} is not available in this version`,
      });
      continue;
    }
    const params = action.params.safeParse(step.params);
    if (!params.success) {
      out.skipped.push({
        step: step.step_key,
        reason: `invalid parameters: ${z.prettifyError(params.error)}`,
      });
      continue;
    }
    if (action.provider === 'google' && !google) {
      for (const s of action.scopes) missing.add(s);
      out.skipped.push({
        step: step.step_key,
        reason: 'Google Workspace is not connected (Settings → Google): this step would fail',
      });
      continue;
    }
    const ctx: ActionContext<Record<string, unknown>> = {
      db: deps.db,
      logger: deps.logger,
      organizationId: deps.organizationId,
      now,
      request: {
        id: request.id,
        kind: kindOf(request.request_type),
        effectiveAt,
        requestedByUserId: request.requested_by_user_id,
      },
      stepKey: step.step_key,
      person,
      // Parsed by this action's own schema just above.
      params: params.data as Record<string, unknown>,
      google,
    };
    let planned;
    try {
      planned = await action.plan(ctx);
    } catch (error) {
      out.skipped.push({
        step: step.step_key,
        reason: `could not plan: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    for (const call of planned) {
      const lacking = action.provider === 'google' ? call.scopes.filter((s) => !granted.has(s)) : [];
      for (const s of lacking) missing.add(s);
      out.calls.push({
        step: step.step_key,
        stepName: step.title,
        action: action.type,
        at: at.toISOString(),
        method: call.method,
        url: call.url,
        ...(call.body !== undefined ? { body: call.body } : {}),
        description: call.description,
        scopes: [...call.scopes],
        allowed: lacking.length === 0,
      });
    }
  }
  out.missingScopes = [...missing].sort();
  return out;
}
