import { Router } from 'express';
import type { RouteDeps } from './deps.ts';

/** Routes of the vault group beyond the generic record routes. */
export function vaultRoutes(_deps: RouteDeps): Router {
  return Router();
}
