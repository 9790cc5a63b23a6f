import { notificationPreferencesInputSchema, notificationPreferencesSchema } from '@helios/shared';
import { auditContextOf } from '../../../core/http/context.ts';
import { defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { setNotificationPreferences } from '../commands/preferences.ts';
import { presentPreferences } from '../presenters/preferences.ts';
import { preferencesOf } from '../queries/preferences.ts';

const tag = 'notifications';

/** The caller's own channel per notification type (email, in Helios, both, none). */
export function preferenceRoutes({ db }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/me/notification-preferences',
      tag,
      summary: 'Where each kind of notification reaches me (defaults filled in)',
      responses: { 200: { description: 'OK', data: notificationPreferencesSchema } },
      errors: [401],
      handle: async ({ actor }) => ok(presentPreferences(await preferencesOf(db, actor.userId))),
    }),
    defineRoute({
      method: 'put',
      path: '/me/notification-preferences',
      tag,
      summary: 'Choose the channel of some notification types (null: back to the default)',
      body: notificationPreferencesInputSchema,
      responses: { 200: { description: 'Saved', data: notificationPreferencesSchema } },
      errors: [400, 401],
      async handle({ req, actor, body }) {
        await setNotificationPreferences(db, auditContextOf(req), actor.userId, body.preferences);
        return ok(presentPreferences(await preferencesOf(db, actor.userId)));
      },
    }),
  ];
}
