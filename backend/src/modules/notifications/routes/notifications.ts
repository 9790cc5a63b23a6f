import { idParamsSchema, notificationListQuerySchema } from '@helios/shared';
import { Router } from 'express';
import { actorOf } from '../../../core/http/context.ts';
import { decodeCursor, encodeCursor, idCursorSchema } from '../../../core/http/cursor.ts';
import { notFound } from '../../../core/errors.ts';
import { parse } from '../../../core/http/validate.ts';
import { presentNotification } from '../presenters/notifications.ts';
import {
  dismiss,
  findNotification,
  listNotifications,
  markRead,
  unreadCount,
} from '../queries/notifications.ts';
import type { RouteDeps } from '../../../core/module.ts';

/** A user's own notifications: list, unread count, mark read (one or all), dismiss. */
export function notificationRoutes({ db }: RouteDeps): Router {
  const router = Router();

  router.get('/notifications', async (req, res) => {
    const actor = actorOf(req);
    const query = parse(notificationListQuerySchema, req.query);
    const cursor = decodeCursor(idCursorSchema, query.cursor);
    const rows = await listNotifications(db, actor.userId, {
      unread: query.unread === undefined ? undefined : query.unread === 'true',
      beforeId: cursor?.id,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    res.json({
      data: page.map(presentNotification),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ id: last.id }) : null,
    });
  });

  router.get('/notifications/unread-count', async (req, res) => {
    res.json({ data: { unread: await unreadCount(db, actorOf(req).userId) } });
  });

  router.post('/notifications/read-all', async (req, res) => {
    res.json({ data: { marked: await markRead(db, actorOf(req).userId) } });
  });

  router.post('/notifications/:id/read', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    if (!(await findNotification(db, actor.userId, id))) throw notFound('No such notification');
    await markRead(db, actor.userId, id);
    const row = await findNotification(db, actor.userId, id);
    if (!row) throw notFound('No such notification');
    res.json({ data: presentNotification(row) });
  });

  router.post('/notifications/:id/dismiss', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const row = await dismiss(db, actor.userId, id);
    if (!row) throw notFound('No such notification');
    res.status(204).end();
  });

  return router;
}
