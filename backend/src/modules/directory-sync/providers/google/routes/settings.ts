import { googleSettingsInputSchema, googleSettingsSchema } from '@helios/shared';
import { canAdmin } from '../../../../../core/auth/admin.ts';
import { forbidden } from '../../../../../core/errors.ts';
import { auditContextOf } from '../../../../../core/http/context.ts';
import { defineRoute, ok, type RouteSpec } from '../../../../../core/http/route.ts';
import type { ModuleContext } from '../../../../../core/module.ts';
import { saveGoogleSettingsCommand } from '../commands/settings.ts';
import { presentGoogleSettings } from '../presenters/settings.ts';
import { findGoogleSettings } from '../queries/settings.ts';

/** Admin-only: the Google connection (the key is stored sealed and never returned). */
export function googleSettingsRoutes({ db, vault }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/settings/google',
      tag: 'directory-sync',
      summary: 'The Google connection (never the key, only its client email)',
      responses: { 200: { description: 'OK', data: googleSettingsSchema } },
      errors: [401, 403],
      async handle({ actor }) {
        if (!canAdmin(actor, 'settings')) throw forbidden();
        return ok(presentGoogleSettings(await findGoogleSettings(db, actor.organizationId)));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/settings/google',
      tag: 'directory-sync',
      summary: 'Store the service-account key (encrypted), admin to impersonate, customer id',
      body: googleSettingsInputSchema,
      responses: { 200: { description: 'Saved', data: googleSettingsSchema } },
      errors: [400, 401, 403],
      async handle({ req, actor, body }) {
        if (!canAdmin(actor, 'settings')) throw forbidden();
        return ok(
          presentGoogleSettings(await saveGoogleSettingsCommand(db, vault, auditContextOf(req), body)),
        );
      },
    }),
  ];
}
