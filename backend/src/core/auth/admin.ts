import { type Actor, isAdmin } from './actor.ts';

/** Settings, Google sync, API keys and the audit log are the admin's alone. */
export type AdminArea = 'settings' | 'sync' | 'api_keys' | 'audit_log';

export function canAdmin(actor: Actor, _area: AdminArea): boolean {
  return isAdmin(actor);
}
