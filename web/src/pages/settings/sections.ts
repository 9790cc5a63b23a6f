import type { Abilities } from '@helios/shared';

/** The admin areas of Settings (`/settings/<slug>`), each shown only with its ability from GET /me. */
export interface SettingsSection {
  slug: string;
  title: string;
  description: string;
  needs: keyof Abilities;
}

export const SECTIONS: readonly SettingsSection[] = [
  {
    slug: 'google',
    title: 'Google Workspace',
    description: 'The service account Helios syncs people, groups and devices with.',
    needs: 'manageSettings',
  },
  {
    slug: 'microsoft',
    title: 'Microsoft 365',
    description: 'The Entra ID app registration Helios syncs a tenant with.',
    needs: 'manageSettings',
  },
  {
    slug: 'lifecycle-scopes',
    title: 'Lifecycle scopes',
    description: 'The Google scopes onboarding and offboarding actions need, and whether each is granted.',
    needs: 'manageSettings',
  },
  {
    slug: 'sync',
    title: 'Sync runs',
    description: 'Each directory sync, its progress and errors; start one now.',
    needs: 'runSync',
  },
  {
    slug: 'api-keys',
    title: 'API keys',
    description: 'Keys for scripts and integrations: create, see their last use, revoke.',
    needs: 'manageApiKeys',
  },
  {
    slug: 'custom-fields',
    title: 'Custom fields',
    description: 'Extra fields on people, assets, tickets and the other records.',
    needs: 'manageSettings',
  },
  {
    slug: 'ticket-statuses',
    title: 'Ticket statuses',
    description: 'The statuses a ticket moves through; which is the default, resolved, closed.',
    needs: 'manageSettings',
  },
  {
    slug: 'tags',
    title: 'Tags',
    description: 'Labels for people, assets and tickets.',
    needs: 'writeDocumentation',
  },
  {
    slug: 'audit-log',
    title: 'Audit log',
    description: 'Who did what, when: filter by person, action, record and date.',
    needs: 'readAuditLog',
  },
];

export const sectionsFor = (abilities: Abilities): SettingsSection[] =>
  SECTIONS.filter((s) => abilities[s.needs]);
