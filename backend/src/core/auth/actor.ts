import type { Role } from '@helios/shared';

/** Who is calling, resolved by authentication; every policy decides from this and the record. */
export interface Actor {
  userId: number;
  organizationId: number;
  role: Role;
  email: string;
  name: string;
  /** How the caller proved its identity (`session`: the web console's cookie). */
  // `mail`: the sender of an email the watched support mailbox received (the mail module).
  via: 'google' | 'api_key' | 'session' | 'mail';
  apiKeyId?: number;
  /** The auth_sessions row of a cookie-authenticated request. */
  sessionId?: number;
}

/** IT staff: admins and managers. */
export const isStaff = (actor: Pick<Actor, 'role'>): boolean =>
  actor.role === 'admin' || actor.role === 'manager';
export const isAdmin = (actor: Pick<Actor, 'role'>): boolean => actor.role === 'admin';
