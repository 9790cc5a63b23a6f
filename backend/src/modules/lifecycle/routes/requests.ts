import {
  idParamsSchema,
  idSchema,
  lifecycleDryRunSchema,
  lifecycleRequestInputSchema,
  lifecycleRequestListQuerySchema,
  lifecycleRequestSchema,
  lifecycleTaskPatchSchema,
} from '@helios/shared';
import { z } from 'zod';
import type { Actor } from '../../../core/auth/actor.ts';
import { forbidden, notFound } from '../../../core/errors.ts';
import { auditContextOf } from '../../../core/http/context.ts';
import { decodeCursor, idCursorSchema, idPage } from '../../../core/http/cursor.ts';
import { created, defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { LifecycleDeps } from '../commands/deps.ts';
import { dryRun } from '../commands/dry-run.ts';
import { approveRequest, cancelRequest, createRequest, rejectRequest } from '../commands/requests.ts';
import { patchStep } from '../commands/steps.ts';
import { canRequest, type RequestAction } from '../policies/lifecycle.ts';
import { presentRequest } from '../presenters/lifecycle.ts';
import { findRequest, listRequests, progressOf, type RequestRow } from '../queries/requests.ts';
import { findStep, stepsOf } from '../queries/steps.ts';

const tag = 'lifecycle';

const stepParamsSchema = z.object({ id: idSchema, stepId: idSchema }).strict();

/** Requests are staff's: to anyone else they do not exist (404); a staff member refused is 403. */
function authorize(actor: Actor, action: RequestAction, record?: RequestRow): void {
  if (!canRequest(actor, 'read')) throw notFound('No such request');
  if (!canRequest(actor, action, record ? { requestedByUserId: record.requested_by_user_id } : undefined))
    throw forbidden(
      action === 'approve' || action === 'reject'
        ? 'A manager may not approve or reject a request they filed themselves'
        : 'You may not do this with lifecycle requests',
    );
}

/** `/lifecycle/requests`: joiners and leavers, their approval, dry run, steps and cancellation. */
export function requestRoutes(deps: LifecycleDeps): RouteSpec[] {
  const { db, organizationId } = deps;
  const load = async (id: number) => {
    const row = await findRequest(db, organizationId, id);
    if (!row) throw notFound('No such request');
    return row;
  };
  const full = async (id: number, actor: Actor) => {
    const row = await load(id);
    const steps = await stepsOf(db, id);
    return presentRequest(row, steps, (await progressOf(db, [id])).get(id), actor);
  };
  const transition = (
    path: 'approve' | 'reject' | 'cancel',
    summary: string,
    run: typeof approveRequest,
  ): RouteSpec =>
    defineRoute({
      method: 'post',
      path: `/lifecycle/requests/:id/${path}`,
      tag,
      summary,
      params: idParamsSchema,
      responses: { 200: { description: 'The request now', data: lifecycleRequestSchema } },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, params }) {
        const row = await load(params.id);
        authorize(actor, path, row);
        await run(deps, auditContextOf(req), row.id);
        return ok(await full(row.id, actor));
      },
    });

  return [
    defineRoute({
      method: 'get',
      path: '/lifecycle/requests',
      tag,
      summary: 'Onboarding and offboarding requests, newest first (default: open ones)',
      query: lifecycleRequestListQuerySchema,
      responses: { 200: { description: 'The requests (steps left out: [])', page: lifecycleRequestSchema } },
      errors: [400, 401, 404],
      async handle({ actor, query }) {
        authorize(actor, 'read');
        const after = decodeCursor(idCursorSchema, query.cursor);
        const rows = await listRequests(db, organizationId, {
          kind: query.kind,
          status: query.status,
          personEmail: query.personEmail,
          afterId: after?.id,
          limit: query.limit,
        });
        const progress = await progressOf(
          db,
          rows.map((r) => r.id),
        );
        return idPage(rows, query.limit, (r) => presentRequest(r, [], progress.get(r.id), actor));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/lifecycle/requests',
      tag,
      summary:
        'File a joiner (the account to create) or leaver (an active person) request; it waits for approval',
      body: lifecycleRequestInputSchema,
      responses: { 201: { description: 'Filed', data: lifecycleRequestSchema } },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, body }) {
        authorize(actor, 'create');
        const row = await createRequest(deps, auditContextOf(req), body);
        return created(await full(row.id, actor));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/lifecycle/requests/:id',
      tag,
      summary: 'One request with its steps (status, time, output, error)',
      params: idParamsSchema,
      responses: { 200: { description: 'The request', data: lifecycleRequestSchema } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        authorize(actor, 'read');
        return ok(await full(params.id, actor));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/lifecycle/requests/:id/dry-run',
      tag,
      summary: 'Every call the remaining steps would make, the tasks they would open (nothing is written)',
      params: idParamsSchema,
      responses: { 200: { description: 'The plan', data: lifecycleDryRunSchema } },
      errors: [400, 401, 403, 404],
      async handle({ actor, params }) {
        const row = await load(params.id);
        authorize(actor, 'dryRun', row);
        return ok(await dryRun(deps, row));
      },
    }),
    transition(
      'approve',
      'Approve a pending request: its steps are scheduled and run at their time',
      approveRequest,
    ),
    transition('reject', 'Reject a pending request (nothing runs)', rejectRequest),
    transition(
      'cancel',
      'Cancel a request: what has not run yet never will; nothing done is undone',
      cancelRequest,
    ),
    defineRoute({
      method: 'patch',
      path: '/lifecycle/requests/:id/steps/:stepId',
      tag,
      summary:
        'Steer a step: status pending retries a failed action (or reopens a task), skipped skips it, completed completes a task; assigneeEmail reassigns a task',
      params: stepParamsSchema,
      body: lifecycleTaskPatchSchema,
      responses: { 200: { description: 'The request now', data: lifecycleRequestSchema } },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, params, body }) {
        const row = await load(params.id);
        authorize(actor, 'updateStep', row);
        if (!(await findStep(db, row.id, params.stepId))) throw notFound('No such step');
        await patchStep(deps, auditContextOf(req), row.id, params.stepId, body);
        return ok(await full(row.id, actor));
      },
    }),
  ];
}
