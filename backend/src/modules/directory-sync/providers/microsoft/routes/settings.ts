import { microsoftSettingsInputSchema, microsoftSettingsSchema } from '@helios/shared';
import { canAdmin } from '../../../../../core/auth/admin.ts';
import { forbidden } from '../../../../../core/errors.ts';
import { auditContextOf } from '../../../../../core/http/context.ts';
import { defineRoute, ok, type RouteSpec } from '../../../../../core/http/route.ts';
import type { ModuleContext } from '../../../../../core/module.ts';
import { saveMicrosoftSettingsCommand, type MicrosoftCredentialCheck } from '../commands/settings.ts';
import { presentMicrosoftSettings } from '../presenters/settings.ts';
import { findMicrosoftSettings } from '../queries/settings.ts';

/** Admin-only: the Microsoft 365 connection (the secret is stored sealed and never returned). */
export function microsoftSettingsRoutes(
  { db, vault }: ModuleContext,
  check: MicrosoftCredentialCheck,
): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/settings/microsoft',
      tag: 'directory-sync',
      summary: 'The Microsoft 365 connection (never the client secret)',
      responses: { 200: { description: 'OK', data: microsoftSettingsSchema } },
      errors: [401, 403],
      async handle({ actor }) {
        if (!canAdmin(actor, 'settings')) throw forbidden();
        return ok(presentMicrosoftSettings(await findMicrosoftSettings(db, actor.organizationId)));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/settings/microsoft',
      tag: 'directory-sync',
      summary: 'Store the app registration (secret encrypted) once a token was fetched with it',
      body: microsoftSettingsInputSchema,
      responses: { 200: { description: 'Saved', data: microsoftSettingsSchema } },
      errors: [400, 401, 403],
      async handle({ req, actor, body }) {
        if (!canAdmin(actor, 'settings')) throw forbidden();
        return ok(
          presentMicrosoftSettings(
            await saveMicrosoftSettingsCommand(db, vault, auditContextOf(req), body, check),
          ),
        );
      },
    }),
  ];
}
