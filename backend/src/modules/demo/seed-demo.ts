import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/schema.ts';
import {
  insertDemoAssets,
  insertDemoCertificates,
  insertDemoDepartments,
  insertDemoDocuments,
  insertDemoDomains,
  insertDemoLicenses,
  insertDemoLocations,
  insertDemoTags,
  insertDemoTickets,
  insertDemoUsers,
  insertDemoVendors,
  lockOrganization,
} from './queries/demo.ts';
import { getSetting, putSetting, type OrganizationRow } from '../../core/queries/organizations.ts';
import { generateDemoData } from './demo-data.ts';

/** How many records of each kind the demo added. */
export type DemoSummary = Record<string, number>;

/** The setting that marks an organization as holding the demo (its value: when it was added). */
export const DEMO_SEEDED_AT = 'demo.seededAt';

/**
 * Fills the organization with the demo IT department: people and org chart, devices, licenses,
 * domains, certificates, documents and a few weeks of helpdesk tickets, all dated relative to now.
 * Runs inside the caller's transaction (the organization's bootstrap, or `seedDemoInto`); the ticket
 * statuses must exist already. Writes no credentials: the vault needs its key first.
 */
export async function seedDemo(trx: Kysely<Database>, org: OrganizationRow): Promise<DemoSummary> {
  const today = new Date();
  const data = generateDemoData({ today, domain: org.primary_domain });

  const departments = await insertDemoDepartments(trx, org.id, data.departments);
  const locations = await insertDemoLocations(trx, org.id, data.locations);
  const vendors = await insertDemoVendors(trx, org.id, data.vendors);
  const tags = await insertDemoTags(trx, org.id, data.tags);
  const users = await insertDemoUsers(trx, org.id, data.people, { departments, locations, tags });
  const assets = await insertDemoAssets(trx, org.id, data.assets, { users, locations, vendors, tags });
  const licenses = await insertDemoLicenses(trx, org.id, data.licenses, { users, assets, vendors });
  const domains = await insertDemoDomains(trx, org.id, data.domains, { vendors });
  const certificates = await insertDemoCertificates(trx, org.id, data.certificates, { domains });
  const documents = await insertDemoDocuments(trx, org.id, data.folders, data.documents, {
    users,
    assets,
    vendors,
  });
  const staff = new Set(
    data.people.filter((p) => p.role === 'admin' || p.role === 'manager').map((p) => p.email),
  );
  const tickets = await insertDemoTickets(trx, org, data.tickets, {
    users,
    staff,
    assets,
    vendors,
    locations,
    tags,
  });
  await putSetting(trx, org.id, DEMO_SEEDED_AT, today.toISOString());

  return {
    departments: departments.size,
    locations: locations.size,
    vendors: vendors.size,
    users: users.size,
    tags: tags.size,
    assets: assets.size,
    softwareLicenses: licenses.size,
    domains: domains.size,
    certificates: certificates.size,
    folders: documents.folders.size,
    documents: documents.documents.size,
    tickets: tickets.tickets,
    ticketReplies: tickets.replies,
  };
}

/**
 * Adds the demo to an existing organization once (`helios seed-demo`); returns undefined, changing
 * nothing, when it was added before.
 */
export async function seedDemoInto(
  db: Kysely<Database>,
  org: OrganizationRow,
): Promise<DemoSummary | undefined> {
  if ((await getSetting(db, org.id, DEMO_SEEDED_AT)) !== undefined) return undefined;
  return db.transaction().execute(async (trx) => {
    // Check again under the lock: another run may have seeded between the read above and here.
    await lockOrganization(trx, org.id);
    if ((await getSetting(trx, org.id, DEMO_SEEDED_AT)) !== undefined) return undefined;
    return seedDemo(trx, org);
  });
}
