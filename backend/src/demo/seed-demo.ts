import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { OrganizationRow } from '../queries/organizations.ts';

export type DemoSummary = Record<string, number>;

export async function seedDemo(_trx: Kysely<Database>, _org: OrganizationRow): Promise<DemoSummary> {
  return {};
}

export async function seedDemoInto(_db: Kysely<Database>, _org: OrganizationRow): Promise<DemoSummary | undefined> {
  return undefined;
}
