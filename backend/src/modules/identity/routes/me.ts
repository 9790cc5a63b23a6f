import { meSchema } from '@helios/shared';
import { defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { presentMe } from '../presenters/me.ts';

/** GET /me — who the caller is and what they may do (clients hide what would be refused). */
export function meRoutes({ registry }: ModuleContext): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/me',
      tag: 'identity',
      summary: 'The caller and their abilities',
      responses: { 200: { description: 'OK', data: meSchema } },
      errors: [401],
      handle: async ({ actor }) => ok(presentMe(actor, registry)),
    }),
  ];
}
