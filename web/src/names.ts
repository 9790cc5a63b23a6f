import type { Role } from '@helios/shared';

export const ROLE_LABEL: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  user: 'User',
  contact: 'Contact',
};

/** "First Last", or the email when the directory has no name for the person. */
export const displayName = (u: {
  firstName: string | null;
  lastName: string | null;
  email: string;
}): string => [u.firstName, u.lastName].filter(Boolean).join(' ') || u.email;
