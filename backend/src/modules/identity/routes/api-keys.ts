import { apiKeySchema, createApiKeySchema, createdApiKeySchema, idParamsSchema } from '@helios/shared';
import { canAdmin } from '../../../core/auth/admin.ts';
import { forbidden, notFound, validationFailed } from '../../../core/errors.ts';
import { auditContextOf } from '../../../core/http/context.ts';
import { created, defineRoute, ok, page, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { findApiKey, listApiKeys } from '../../../core/queries/api-keys.ts';
import { findUserByEmail, findUserById } from '../../../core/queries/users.ts';
import { createApiKey, revokeApiKeyCommand } from '../commands/api-keys.ts';
import { presentApiKey } from '../presenters/api-keys.ts';

/** /api-keys — admins create (shown once), list and revoke keys. */
export function apiKeyRoutes({ db }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api-keys',
      tag: 'identity',
      summary: 'List API keys (admin)',
      responses: { 200: { description: 'Every key (never its secret)', page: apiKeySchema } },
      errors: [401, 403],
      async handle({ actor }) {
        if (!canAdmin(actor, 'api_keys')) throw forbidden();
        return page((await listApiKeys(db, actor.organizationId)).map(presentApiKey), null);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api-keys',
      tag: 'identity',
      summary: 'Create an API key (admin); the key is in this response only',
      body: createApiKeySchema,
      responses: { 201: { description: 'Created', data: createdApiKeySchema } },
      errors: [400, 401, 403],
      async handle({ req, actor, body }) {
        if (!canAdmin(actor, 'api_keys')) throw forbidden();
        const user = body.userEmail
          ? await findUserByEmail(db, actor.organizationId, body.userEmail)
          : await findUserById(db, actor.organizationId, body.userId ?? actor.userId);
        if (!user || user.archived_at || !user.is_active) {
          throw validationFailed('user: no active user with that id or email', [
            {
              path: body.userEmail ? 'userEmail' : 'userId',
              message: 'no active user with that id or email',
            },
          ]);
        }
        const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
        if (expiresAt && expiresAt.getTime() <= Date.now()) {
          throw validationFailed('expiresAt: must be in the future', [
            { path: 'expiresAt', message: 'must be in the future' },
          ]);
        }
        const made = await createApiKey(db, auditContextOf(req), { name: body.name, user, expiresAt });
        return created({ ...presentApiKey(made.row), key: made.key });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api-keys/:id/revoke',
      tag: 'identity',
      summary: 'Revoke an API key (admin)',
      params: idParamsSchema,
      responses: { 200: { description: 'Revoked', data: apiKeySchema } },
      errors: [400, 401, 403, 404],
      async handle({ req, actor, params }) {
        if (!canAdmin(actor, 'api_keys')) throw forbidden();
        const key = await findApiKey(db, actor.organizationId, params.id);
        if (!key) throw notFound('No such API key');
        return ok(presentApiKey(await revokeApiKeyCommand(db, auditContextOf(req), key)));
      },
    }),
  ];
}
