import {
  mailPollResultSchema,
  mailPreviewQuerySchema,
  mailPreviewSchema,
  mailSettingsInputSchema,
  mailSettingsSchema,
  mailTestInputSchema,
  mailTestResultSchema,
} from '@helios/shared';
import { canAdmin } from '../../../core/auth/admin.ts';
import { forbidden } from '../../../core/errors.ts';
import { auditContextOf } from '../../../core/http/context.ts';
import { defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { pollMailbox } from '../commands/ingest.ts';
import { saveMailSettings } from '../commands/settings.ts';
import { sendTestEmail } from '../commands/test-email.ts';
import type { MailDeps } from '../mailer.ts';
import { presentMailSettings } from '../presenters/settings.ts';
import { findMailSettings } from '../queries/settings.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { preview } from '../templates.ts';

const tag = 'mail';

/** Admin-only: how mail is sent, the watched mailbox, a test email, a poll now. */
export function mailRoutes(ctx: ModuleContext): RouteSpec[] {
  const { db, vault } = ctx;
  const deps = (organizationId: number): MailDeps => ({
    db,
    vault,
    organizationId,
    googleApiOrigin: ctx.identity.googleApiOrigin,
    now: ctx.now,
  });
  return [
    defineRoute({
      method: 'get',
      path: '/settings/mail',
      tag,
      summary: 'How mail is sent and which mailbox is watched (never the SMTP password)',
      responses: { 200: { description: 'OK', data: mailSettingsSchema } },
      errors: [401, 403],
      async handle({ actor }) {
        if (!canAdmin(actor, 'settings')) throw forbidden();
        return ok(presentMailSettings(await findMailSettings(db, actor.organizationId)));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/settings/mail',
      tag,
      summary: 'Set the transport (Gmail API or SMTP), support address and watched mailbox',
      body: mailSettingsInputSchema,
      responses: { 200: { description: 'Saved', data: mailSettingsSchema } },
      errors: [400, 401, 403],
      async handle({ req, actor, body }) {
        if (!canAdmin(actor, 'settings')) throw forbidden();
        return ok(presentMailSettings(await saveMailSettings(db, vault, auditContextOf(req), body)));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/settings/mail/preview',
      tag,
      summary: 'A template rendered with sample data (subject, text and HTML parts)',
      query: mailPreviewQuerySchema,
      responses: { 200: { description: 'OK', data: mailPreviewSchema } },
      errors: [400, 401, 403],
      async handle({ actor, query }) {
        if (!canAdmin(actor, 'settings')) throw forbidden();
        const settings = await findMailSettings(db, actor.organizationId);
        const organization = await findOrganization(db);
        const { subject, text, html } = preview(
          query.type,
          organization?.name ?? 'Helios',
          settings?.console_url ?? null,
        );
        return ok({ subject, text, html });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/settings/mail/test',
      tag,
      summary: 'Send a test email now (default: to me)',
      body: mailTestInputSchema,
      responses: { 200: { description: 'Sent', data: mailTestResultSchema } },
      errors: [400, 401, 403, 409],
      async handle({ actor, body }) {
        if (!canAdmin(actor, 'settings')) throw forbidden();
        return ok(await sendTestEmail(deps(actor.organizationId), body.to ?? actor.email));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/mail/poll',
      tag,
      summary: 'One pass over the watched mailbox now, as the scheduled job does',
      responses: { 200: { description: 'What the pass did', data: mailPollResultSchema } },
      errors: [401, 403, 409],
      async handle({ actor }) {
        if (!canAdmin(actor, 'settings')) throw forbidden();
        return ok(await pollMailbox({ ...deps(actor.organizationId), storage: ctx.storage }));
      },
    }),
  ];
}
