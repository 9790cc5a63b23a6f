import { Router } from 'express';
import type { RouteDeps } from './deps.ts';

/** Routes of the inventory group beyond the generic record routes. */
export function inventoryRoutes(_deps: RouteDeps): Router {
  return Router();
}
