import {
  lifecycleTemplateStepSchema,
  type LifecycleAssignee,
  type LifecycleConditions,
  type LifecycleKind,
  type LifecycleRequestInput,
  type LifecycleTemplateStep,
} from '@helios/shared';
import type { Insertable, Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';
import type { Database, Json, LifecycleTasks } from '../../../core/db/schema.ts';
import { inTransaction } from '../../../core/db/transaction.ts';
import { conflict, validationFailed } from '../../../core/errors.ts';
import {
  displayName,
  findUserByEmail,
  insertUser,
  updateUser,
  type UserRow,
} from '../../../core/queries/users.ts';
import { notify } from '../../notifications/index.ts';
import { findTicket } from '../../tickets/index.ts';
import type { LifecyclePerson } from '../actions/types.ts';
import { conditionMismatch, dueDateOf, stepTime } from '../conditions.ts';
import {
  leastBusyOfRole,
  lifecyclePerson,
  setUserStatus,
  staffIds,
  type RequestPersonData,
} from '../queries/people.ts';
import {
  insertRequest,
  kindOf,
  lockRequest,
  OPEN_REQUEST_STATUSES,
  openRequestOf,
  requestTypeOf,
  updateRequest,
  type UserRequestRow,
} from '../queries/requests.ts';
import {
  cancelOpenSteps,
  insertRun,
  insertSteps,
  stepsOf,
  updateStep,
  type StepRow,
} from '../queries/steps.ts';
import { findTemplate } from '../queries/templates.ts';
import type { LifecycleDeps } from './deps.ts';
import { settleRequest } from './settle.ts';

/** The notification type of everything the lifecycle tells people (one channel choice for all). */
export const LIFECYCLE_NOTIFICATION = 'lifecycle_task';

const requestUrl = (id: number) => `/lifecycle/requests/${id}`;

const field = (path: string, message: string) => validationFailed(`${path}: ${message}`, [{ path, message }]);

/** What user_requests.data keeps for the engine (the joiner's form beyond their user row). */
const requestDataSchema = z
  .object({
    orgUnitPath: z.string().optional(),
    employeeType: z.string().optional(),
    personalEmail: z.string().optional(),
  })
  .loose();

export const requestDataOf = (row: Pick<UserRequestRow, 'data'>): RequestPersonData => {
  const parsed = requestDataSchema.safeParse(row.data);
  return parsed.success ? parsed.data : {};
};

export const effectiveAtOf = (row: Pick<UserRequestRow, 'effective_at' | 'created_at'>): Date =>
  row.effective_at ?? row.created_at;

const personName = (u: Pick<UserRow, 'first_name' | 'last_name' | 'email'>) => displayName(u);

function stepRows(requestId: number, steps: LifecycleTemplateStep[]): Insertable<LifecycleTasks>[] {
  return steps.map((step, i) => ({
    user_request_id: requestId,
    step_key: step.key,
    title: step.name,
    description: step.kind === 'task' ? (step.description ?? null) : null,
    task_type:
      step.kind === 'task' ? 'manual' : step.action.startsWith('google.') ? 'google_action' : 'helios_action',
    action_type: step.kind === 'action' ? step.action : null,
    params: JSON.stringify(step.kind === 'action' ? step.params : {}),
    offset_days: step.offsetDays,
    conditions: step.conditions ? JSON.stringify(step.conditions) : null,
    assignee: step.kind === 'task' ? JSON.stringify(step.assignee) : null,
    sort_order: i,
    status: 'pending',
  }));
}

/**
 * Files a joiner or leaver request (waiting for approval; nothing acts yet). Onboarding: the
 * person must not exist yet — except as the pending person an earlier request left — and becomes
 * a pending organization_users row in the same transaction (the later sync matches the new Google
 * account to it by email). Offboarding: an existing active person; nothing about them changes
 * until approval. The template's steps are copied onto the request, so editing the template later
 * changes no request already filed.
 */
export async function createRequest(
  deps: LifecycleDeps,
  ctx: AuditContext,
  input: LifecycleRequestInput,
): Promise<UserRequestRow> {
  const { db, organizationId } = deps;
  const template = await findTemplate(db, organizationId, input.templateId);
  if (!template || template.kind !== input.kind || !template.is_active)
    throw field('templateId', `no active ${input.kind} template with id ${input.templateId}`);
  const steps = z.array(lifecycleTemplateStepSchema).parse(template.steps);
  if (input.ticketId !== undefined && !(await findTicket(db, organizationId, input.ticketId)))
    throw field('ticketId', `no ticket with id ${input.ticketId}`);
  const existing = await findUserByEmail(db, organizationId, input.personEmail);

  if (input.kind === 'onboarding') {
    const person = input.person;
    if (!person) throw field('person', 'required for onboarding (at least firstName and lastName)');
    if (existing && existing.user_status !== 'pending')
      throw conflict(`${input.personEmail} already exists in Helios (${existing.user_status})`);
    let managerId: number | null = null;
    if (person.managerEmail) {
      const manager = await findUserByEmail(db, organizationId, person.managerEmail);
      if (!manager) throw field('person.managerEmail', `no person with the email ${person.managerEmail}`);
      managerId = manager.id;
    }
    return inTransaction(db, async (trx) => {
      const values = {
        first_name: person.firstName,
        last_name: person.lastName,
        title: person.title ?? null,
        department: person.department ?? null,
        manager_id: managerId,
        google_workspace_ou: person.orgUnitPath ?? null,
      };
      const user = existing
        ? await updateUser(trx, existing.id, values)
        : await insertUser(trx, {
            organization_id: organizationId,
            email: input.personEmail.toLowerCase(),
            role: 'user',
            user_status: 'pending',
            ...values,
          });
      if (!existing) {
        await recordAudit(trx, ctx, {
          action: 'create',
          entityType: 'user',
          entityId: user.id,
          description: 'Pending joiner, created with an onboarding request',
          newValue: { email: user.email, userStatus: 'pending' },
        });
      }
      const data: RequestPersonData = {
        ...(person.orgUnitPath ? { orgUnitPath: person.orgUnitPath } : {}),
        ...(person.employeeType ? { employeeType: person.employeeType } : {}),
        ...(person.personalEmail ? { personalEmail: person.personalEmail } : {}),
      };
      return fileRequest(trx, deps, ctx, input, template.id, user, steps, data);
    });
  }

  if (!existing) throw field('personEmail', `no person with the email ${input.personEmail}`);
  if (existing.user_status !== 'active')
    throw conflict(`${existing.email} is ${existing.user_status}, not active: there is nobody to offboard`);
  return inTransaction(db, (trx) => fileRequest(trx, deps, ctx, input, template.id, existing, steps, {}));
}

async function fileRequest(
  trx: Kysely<Database>,
  deps: LifecycleDeps,
  ctx: AuditContext,
  input: LifecycleRequestInput,
  templateId: number,
  person: UserRow,
  steps: LifecycleTemplateStep[],
  data: RequestPersonData,
): Promise<UserRequestRow> {
  if (await openRequestOf(trx, person.id, input.kind))
    throw conflict(`${person.email} already has an open ${input.kind} request`);
  const effectiveAt = new Date(input.effectiveAt);
  const request = await insertRequest(trx, {
    organization_id: deps.organizationId,
    request_type: requestTypeOf(input.kind),
    status: 'pending',
    subject_user_id: person.id,
    email: person.email,
    first_name: person.first_name,
    last_name: person.last_name,
    title: person.title,
    manager_id: person.manager_id,
    effective_at: effectiveAt,
    ...(input.kind === 'onboarding'
      ? { start_date: effectiveAt.toISOString().slice(0, 10), onboarding_template_id: templateId }
      : { end_date: effectiveAt.toISOString().slice(0, 10), offboarding_template_id: templateId }),
    ticket_id: input.ticketId ?? null,
    requested_by_user_id: ctx.actor?.userId ?? null,
    data: JSON.stringify(data),
    notes: input.notes ?? null,
  });
  await insertSteps(trx, stepRows(request.id, steps));
  await recordAudit(trx, ctx, {
    action: 'create',
    entityType: 'lifecycle_request',
    entityId: request.id,
    description: `${input.kind} of ${person.email}`,
    newValue: { kind: input.kind, personEmail: person.email, templateId, effectiveAt, steps: steps.length },
  });
  await notify(trx, deps.organizationId, await staffIds(trx, deps.organizationId), ctx.actor?.userId, {
    type: LIFECYCLE_NOTIFICATION,
    message: `${input.kind === 'onboarding' ? 'Onboarding' : 'Offboarding'} of ${personName(person)} waits for approval`,
    entityType: 'lifecycle_request',
    entityId: request.id,
    actionUrl: requestUrl(request.id),
    email: { requestId: request.id },
  });
  return request;
}

/** Who a task goes to: a role's least busy member, the person's manager, or one person. */
export async function resolveAssignee(
  db: Kysely<Database>,
  organizationId: number,
  assignee: LifecycleAssignee,
  person: LifecyclePerson,
  fallbackUserId: number | null,
): Promise<number | null> {
  if (assignee.kind === 'user') {
    const user = await findUserByEmail(db, organizationId, assignee.email);
    if (user) return user.id;
  } else if (assignee.kind === 'manager') {
    if (person.manager) return person.manager.id;
  } else {
    const id = await leastBusyOfRole(db, organizationId, assignee.role);
    if (id !== undefined) return id;
  }
  // Nobody matches (no manager on file, an address that left): the requester takes it, so no task is orphaned.
  return fallbackUserId;
}

const conditionsOf = (step: StepRow): LifecycleConditions | null =>
  (step.conditions as LifecycleConditions | null) ?? null;
const assigneeOf = (step: StepRow): LifecycleAssignee | null =>
  (step.assignee as LifecycleAssignee | null) ?? null;

/** The person of a request as actions and conditions see them (404-safe: undefined when gone). */
export async function personOf(
  db: Kysely<Database>,
  request: UserRequestRow,
): Promise<LifecyclePerson | undefined> {
  if (request.subject_user_id === null) return undefined;
  return lifecyclePerson(db, request.subject_user_id, requestDataOf(request));
}

/**
 * Approves a pending request: each step gets its time (effectiveAt + offsetDays), steps whose
 * conditions do not match the person are skipped with the reason, automatic steps are scheduled
 * (scheduled_user_actions), tasks are assigned and their assignees notified. An offboarding
 * person becomes `offboarding`. The worker is woken to run what is due already.
 */
export async function approveRequest(
  deps: LifecycleDeps,
  ctx: AuditContext,
  requestId: number,
): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const request = await lockRequest(trx, deps.organizationId, requestId);
    if (!request) throw conflict('No such request');
    if (request.status !== 'pending')
      throw conflict(`The request is ${request.status}; only a pending request can be approved`);
    const person = await personOf(trx, request);
    if (!person) throw conflict('The person of this request no longer exists');
    const kind = kindOf(request.request_type);
    const effectiveAt = effectiveAtOf(request);
    const now = deps.now();
    const approver = ctx.actor?.userId ?? null;
    for (const step of await stepsOf(trx, request.id)) {
      if (step.status !== 'pending') continue; // skipped by someone before approval
      const reason = conditionMismatch(conditionsOf(step), person);
      if (reason !== null) {
        await updateStep(trx, step.id, {
          status: 'skipped',
          result: JSON.stringify({ skippedReason: reason }),
          completed_at: now,
        });
        continue;
      }
      if (step.action_type !== null) {
        await updateStep(trx, step.id, { status: 'scheduled' });
        await insertRun(trx, {
          target_user_id: person.id,
          user_request_id: request.id,
          lifecycle_task_id: step.id,
          action_type: step.action_type,
          payload: JSON.stringify(step.params),
          scheduled_for: stepTime(effectiveAt, step.offset_days),
          status: 'scheduled',
          created_by_user_id: approver,
        });
      } else {
        const spec = assigneeOf(step);
        const assigneeId = spec
          ? await resolveAssignee(trx, deps.organizationId, spec, person, request.requested_by_user_id)
          : request.requested_by_user_id;
        await updateStep(trx, step.id, {
          assignee_user_id: assigneeId,
          due_date: dueDateOf(effectiveAt, step.offset_days),
        });
        await notifyTask(trx, deps.organizationId, assigneeId, approver, step.id, step.title, kind, person);
      }
    }
    await updateRequest(trx, request.id, {
      status: 'approved',
      approved_by_user_id: approver,
      approved_at: now,
    });
    if (kind === 'offboarding') await setUserStatus(trx, person.id, 'offboarding');
    await recordAudit(trx, ctx, {
      action: 'approve',
      entityType: 'lifecycle_request',
      entityId: request.id,
      oldValue: { status: 'pending' },
      newValue: { status: 'approved' },
    });
    await settleRequest(trx, ctx, request.id, now);
  });
  await deps.wake();
}

