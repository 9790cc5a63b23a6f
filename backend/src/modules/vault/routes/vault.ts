import {
  credentialCreateSchema,
  credentialRevealSchema,
  credentialSchema,
  credentialUpdateSchema,
  idParamsSchema,
} from '@helios/shared';
import { z } from 'zod';
import { forbidden, notFound } from '../../../core/errors.ts';
import { auditContextOf } from '../../../core/http/context.ts';
import { created, defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { loadReadable, presentRow } from '../../../core/records/routes.ts';
import { createCredential, revealCredential, updateCredential } from '../commands/credentials.ts';
import { canCredential } from '../policies/credentials.ts';
import { credentials } from '../resources/credentials.ts';

// Reveal takes no input; a body, if any, must be empty so that typos do not pass silently.
const revealBodySchema = z.object({}).strict();

/**
 * The vault's routes beyond the record kit's (which serves list, get, archive, restore and delete
 * of credentials): create and update, because they encrypt secrets bound to the row inside the
 * write's transaction, and the audited reveal.
 */
export function vaultRoutes({ db, vault }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/credentials',
      tag: 'credentials',
      summary: 'Create (password and OTP secret encrypted, never returned)',
      body: credentialCreateSchema,
      responses: { 201: { description: 'Created', data: credentialSchema } },
      errors: [400, 401, 403, 409],
      async handle({ req, actor, body }) {
        if (!canCredential(actor, 'create')) throw forbidden();
        const row = await createCredential(db, vault, actor, auditContextOf(req), body);
        return created(await presentRow(db, credentials, actor, row));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/credentials/:id',
      tag: 'credentials',
      summary: 'Update (partial); a new password or OTP secret replaces the stored one',
      params: idParamsSchema,
      body: credentialUpdateSchema,
      responses: { 200: { description: 'Updated', data: credentialSchema } },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, params, body }) {
        const existing = await loadReadable(db, credentials, actor, params.id);
        if (!canCredential(actor, 'update')) throw forbidden();
        const row = await updateCredential(db, vault, actor, auditContextOf(req), existing, body);
        return ok(await presentRow(db, credentials, actor, row));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/credentials/:id/reveal',
      tag: 'credentials',
      summary: 'Reveal password and current TOTP code (staff; audited every time)',
      params: idParamsSchema,
      body: revealBodySchema,
      responses: { 200: { description: 'The secrets, never cached', data: credentialRevealSchema } },
      errors: [400, 401, 404],
      async handle({ req, res, actor, params }) {
        const row = await loadReadable(db, credentials, actor, params.id);
        // Whoever may not reveal must not learn the credential exists either (rbac.md).
        if (!canCredential(actor, 'reveal')) throw notFound('No such credential');
        const data = await revealCredential(db, vault, auditContextOf(req), row);
        // Plaintext secrets: no cache, proxy or browser may keep this response.
        res.set('Cache-Control', 'no-store');
        return ok(data);
      },
    }),
  ];
}
