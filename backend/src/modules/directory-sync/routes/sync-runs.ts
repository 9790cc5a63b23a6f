import { idParamsSchema, syncRunListQuerySchema, syncRunSchema, syncStartSchema } from '@helios/shared';
import { canAdmin } from '../../../core/auth/admin.ts';
import { forbidden, notFound } from '../../../core/errors.ts';
import { decodeCursor, idCursorSchema, idPage } from '../../../core/http/cursor.ts';
import { accepted, defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { requestSync } from '../commands/sync-runs.ts';
import type { DirectoryProvider } from '../engine/provider.ts';
import { enqueueRun } from '../jobs/sync.ts';
import { presentSyncRun } from '../presenters/sync-runs.ts';
import { findRun, listRuns } from '../queries/sync-runs.ts';

/** Admin-only: start a provider's sync (`POST /sync/<provider>`), and the runs of every provider. */
export function syncRunRoutes(ctx: ModuleContext, providers: readonly DirectoryProvider[]): RouteSpec[] {
  const { db } = ctx;
  return [
    ...providers.map((provider) =>
      defineRoute({
        method: 'post',
        path: `/sync/${provider.name}`,
        tag: 'directory-sync',
        summary: `Queue a ${provider.label} sync (one at a time: a second request gets the running one)`,
        responses: { 202: { description: 'Accepted', data: syncStartSchema } },
        errors: [401, 403, 404],
        async handle({ actor }) {
          if (!canAdmin(actor, 'sync')) throw forbidden();
          if (!(await provider.connection(db, actor.organizationId)))
            throw notFound(`${provider.label} is not configured: PUT ${provider.settingsPath} first`);
          const { run, created } = await requestSync(
            db,
            actor.organizationId,
            provider,
            'manual',
            actor.userId,
          );
          if (created) await enqueueRun(ctx.jobs, provider.name, run.id);
          return accepted({ runId: run.id, status: run.status, alreadyRunning: !created });
        },
      }),
    ),
    defineRoute({
      method: 'get',
      path: '/sync/runs',
      tag: 'directory-sync',
      summary: 'Sync runs of every provider, newest first',
      query: syncRunListQuerySchema,
      responses: { 200: { description: 'A page', page: syncRunSchema } },
      errors: [400, 401, 403],
      async handle({ actor, query }) {
        if (!canAdmin(actor, 'sync')) throw forbidden();
        const cursor = decodeCursor(idCursorSchema, query.cursor);
        const rows = await listRuns(db, actor.organizationId, cursor?.id, query.limit + 1);
        return idPage(rows, query.limit, presentSyncRun);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/sync/runs/:id',
      tag: 'directory-sync',
      summary: 'One run: provider, status, phase, progress and counts per phase, errors, duration',
      params: idParamsSchema,
      responses: { 200: { description: 'OK', data: syncRunSchema } },
      errors: [400, 401, 403, 404],
      async handle({ actor, params }) {
        if (!canAdmin(actor, 'sync')) throw forbidden();
        const run = await findRun(db, actor.organizationId, params.id);
        if (!run) throw notFound('No such sync run');
        return ok(presentSyncRun(run));
      },
    }),
  ];
}
