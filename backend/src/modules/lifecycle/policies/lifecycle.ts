// Who may do what with onboarding and offboarding (rbac.md: IT staff run the lifecycle; admins own
// its templates). Each function looks at the record; the state a record is in (already approved,
// cancelled) is not a permission but a conflict, decided by the commands (409), and folded into
// the per-record abilities only so clients hide what would be refused.
import { isAdmin, isStaff, type Actor } from '../../../core/auth/actor.ts';

export type TemplateAction = 'read' | 'create' | 'update' | 'delete';

/** Staff read templates (to pick one for a request); admins write them. */
export function canTemplate(actor: Actor, action: TemplateAction): boolean {
  return action === 'read' ? isStaff(actor) : isAdmin(actor);
}

export type RequestAction = 'read' | 'create' | 'approve' | 'reject' | 'cancel' | 'dryRun' | 'updateStep';

export interface RequestFacts {
  requestedByUserId: number | null;
}

/**
 * Staff file, read, dry-run, cancel and steer requests. Approval is four-eyes for managers: a
 * manager may not approve (or reject) a request they filed themselves; an admin may, so a one-admin
 * organization is never stuck.
 */
export function canRequest(actor: Actor, action: RequestAction, record?: RequestFacts): boolean {
  if (!isStaff(actor)) return false;
  if ((action === 'approve' || action === 'reject') && record && !isAdmin(actor))
    return record.requestedByUserId !== actor.userId;
  return true;
}

export type TaskAction = 'read' | 'complete' | 'reassign';

export interface TaskFacts {
  assigneeUserId: number | null;
}

/** A task is its assignee's to read and complete (whatever their role); staff may do anything with it. */
export function canTask(actor: Actor, action: TaskAction, record: TaskFacts): boolean {
  if (isStaff(actor)) return true;
  return action !== 'reassign' && record.assigneeUserId === actor.userId;
}

/** Listing every task (not only one's own) is for staff. */
export const canListAllTasks = (actor: Actor): boolean => isStaff(actor);

/** The settings page's scope check. */
export const canReadScopes = (actor: Actor): boolean => isStaff(actor);
