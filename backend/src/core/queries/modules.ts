import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface ModuleDefinition {
  key: string;
  name: string;
  description: string;
  isCore: boolean;
  enabled: boolean;
}

/** Registers the modules (idempotent) and enables them for the organization as defined. */
export async function ensureModules(
  db: Kysely<Database>,
  organizationId: number,
  modules: ModuleDefinition[],
): Promise<void> {
  if (modules.length === 0) return;
  await db
    .insertInto('modules')
    .values(
      modules.map((m, i) => ({
        key: m.key,
        name: m.name,
        description: m.description,
        is_core: m.isCore,
        display_order: (i + 1) * 10,
      })),
    )
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const rows = await db
    .selectFrom('modules')
    .select(['id', 'key'])
    .where(
      'key',
      'in',
      modules.map((m) => m.key),
    )
    .execute();
  const enabled = new Map(modules.map((m) => [m.key, m.enabled]));
  await db
    .insertInto('organization_modules')
    .values(
      rows.map((r) => ({
        organization_id: organizationId,
        module_id: r.id,
        is_enabled: enabled.get(r.key) ?? false,
        enabled_at: enabled.get(r.key) ? new Date() : null,
      })),
    )
    .onConflict((oc) => oc.columns(['organization_id', 'module_id']).doNothing())
    .execute();
}
