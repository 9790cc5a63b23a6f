import {
  lifecycleTemplateStepSchema,
  type LifecycleRequest,
  type LifecycleStep,
  type LifecycleTask,
  type LifecycleTemplate,
} from '@helios/shared';
import { z } from 'zod';
import type { Actor } from '../../../core/auth/actor.ts';
import type { Json } from '../../../core/db/schema.ts';
import { displayName } from '../../../core/queries/users.ts';
import { canRequest, canTask, canTemplate } from '../policies/lifecycle.ts';
import { kindOf, OPEN_REQUEST_STATUSES, type PersonRef, type RequestRow } from '../queries/requests.ts';
import type { StepRow, TaskRow } from '../queries/steps.ts';
import type { TemplateRow } from '../queries/templates.ts';

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

const ref = (p: PersonRef | null) => (p ? { id: p.id, name: displayName(p), email: p.email } : null);

const steps = z.array(lifecycleTemplateStepSchema);

export function presentTemplate(row: TemplateRow, actor: Actor): LifecycleTemplate {
  const parsed = steps.safeParse(row.steps);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    isActive: row.is_active,
    steps: parsed.success ? parsed.data : [],
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    abilities: { update: canTemplate(actor, 'update'), delete: canTemplate(actor, 'delete') },
  };
}

const objectOrNull = (value: Json | null): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;

const isOpen = (status: string) => (OPEN_REQUEST_STATUSES as readonly string[]).includes(status);

export function presentStep(row: StepRow, request: Pick<RequestRow, 'status'>, actor: Actor): LifecycleStep {
  const isTask = row.action_type === null;
  const open = isOpen(request.status);
  return {
    id: row.id,
    key: row.step_key,
    name: row.title,
    kind: isTask ? 'task' : 'action',
    action: isTask ? null : (row.action_type as LifecycleStep['action']),
    status: row.status as LifecycleStep['status'],
    scheduledFor: iso(row.scheduled_for),
    dueDate: row.due_date,
    assignee: ref(row.assignee_ref),
    attempts: row.attempts,
    startedAt: iso(row.started_at),
    completedAt: iso(row.completed_at),
    output: objectOrNull(row.result),
    error: row.error,
    abilities: {
      retry: open && !isTask && row.status === 'failed' && canRequest(actor, 'updateStep'),
      skip:
        open && ['pending', 'scheduled', 'failed'].includes(row.status) && canRequest(actor, 'updateStep'),
      complete:
        open &&
        request.status !== 'pending' &&
        isTask &&
        row.status === 'pending' &&
        canTask(actor, 'complete', { assigneeUserId: row.assignee_user_id }),
    },
  };
}

export function presentRequest(
  row: RequestRow,
  stepRows: StepRow[],
  progress: { total: number; done: number; failed: number } | undefined,
  actor: Actor,
): LifecycleRequest {
  const facts = { requestedByUserId: row.requested_by_user_id };
  const name = row.person
    ? displayName(row.person)
    : [row.first_name, row.last_name].filter(Boolean).join(' ') || (row.email ?? '');
  const templateId = row.onboarding_template_id ?? row.offboarding_template_id;
  return {
    id: row.id,
    kind: kindOf(row.request_type),
    status: row.status as LifecycleRequest['status'],
    person: { id: row.person?.id ?? null, email: row.person?.email ?? row.email ?? '', name },
    template:
      templateId !== null && row.template_name !== null ? { id: templateId, name: row.template_name } : null,
    effectiveAt: new Date(row.effective_at ?? row.created_at).toISOString(),
    notes: row.notes,
    ticketId: row.ticket_id,
    requestedBy: ref(row.requested_by),
    approvedBy: ref(row.approved_by),
    approvedAt: iso(row.approved_at),
    completedAt: iso(row.completed_at),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    progress: progress ?? { total: 0, done: 0, failed: 0 },
    steps: stepRows.map((s) => presentStep(s, row, actor)),
    abilities: {
      approve: row.status === 'pending' && canRequest(actor, 'approve', facts),
      reject: row.status === 'pending' && canRequest(actor, 'reject', facts),
      cancel: isOpen(row.status) && canRequest(actor, 'cancel', facts),
      dryRun: canRequest(actor, 'dryRun', facts),
    },
  };
}

export function presentTask(row: TaskRow, actor: Actor): LifecycleTask {
  const facts = { assigneeUserId: row.assignee_user_id };
  const open = isOpen(row.request_status);
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status as LifecycleTask['status'],
    dueDate: row.due_date,
    assignee: ref(row.assignee_ref),
    request: {
      id: row.user_request_id,
      kind: kindOf(row.request_kind),
      personEmail: row.person?.email ?? row.request_email ?? '',
      personName: row.person ? displayName(row.person) : (row.request_email ?? ''),
    },
    completedAt: iso(row.completed_at),
    completedBy: ref(row.completed_by_ref),
    abilities: {
      complete: open && row.status === 'pending' && canTask(actor, 'complete', facts),
      reassign: open && canTask(actor, 'reassign', facts),
    },
  };
}
