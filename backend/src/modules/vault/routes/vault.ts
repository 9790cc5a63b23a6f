import { credentialCreateSchema, credentialUpdateSchema, idParamsSchema } from '@helios/shared';
import { Router } from 'express';
import { z } from 'zod';
import { createCredential, revealCredential, updateCredential } from '../commands/credentials.ts';
import { actorOf, auditContextOf } from '../../../core/http/context.ts';
import { forbidden, notFound } from '../../../core/errors.ts';
import { parse } from '../../../core/http/validate.ts';
import { canCredential } from '../policies/credentials.ts';
import { credentials } from '../resources/credentials.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { loadReadable, presentRows } from '../../../core/records/routes.ts';

// Reveal takes no input; a body, if any, must be empty so that typos do not pass silently.
const revealBodySchema = z.object({}).strict();

/**
 * Routes of the vault group beyond the generic record routes (which serve list, get, archive,
 * restore and delete of credentials): create and update, because they encrypt secrets bound to the
 * row inside the write's transaction, and the audited reveal. Mounted before the generic routes,
 * so `POST /credentials` and `PATCH /credentials/:id` are these.
 */
export function vaultRoutes({ db, vault }: ModuleContext): Router {
  const router = Router();

  router.post('/credentials', async (req, res) => {
    const actor = actorOf(req);
    const input = parse(credentialCreateSchema, req.body ?? {});
    if (!canCredential(actor, 'create')) throw forbidden();
    const row = await createCredential(db, vault, actor, auditContextOf(req), input);
    const [presented] = await presentRows(db, credentials, actor.organizationId, [row]);
    res.status(201).json({ data: presented });
  });

  router.patch('/credentials/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const input = parse(credentialUpdateSchema, req.body ?? {});
    const existing = await loadReadable(db, credentials, actor, id);
    if (!canCredential(actor, 'update')) throw forbidden();
    const row = await updateCredential(db, vault, actor, auditContextOf(req), existing, input);
    const [presented] = await presentRows(db, credentials, actor.organizationId, [row]);
    res.json({ data: presented });
  });

  /** `{ data: { username, password, otpCode?, otpExpiresIn? } }`, audited every time; staff only. */
  router.post('/credentials/:id/reveal', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    parse(revealBodySchema, req.body ?? {});
    const row = await loadReadable(db, credentials, actor, id);
    // Whoever may not reveal must not learn the credential exists either (rbac.md).
    if (!canCredential(actor, 'reveal')) throw notFound('No such credential');
    const data = await revealCredential(db, vault, auditContextOf(req), row);
    // Plaintext secrets: no cache, proxy or browser may keep this response.
    res.set('Cache-Control', 'no-store');
    res.json({ data });
  });

  return router;
}
