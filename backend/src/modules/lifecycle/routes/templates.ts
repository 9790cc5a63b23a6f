import {
  idParamsSchema,
  lifecycleTemplateInputSchema,
  lifecycleTemplateListQuerySchema,
  lifecycleTemplatePatchSchema,
  lifecycleTemplateSchema,
} from '@helios/shared';
import type { Actor } from '../../../core/auth/actor.ts';
import { forbidden, notFound } from '../../../core/errors.ts';
import { auditContextOf } from '../../../core/http/context.ts';
import { created, defineRoute, noContent, ok, page, type RouteSpec } from '../../../core/http/route.ts';
import { createTemplate, deleteTemplate, updateTemplate } from '../commands/templates.ts';
import type { LifecycleDeps } from '../commands/deps.ts';
import { canTemplate, type TemplateAction } from '../policies/lifecycle.ts';
import { presentTemplate } from '../presenters/lifecycle.ts';
import { findTemplate, listTemplates } from '../queries/templates.ts';

const tag = 'lifecycle';

function authorize(actor: Actor, action: TemplateAction): void {
  // Templates are no secret from staff; to anyone else the lifecycle does not exist.
  if (!canTemplate(actor, 'read')) throw notFound();
  if (!canTemplate(actor, action)) throw forbidden('Only admins may change lifecycle templates');
}

/** `/lifecycle/templates`: the ordered steps a request copies (admins write; staff read). */
export function templateRoutes(deps: LifecycleDeps): RouteSpec[] {
  const { db, organizationId, actions } = deps;
  const load = async (id: number) => {
    const row = await findTemplate(db, organizationId, id);
    if (!row) throw notFound('No such template');
    return row;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/lifecycle/templates',
      tag,
      summary: 'Onboarding and offboarding templates',
      query: lifecycleTemplateListQuerySchema,
      responses: { 200: { description: 'The templates', page: lifecycleTemplateSchema } },
      errors: [400, 401, 404],
      async handle({ actor, query }) {
        authorize(actor, 'read');
        const rows = await listTemplates(db, organizationId, {
          kind: query.kind,
          active: query.active === 'all' ? undefined : query.active === 'true',
        });
        return page(
          rows.map((r) => presentTemplate(r, actor)),
          null,
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/lifecycle/templates',
      tag,
      summary: "Create a template (each action step's params are checked by that action)",
      body: lifecycleTemplateInputSchema,
      responses: { 201: { description: 'Created', data: lifecycleTemplateSchema } },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, body }) {
        authorize(actor, 'create');
        const row = await createTemplate(db, actions, auditContextOf(req), body);
        return created(presentTemplate(row, actor));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/lifecycle/templates/:id',
      tag,
      summary: 'One template',
      params: idParamsSchema,
      responses: { 200: { description: 'The template', data: lifecycleTemplateSchema } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        authorize(actor, 'read');
        return ok(presentTemplate(await load(params.id), actor));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/lifecycle/templates/:id',
      tag,
      summary: 'Change a template (requests already filed keep their copy of the steps)',
      params: idParamsSchema,
      body: lifecycleTemplatePatchSchema,
      responses: { 200: { description: 'Updated', data: lifecycleTemplateSchema } },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, params, body }) {
        authorize(actor, 'update');
        const row = await load(params.id);
        return ok(presentTemplate(await updateTemplate(db, actions, auditContextOf(req), row, body), actor));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/lifecycle/templates/:id',
      tag,
      summary: 'Delete a template (requests made from it keep their steps)',
      params: idParamsSchema,
      responses: { 204: { description: 'Deleted', empty: true } },
      errors: [400, 401, 403, 404],
      async handle({ req, actor, params }) {
        authorize(actor, 'delete');
        await deleteTemplate(db, auditContextOf(req), await load(params.id));
        return noContent();
      },
    }),
  ];
}