export async function notifyTask(
  trx: Kysely<Database>,
  organizationId: number,
  assigneeId: number | null,
  exceptUserId: number | null,
  stepId: number,
  title: string,
  kind: LifecycleKind,
  person: Pick<LifecyclePerson, 'email' | 'firstName' | 'lastName'>,
): Promise<void> {
  if (assigneeId === null) return;
  const name = [person.firstName, person.lastName].filter(Boolean).join(' ') || person.email;
  await notify(trx, organizationId, [assigneeId], exceptUserId ?? undefined, {
    type: LIFECYCLE_NOTIFICATION,
    message: `Task for the ${kind} of ${name}: ${title}`,
    entityType: 'lifecycle_task',
    entityId: stepId,
    actionUrl: '/lifecycle/tasks',
    email: { taskId: stepId },
  });
}

export async function rejectRequest(
  deps: LifecycleDeps,
  ctx: AuditContext,
  requestId: number,
  note?: string,
): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const request = await lockRequest(trx, deps.organizationId, requestId);
    if (!request) throw conflict('No such request');
    if (request.status !== 'pending')
      throw conflict(`The request is ${request.status}; only a pending request can be rejected`);
    await updateRequest(trx, request.id, { status: 'rejected' });
    await cancelOpenSteps(trx, request.id);
    await recordAudit(trx, ctx, {
      action: 'reject',
      entityType: 'lifecycle_request',
      entityId: request.id,
      oldValue: { status: 'pending' },
      newValue: { status: 'rejected', ...(note ? { note } : {}) },
    });
  });
}

