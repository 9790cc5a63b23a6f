import {
  idParamsSchema,
  lifecycleScopeSchema,
  lifecycleTaskListQuerySchema,
  lifecycleTaskPatchSchema,
  lifecycleTaskSchema,
  type LifecycleActionType,
} from '@helios/shared';
import { forbidden, notFound } from '../../../core/errors.ts';
import { auditContextOf } from '../../../core/http/context.ts';
import { decodeCursor, idCursorSchema, idPage } from '../../../core/http/cursor.ts';
import { defineRoute, ok, page, type RouteSpec } from '../../../core/http/route.ts';
import type { LifecycleDeps } from '../commands/deps.ts';
import { patchStep } from '../commands/steps.ts';
import { canListAllTasks, canReadScopes, canTask } from '../policies/lifecycle.ts';
import { presentTask } from '../presenters/lifecycle.ts';
import { findTask, listTasks } from '../queries/steps.ts';

const tag = 'lifecycle';

/** `/lifecycle/tasks`: the manual steps of approved requests, for whoever they are assigned to. */
export function taskRoutes(deps: LifecycleDeps): RouteSpec[] {
  const { db, organizationId } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/lifecycle/tasks',
      tag,
      summary: 'Lifecycle tasks: mine (default) or anyone’s (staff), open by default',
      query: lifecycleTaskListQuerySchema,
      responses: { 200: { description: 'The tasks, newest first', page: lifecycleTaskSchema } },
      errors: [400, 401, 403],
      async handle({ actor, query }) {
        if (query.assignedTo === 'anyone' && !canListAllTasks(actor))
          throw forbidden('Only IT staff see everyone’s lifecycle tasks');
        const after = decodeCursor(idCursorSchema, query.cursor);
        const rows = await listTasks(db, organizationId, {
          assigneeUserId: query.assignedTo === 'me' ? actor.userId : undefined,
          status: query.status,
          afterId: after?.id,
          limit: query.limit,
        });
        return idPage(rows, query.limit, (r) => presentTask(r, actor));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/lifecycle/tasks/:id',
      tag,
      summary: 'Complete, skip or reopen a task (its assignee or staff); reassign it (staff)',
      params: idParamsSchema,
      body: lifecycleTaskPatchSchema,
      responses: { 200: { description: 'The task now', data: lifecycleTaskSchema } },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, params, body }) {
        const task = await findTask(db, organizationId, params.id);
        const facts = { assigneeUserId: task?.assignee_user_id ?? null };
        if (!task || !canTask(actor, 'read', facts)) throw notFound('No such task');
        if (body.assigneeEmail !== undefined && !canTask(actor, 'reassign', facts))
          throw forbidden('Only IT staff may reassign a task');
        await patchStep(deps, auditContextOf(req), task.user_request_id, task.id, body);
        const now = await findTask(db, organizationId, task.id);
        if (!now) throw notFound('No such task');
        return ok(presentTask(now, actor));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/lifecycle/scopes',
      tag,
      summary:
        'Each Google scope the lifecycle actions need, and whether the service account has it (null: Google not configured)',
      responses: { 200: { description: 'The scopes', page: lifecycleScopeSchema } },
      errors: [401, 403],
      async handle({ actor }) {
        if (!canReadScopes(actor)) throw forbidden('Only IT staff see the lifecycle scopes');
        const byScope = new Map<string, LifecycleActionType[]>();
        for (const action of deps.actions.all()) {
          if (action.provider !== 'google') continue;
          for (const scope of action.scopes) byScope.set(scope, [...(byScope.get(scope) ?? []), action.type]);
        }
        const google = await deps.openGoogle();
        const granted = google ? await google.grantedScopes([...byScope.keys()]) : undefined;
        return page(
          [...byScope.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([scope, actions]) => ({ scope, granted: granted ? granted.has(scope) : null, actions })),
          null,
        );
      },
    }),
  ];
}
