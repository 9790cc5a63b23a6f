import type {
  ErrorDetail,
  LifecycleKind,
  LifecycleTemplateInput,
  LifecycleTemplatePatch,
  LifecycleTemplateStep,
} from '@helios/shared';
import type { Kysely } from 'kysely';
import { changedColumns, recordAudit, type AuditContext } from '../../../core/audit.ts';
import type { Database } from '../../../core/db/schema.ts';
import { inTransaction } from '../../../core/db/transaction.ts';
import { conflict, validationFailed } from '../../../core/errors.ts';
import type { ActionRegistry } from '../actions/index.ts';
import { type DefaultTemplate } from '../defaults.ts';
import {
  deleteTemplate as deleteTemplateRow,
  insertTemplate,
  listTemplates,
  type TemplateRow,
  updateTemplate as updateTemplateRow,
} from '../queries/templates.ts';

/**
 * Checks a template's steps against the actions that will run them: keys unique, each action one
 * Helios has and one for this kind, and its params valid by the action's own schema (a 400 names
 * the field, e.g. `steps.2.params.groups.0`). Returns the steps with their params as parsed (the
 * actions' defaults filled in), which is what is stored.
 */
export function validateSteps(
  actions: ActionRegistry,
  kind: LifecycleKind,
  steps: LifecycleTemplateStep[],
): LifecycleTemplateStep[] {
  const details: ErrorDetail[] = [];
  const keys = new Set<string>();
  const out = steps.map((step, i) => {
    if (keys.has(step.key))
      details.push({ path: `steps.${i}.key`, message: `the key ${step.key} is used twice` });
    keys.add(step.key);
    if (step.kind !== 'action') return step;
    const action = actions.get(step.action);
    if (!action) {
      details.push({ path: `steps.${i}.action`, message: `${step.action} is not available in this version` });
      return step;
    }
    if (!action.kinds.includes(kind)) {
      details.push({ path: `steps.${i}.action`, message: `${step.action} is not an ${kind} action` });
      return step;
    }
    const parsed = action.params.safeParse(step.params);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = ['steps', i, 'params', ...issue.path.map(String)].join('.');
        details.push({ path, message: issue.message });
      }
      return step;
    }
    return { ...step, params: parsed.data as Record<string, unknown> };
  });
  if (details.length > 0)
    throw validationFailed(details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  return out;
}

/** A unique violation on (organization, name) → a 409 naming the name. */
async function uniqueName<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: string }).code === '23505')
      throw conflict(`A template named "${name}" already exists`);
    throw error;
  }
}

export async function createTemplate(
  db: Kysely<Database>,
  actions: ActionRegistry,
  ctx: AuditContext,
  input: LifecycleTemplateInput,
): Promise<TemplateRow> {
  const steps = validateSteps(actions, input.kind, input.steps);
  return uniqueName(input.name, () =>
    inTransaction(db, async (trx) => {
      const row = await insertTemplate(
        trx,
        ctx.organizationId,
        input.kind,
        {
          name: input.name,
          description: input.description ?? null,
          is_active: input.isActive ?? true,
          steps,
        },
        ctx.actor?.userId ?? null,
      );
      await recordAudit(trx, ctx, {
        action: 'create',
        entityType: 'lifecycle_template',
        entityId: row.id,
        description: `${input.kind} template "${row.name}"`,
        newValue: { kind: row.kind, name: row.name, isActive: row.is_active, steps: row.steps },
      });
      return row;
    }),
  );
}

export async function updateTemplate(
  db: Kysely<Database>,
  actions: ActionRegistry,
  ctx: AuditContext,
  row: TemplateRow,
  patch: LifecycleTemplatePatch,
): Promise<TemplateRow> {
  const steps = patch.steps === undefined ? undefined : validateSteps(actions, row.kind, patch.steps);
  return uniqueName(patch.name ?? row.name, () =>
    inTransaction(db, async (trx) => {
      const updated = await updateTemplateRow(trx, ctx.organizationId, row, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.isActive !== undefined ? { is_active: patch.isActive } : {}),
        ...(steps !== undefined ? { steps } : {}),
      });
      const { oldValue, newValue } = changedColumns(row, updated, [
        'name',
        'description',
        'is_active',
        'steps',
      ]);
      await recordAudit(trx, ctx, {
        action: 'update',
        entityType: 'lifecycle_template',
        entityId: row.id,
        oldValue,
        newValue,
      });
      return updated;
    }),
  );
}

/** Requests made from it keep their steps (copied at creation) and lose only the link. */
export async function deleteTemplate(
  db: Kysely<Database>,
  ctx: AuditContext,
  row: TemplateRow,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await deleteTemplateRow(trx, row);
    await recordAudit(trx, ctx, {
      action: 'delete',
      entityType: 'lifecycle_template',
      entityId: row.id,
      oldValue: { kind: row.kind, name: row.name, steps: row.steps },
    });
  });
}

/** The default templates of a new organization (in the transaction that creates it). */
export async function insertDefaultTemplates(
  trx: Kysely<Database>,
  organizationId: number,
  templates: readonly DefaultTemplate[],
): Promise<void> {
  const existing = await listTemplates(trx, organizationId, {});
  for (const t of templates) {
    if (existing.some((e) => e.kind === t.kind && e.name === t.name)) continue;
    await insertTemplate(
      trx,
      organizationId,
      t.kind,
      { name: t.name, description: t.description, is_active: true, steps: t.steps },
      null,
    );
  }
}
