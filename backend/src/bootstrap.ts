import type { Kysely } from 'kysely';
import type { Database } from './core/db/schema.ts';
import { seedDemo, type DemoSummary } from './modules/demo/index.ts';
import { ensureModules, type ModuleDefinition } from './core/queries/modules.ts';
import {
  findOrganization,
  insertOrganizationIfNone,
  type OrganizationRow,
} from './core/queries/organizations.ts';
import { modules } from './modules/index.ts';

export const MODULES: ModuleDefinition[] = [
  {
    key: 'documentation',
    name: 'Documentation',
    description: 'Assets, credentials, domains, licenses, documents',
    isCore: true,
    enabled: true,
  },
  {
    key: 'ticketing',
    name: 'Helpdesk',
    description: 'Tickets, replies, notifications',
    isCore: true,
    enabled: true,
  },
  {
    key: 'google_workspace',
    name: 'Google Workspace sync',
    description: 'Users, groups, devices, licenses from Google',
    isCore: false,
    enabled: true,
  },
  {
    key: 'microsoft_365',
    name: 'Microsoft 365 sync',
    description: 'Users, groups and licenses from Microsoft 365',
    isCore: false,
    enabled: false,
  },
  {
    key: 'lifecycle',
    name: 'Lifecycle',
    description: 'Onboarding and offboarding',
    isCore: false,
    enabled: false,
  },
  {
    key: 'training',
    name: 'Training',
    description: 'Training content and compliance tracking',
    isCore: false,
    enabled: false,
  },
  {
    key: 'automation',
    name: 'Automation',
    description: 'Rules that act on tickets, users and assets',
    isCore: false,
    enabled: false,
  },
  {
    key: 'signatures',
    name: 'Signatures',
    description: 'Email signature templates and campaigns',
    isCore: false,
    enabled: false,
  },
  {
    key: 'ai',
    name: 'AI assistant',
    description: 'AI-assisted answers and summaries',
    isCore: false,
    enabled: false,
  },
];

export interface BootstrapInput {
  name: string;
  primaryDomain: string;
  seedDemo: boolean;
}

export interface BootstrapResult {
  organization: OrganizationRow;
  created: boolean;
  demo: DemoSummary | undefined;
}

/**
 * Creates the installation's organization on first start, with what each module starts it with
 * (default ticket statuses…), its module switches and, when asked, the demo data — all in one transaction, so a start that dies midway
 * leaves nothing behind and the next start does it all again. Later starts find it and do nothing.
 */
export async function bootstrapOrganization(
  db: Kysely<Database>,
  input: BootstrapInput,
): Promise<BootstrapResult> {
  const existing = await findOrganization(db);
  if (existing) return { organization: existing, created: false, demo: undefined };

  return db.transaction().execute(async (trx) => {
    const organization = await insertOrganizationIfNone(trx, {
      name: input.name,
      primary_domain: input.primaryDomain,
    });
    if (!organization) {
      // Another backend created it while we waited on the unique index.
      const other = await findOrganization(trx);
      if (!other) throw new Error('organization vanished during bootstrap');
      return { organization: other, created: false, demo: undefined };
    }
    for (const module of modules) await module.onOrganizationCreated?.(trx, organization);
    await ensureModules(trx, organization.id, MODULES);
    const demo = input.seedDemo ? await seedDemo(trx, organization) : undefined;
    return { organization, created: true, demo };
  });
}
