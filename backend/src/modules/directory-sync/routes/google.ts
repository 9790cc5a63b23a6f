import { googleSettingsInputSchema, idParamsSchema } from '@helios/shared';
import { Router } from 'express';
import { z } from 'zod';
import { requestGoogleSync, saveGoogleSettingsCommand } from '../commands/google-sync.ts';
import { actorOf, auditContextOf } from '../../../core/http/context.ts';
import { decodeCursor, encodeCursor, idCursorSchema } from '../../../core/http/cursor.ts';
import { forbidden, notFound } from '../../../core/errors.ts';
import { parse } from '../../../core/http/validate.ts';
import { canAdmin } from '../../../core/auth/admin.ts';
import { presentGoogleSettings, presentSyncRun } from '../presenters/google.ts';
import { findGoogleSettings } from '../queries/google-settings.ts';
import { findRun, listRuns } from '../queries/sync-runs.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { GOOGLE_SYNC_QUEUE } from '../jobs/google-sync.ts';

const runListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(20),
    cursor: z.string().max(100).optional(),
  })
  .strict();

/** Admin-only: the Google connection (key stored encrypted, never returned), sync runs. */
export function googleRoutes({ db, vault, jobs }: ModuleContext): Router {
  const router = Router();

  router.get('/settings/google', async (req, res) => {
    const actor = actorOf(req);
    if (!canAdmin(actor, 'settings')) throw forbidden();
    res.json({ data: presentGoogleSettings(await findGoogleSettings(db, actor.organizationId)) });
  });

  router.put('/settings/google', async (req, res) => {
    const actor = actorOf(req);
    const input = parse(googleSettingsInputSchema, req.body ?? {});
    if (!canAdmin(actor, 'settings')) throw forbidden();
    const saved = await saveGoogleSettingsCommand(db, vault, auditContextOf(req), input);
    res.json({ data: presentGoogleSettings(saved) });
  });

  router.post('/sync/google', async (req, res) => {
    const actor = actorOf(req);
    if (!canAdmin(actor, 'sync')) throw forbidden();
    if (!(await findGoogleSettings(db, actor.organizationId)))
      throw notFound('Google Workspace is not configured: PUT /settings/google first');
    const { run, created } = await requestGoogleSync(db, actor.organizationId, 'manual', actor.userId);
    if (created) await jobs.send(GOOGLE_SYNC_QUEUE, { runId: run.id }, { singletonKey: `run-${run.id}` });
    res.status(202).json({ data: { runId: run.id, status: run.status, alreadyRunning: !created } });
  });

  router.get('/sync/runs', async (req, res) => {
    const actor = actorOf(req);
    const query = parse(runListQuerySchema, req.query);
    if (!canAdmin(actor, 'sync')) throw forbidden();
    const cursor = decodeCursor(idCursorSchema, query.cursor);
    const rows = await listRuns(db, actor.organizationId, cursor?.id, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    res.json({
      data: page.map(presentSyncRun),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ id: last.id }) : null,
    });
  });

  router.get('/sync/runs/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    if (!canAdmin(actor, 'sync')) throw forbidden();
    const run = await findRun(db, actor.organizationId, id);
    if (!run) throw notFound('No such sync run');
    res.json({ data: presentSyncRun(run) });
  });

  return router;
}