/**
 * Stops what has not run yet: waiting and failed steps are cancelled, open tasks too. Never undoes
 * what already ran (a step running right now finishes). An offboarding person still `offboarding`
 * is active again.
 */
export async function cancelRequest(
  deps: LifecycleDeps,
  ctx: AuditContext,
  requestId: number,
): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    const request = await lockRequest(trx, deps.organizationId, requestId);
    if (!request) throw conflict('No such request');
    if (!(OPEN_REQUEST_STATUSES as readonly string[]).includes(request.status))
      throw conflict(`The request is ${request.status}; it cannot be cancelled`);
    await updateRequest(trx, request.id, { status: 'cancelled' });
    const stopped = await cancelOpenSteps(trx, request.id);
    if (
      request.request_type === 'offboard' &&
      request.subject_user_id !== null &&
      request.status !== 'pending'
    ) {
      const person = await personOf(trx, request);
      if (person) {
        const row = await findUserByEmail(trx, deps.organizationId, person.email);
        if (row?.user_status === 'offboarding') await setUserStatus(trx, person.id, 'active');
      }
    }
    await recordAudit(trx, ctx, {
      action: 'cancel',
      entityType: 'lifecycle_request',
      entityId: request.id,
      oldValue: { status: request.status },
      newValue: { status: 'cancelled', stoppedSteps: stopped },
    });
  });
}

/** The JSON of a step's note in its output (who did it by hand, and why). */
export const manualOutput = (by: number | undefined, note: string | undefined): Json => ({
  ...(by !== undefined ? { byUserId: by } : {}),
  ...(note ? { note } : {}),
});
