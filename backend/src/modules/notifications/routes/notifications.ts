import { idParamsSchema, notificationListQuerySchema, notificationSchema } from '@helios/shared';
import { z } from 'zod';
import { notFound } from '../../../core/errors.ts';
import { decodeCursor, idCursorSchema, idPage } from '../../../core/http/cursor.ts';
import { defineRoute, noContent, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { presentNotification } from '../presenters/notifications.ts';
import {
  dismiss,
  findNotification,
  listNotifications,
  markRead,
  unreadCount,
} from '../queries/notifications.ts';

const tag = 'notifications';

/** A user's own notifications: list, unread count, mark read (one or all), dismiss. */
export function notificationRoutes({ db }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/notifications',
      tag,
      summary: 'My notifications, newest first',
      query: notificationListQuerySchema,
      responses: { 200: { description: 'A page', page: notificationSchema } },
      errors: [400, 401],
      async handle({ actor, query }) {
        const cursor = decodeCursor(idCursorSchema, query.cursor);
        const rows = await listNotifications(db, actor.userId, {
          unread: query.unread === undefined ? undefined : query.unread === 'true',
          beforeId: cursor?.id,
          limit: query.limit + 1,
        });
        return idPage(rows, query.limit, presentNotification);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/notifications/unread-count',
      tag,
      summary: 'How many are unread',
      responses: { 200: { description: 'OK', data: z.object({ unread: z.number().int() }) } },
      errors: [401],
      handle: async ({ actor }) => ok({ unread: await unreadCount(db, actor.userId) }),
    }),
    defineRoute({
      method: 'post',
      path: '/notifications/read-all',
      tag,
      summary: 'Mark all read',
      responses: { 200: { description: 'OK', data: z.object({ marked: z.number().int() }) } },
      errors: [401],
      handle: async ({ actor }) => ok({ marked: await markRead(db, actor.userId) }),
    }),
    defineRoute({
      method: 'post',
      path: '/notifications/:id/read',
      tag,
      summary: 'Mark one read',
      params: idParamsSchema,
      responses: { 200: { description: 'OK', data: notificationSchema } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        if (!(await findNotification(db, actor.userId, params.id))) throw notFound('No such notification');
        await markRead(db, actor.userId, params.id);
        const row = await findNotification(db, actor.userId, params.id);
        if (!row) throw notFound('No such notification');
        return ok(presentNotification(row));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/notifications/:id/dismiss',
      tag,
      summary: 'Dismiss',
      params: idParamsSchema,
      responses: { 204: { description: 'Dismissed', empty: true } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        if (!(await dismiss(db, actor.userId, params.id))) throw notFound('No such notification');
        return noContent();
      },
    }),
  ];
}
