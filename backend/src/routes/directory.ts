import { Router } from 'express';
import type { RouteDeps } from './deps.ts';

/** Routes of the directory group beyond the generic record routes. */
export function directoryRoutes(_deps: RouteDeps): Router {
  return Router();
}
