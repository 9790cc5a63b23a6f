import { createApiKeySchema, idParamsSchema } from '@helios/shared';
import { Router } from 'express';
import type { Kysely } from 'kysely';
import { createApiKey, revokeApiKeyCommand } from '../commands/api-keys.ts';
import type { Database } from '../../../core/db/schema.ts';
import { actorOf, auditContextOf } from '../../../core/http/context.ts';
import { forbidden, notFound, validationFailed } from '../../../core/errors.ts';
import { parse } from '../../../core/http/validate.ts';
import { canAdmin } from '../../../core/auth/admin.ts';
import { presentApiKey } from '../presenters/api-keys.ts';
import { findApiKey, listApiKeys } from '../../../core/queries/api-keys.ts';
import { findUserByEmail, findUserById } from '../../../core/queries/users.ts';

/** /api-keys — admins create (shown once), list and revoke keys. */
export function apiKeyRoutes(db: Kysely<Database>): Router {
  const router = Router();

  router.get('/api-keys', async (req, res) => {
    const actor = actorOf(req);
    if (!canAdmin(actor, 'api_keys')) throw forbidden();
    const rows = await listApiKeys(db, actor.organizationId);
    res.json({ data: rows.map(presentApiKey), nextCursor: null });
  });

  router.post('/api-keys', async (req, res) => {
    const actor = actorOf(req);
    const input = parse(createApiKeySchema, req.body);
    if (!canAdmin(actor, 'api_keys')) throw forbidden();
    const user = input.userEmail
      ? await findUserByEmail(db, actor.organizationId, input.userEmail)
      : await findUserById(db, actor.organizationId, input.userId ?? actor.userId);
    if (!user || user.archived_at || !user.is_active) {
      throw validationFailed('user: no active user with that id or email', [
        { path: input.userEmail ? 'userEmail' : 'userId', message: 'no active user with that id or email' },
      ]);
    }
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw validationFailed('expiresAt: must be in the future', [
        { path: 'expiresAt', message: 'must be in the future' },
      ]);
    }
    const created = await createApiKey(db, auditContextOf(req), { name: input.name, user, expiresAt });
    res.status(201).json({ data: { ...presentApiKey(created.row), key: created.key } });
  });

  router.post('/api-keys/:id/revoke', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    if (!canAdmin(actor, 'api_keys')) throw forbidden();
    const key = await findApiKey(db, actor.organizationId, id);
    if (!key) throw notFound('No such API key');
    const revoked = await revokeApiKeyCommand(db, auditContextOf(req), key);
    res.json({ data: presentApiKey(revoked) });
  });

  return router;
}
