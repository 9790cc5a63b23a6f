import { Router } from 'express';
import type { RouteDeps } from './deps.ts';

/** Routes of the content group beyond the generic record routes. */
export function contentRoutes(_deps: RouteDeps): Router {
  return Router();
}
