import type { LifecycleKind, LifecycleTemplateStep } from '@helios/shared';
import { type Kysely, sql } from 'kysely';
import type { Database, Json } from '../../../core/db/schema.ts';

/** A template of either kind (both tables share one id sequence, so an id alone finds it). */
export interface TemplateRow {
  id: number;
  kind: LifecycleKind;
  name: string;
  description: string | null;
  is_active: boolean;
  steps: Json;
  created_at: Date;
  updated_at: Date;
}

const tableOf = (kind: LifecycleKind) =>
  kind === 'onboarding' ? ('onboarding_templates' as const) : ('offboarding_templates' as const);

function selectKind(db: Kysely<Database>, kind: LifecycleKind, organizationId: number) {
  return db
    .selectFrom(tableOf(kind))
    .select([
      'id',
      sql<LifecycleKind>`${kind}::text`.as('kind'),
      'name',
      'description',
      'is_active',
      'steps',
      'created_at',
      'updated_at',
    ])
    .where('organization_id', '=', organizationId)
    .where('archived_at', 'is', null);
}

export async function listTemplates(
  db: Kysely<Database>,
  organizationId: number,
  filter: { kind?: LifecycleKind | undefined; active?: boolean | undefined },
): Promise<TemplateRow[]> {
  const kinds: LifecycleKind[] = filter.kind ? [filter.kind] : ['onboarding', 'offboarding'];
  const rows: TemplateRow[] = [];
  for (const kind of kinds) {
    let q = selectKind(db, kind, organizationId);
    if (filter.active !== undefined) q = q.where('is_active', '=', filter.active);
    rows.push(...(await q.orderBy('name').orderBy('id').execute()));
  }
  return rows;
}

export async function findTemplate(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<TemplateRow | undefined> {
  for (const kind of ['onboarding', 'offboarding'] as const) {
    const row = await selectKind(db, kind, organizationId).where('id', '=', id).executeTakeFirst();
    if (row) return row;
  }
  return undefined;
}

/** What a write stores: the steps (the truth) and the template's other fields. */
export interface TemplateValues {
  name: string;
  description: string | null;
  is_active: boolean;
  steps: LifecycleTemplateStep[];
}

/**
 * The seed's columns, derived from the steps on every write so they stay honest for anything that
 * still reads them (they are never read by the lifecycle itself).
 */
function onboardingColumns(steps: LifecycleTemplateStep[]) {
  const params = (type: string): Record<string, unknown> => {
    for (const s of steps) if (s.kind === 'action' && s.action === type) return s.params;
    return {};
  };
  const ou = params('google.createUser').orgUnitPath;
  const groups = params('google.addToGroups').groups;
  const skus = params('google.assignLicenses').skus;
  return {
    google_org_unit_path: typeof ou === 'string' ? ou.slice(0, 500) : null,
    group_emails: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    license_skus: Array.isArray(skus)
      ? skus.flatMap((s: unknown) => {
          const sku = s as { productId?: unknown; skuId?: unknown };
          return typeof sku.skuId === 'string' ? [`${String(sku.productId ?? '')}/${sku.skuId}`] : [];
        })
      : [],
    tasks: JSON.stringify(steps.filter((s) => s.kind === 'task')),
  };
}

function offboardingColumns(steps: LifecycleTemplateStep[]) {
  const has = (type: string) => steps.some((s) => s.kind === 'action' && s.action === type);
  const suspend = steps.find((s) => s.kind === 'action' && s.action === 'google.suspendUser');
  return {
    transfer_drive_to_manager: has('google.transferData'),
    transfer_calendar: has('google.transferData'),
    remove_from_groups: has('google.removeFromGroups'),
    remove_licenses: has('google.changeLicenses'),
    wipe_devices: has('google.wipeMobileDevices'),
    email_forward_to_manager: has('google.setMailForwarding'),
    suspend_after_days: suspend && suspend.offsetDays >= 0 ? suspend.offsetDays : null,
    delete_after_days: null,
    tasks: JSON.stringify(steps.filter((s) => s.kind === 'task')),
  };
}

export async function insertTemplate(
  db: Kysely<Database>,
  organizationId: number,
  kind: LifecycleKind,
  values: TemplateValues,
  createdByUserId: number | null,
): Promise<TemplateRow> {
  const common = {
    organization_id: organizationId,
    created_by_user_id: createdByUserId,
    name: values.name,
    description: values.description,
    is_active: values.is_active,
    steps: JSON.stringify(values.steps),
  };
  const inserted =
    kind === 'onboarding'
      ? await db
          .insertInto('onboarding_templates')
          .values({ ...common, ...onboardingColumns(values.steps) })
          .returning('id')
          .executeTakeFirstOrThrow()
      : await db
          .insertInto('offboarding_templates')
          .values({ ...common, ...offboardingColumns(values.steps) })
          .returning('id')
          .executeTakeFirstOrThrow();
  const row = await findTemplate(db, organizationId, inserted.id);
  if (!row) throw new Error('inserted template not found');
  return row;
}

export async function updateTemplate(
  db: Kysely<Database>,
  organizationId: number,
  row: TemplateRow,
  values: Partial<TemplateValues>,
): Promise<TemplateRow> {
  const common = {
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.description !== undefined ? { description: values.description } : {}),
    ...(values.is_active !== undefined ? { is_active: values.is_active } : {}),
    ...(values.steps !== undefined ? { steps: JSON.stringify(values.steps) } : {}),
    updated_at: new Date(),
  };
  if (row.kind === 'onboarding') {
    await db
      .updateTable('onboarding_templates')
      .set({ ...common, ...(values.steps ? onboardingColumns(values.steps) : {}) })
      .where('id', '=', row.id)
      .where('organization_id', '=', organizationId)
      .execute();
  } else {
    await db
      .updateTable('offboarding_templates')
      .set({ ...common, ...(values.steps ? offboardingColumns(values.steps) : {}) })
      .where('id', '=', row.id)
      .where('organization_id', '=', organizationId)
      .execute();
  }
  const updated = await findTemplate(db, organizationId, row.id);
  if (!updated) throw new Error('updated template not found');
  return updated;
}

export async function deleteTemplate(db: Kysely<Database>, row: TemplateRow): Promise<void> {
  await db
    .deleteFrom(row.kind === 'onboarding' ? 'onboarding_templates' : 'offboarding_templates')
    .where('id', '=', row.id)
    .execute();
}
