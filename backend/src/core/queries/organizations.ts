import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Database, Organizations } from '../db/schema.ts';

export type OrganizationRow = Selectable<Organizations>;

/** The installation's one organization, if it has been created. */
export async function findOrganization(db: Kysely<Database>): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().executeTakeFirst();
}

/**
 * Inserts the organization unless one exists. `ON CONFLICT ((true))` names the single-row unique
 * index, so a concurrent second insert waits for the first and then does nothing: only one starter
 * ever "creates" the organization.
 */
export async function insertOrganizationIfNone(
  db: Kysely<Database>,
  values: Insertable<Organizations>,
): Promise<OrganizationRow | undefined> {
  return db
    .insertInto('organizations')
    .values(values)
    .onConflict((oc) => oc.expression(sql<boolean>`(true)`).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Reads a JSON setting of the organization. */
export async function getSetting(
  db: Kysely<Database>,
  organizationId: number,
  key: string,
): Promise<unknown> {
  const row = await db
    .selectFrom('organization_settings')
    .select('value')
    .where('organization_id', '=', organizationId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

/** Writes (inserts or replaces) a JSON setting of the organization. */
export async function putSetting(
  db: Kysely<Database>,
  organizationId: number,
  key: string,
  value: unknown,
): Promise<void> {
  const json = JSON.stringify(value ?? null);
  await db
    .insertInto('organization_settings')
    .values({ organization_id: organizationId, key, value: json })
    .onConflict((oc) => oc.columns(['organization_id', 'key']).doUpdateSet({ value: json }))
    .execute();
}
