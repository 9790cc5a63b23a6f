import { idParamsSchema, listQuerySchema } from '@helios/shared';
import { type Request, Router } from 'express';
import { type Expression, type Kysely, sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import { createRecord, deleteRecordCommand, setArchived, updateRecordCommand } from './commands.ts';
import type { Database } from '../db/schema.ts';
import { actorOf, auditContextOf } from '../http/context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { forbidden, notFound, validationFailed } from '../errors.ts';
import { parse } from '../http/validate.ts';
import type { Actor } from '../auth/actor.ts';
import { presentRecord } from './presenter.ts';
import { customFieldsFor, customValueMatches } from './queries/custom-fields.ts';
import { findRecord, listRecords, recordMatches, touchRecord } from './queries/records.ts';
import { camelize, snakeize } from './case.ts';
import { loadCustomFields } from './custom-field-values.ts';
import type { ResourceDefinition, Row } from './definition.ts';

const sortCursorSchema = z
  .object({ v: z.union([z.string(), z.number()]), id: z.number().int().positive() })
  .strict();

/** `q` as a case-insensitive substring of any search column (LIKE wildcards in `q` are literal). */
export function searchCondition(columns: string[], q: string): Expression<SqlBool> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const parts = columns.map((c) => sql<SqlBool>`${sql.ref(`r.${c}`)} ILIKE ${pattern}`);
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/**
 * Loads a record the actor may read, or answers 404 — also when it exists but is not theirs to see,
 * so existence does not leak (rbac.md).
 */
export async function loadReadable(
  db: Kysely<Database>,
  def: ResourceDefinition,
  actor: Actor,
  id: number,
): Promise<Row> {
  const row = await findRecord(db, def.table, actor.organizationId, id);
  if (!row) throw notFound(`No such ${def.entityType.replace(/_/g, ' ')}`);
  const scope = def.listScope(actor);
  const linkedToActor =
    scope === 'all' ? true : scope === 'none' ? false : await recordMatches(db, def.table, id, scope(actor));
  if (!def.can(actor, 'read', { ...row, linkedToActor }))
    throw notFound(`No such ${def.entityType.replace(/_/g, ' ')}`);
  return row;
}

/** Presents rows with their custom fields and computed extras (a constant number of queries per page). */
export async function presentRows(
  db: Kysely<Database>,
  def: ResourceDefinition,
  organizationId: number,
  rows: Row[],
) {
  const ids = rows.map((r) => r.id as number);
  const custom = await loadCustomFields(db, organizationId, def.table, ids);
  const extras = def.extras ? await def.extras(db, rows) : undefined;
  return rows.map((r) =>
    presentRecord(def, r, custom.get(r.id as number) ?? {}, extras?.get(r.id as number)),
  );
}

/** Splits `cf.<field>=value` list filters from the rest of the query string. */
function splitCustomFilters(query: Request['query']): { rest: Row; custom: Record<string, string> } {
  const rest: Row = {};
  const custom: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('cf.')) {
      if (typeof value !== 'string')
        throw validationFailed(`${key}: expected one value`, [{ path: key, message: 'expected one value' }]);
      custom[key.slice(3)] = value;
    } else rest[key] = value;
  }
  return { rest, custom };
}

/**
 * The routes every documentation resource shares: list (cursor paging, `q`, `archived`, `sort`,
 * custom-field and resource filters), get (stamps last_accessed_at), create, update, archive,
 * restore, hard delete. Each is validate → load → authorize → command/query → present.
 */
export function recordRoutes(db: Kysely<Database>, def: ResourceDefinition): Router {
  const router = Router();
  const base = `/${def.name}`;
  const sortable = ['id', ...def.sortable.map(camelize)];
  const baseQuerySchema = listQuerySchema.extend({
    sort: z
      .string()
      .regex(
        new RegExp(`^-?(${sortable.join('|')})$`),
        `expected one of ${sortable.join(', ')} (prefix - to reverse)`,
      )
      .default('id'),
  });
  type ListQuery = z.infer<typeof baseQuerySchema> & Row;
  const querySchema: z.ZodType = def.listFilters
    ? baseQuerySchema.extend(def.listFilters.schema.shape).strict()
    : baseQuerySchema.strict();

  router.get(base, async (req, res) => {
    const actor = actorOf(req);
    const { rest, custom } = splitCustomFilters(req.query);
    const query = parse(querySchema, rest) as ListQuery;
    const scope = def.listScope(actor);
    if (scope === 'none') throw forbidden();

    const where: Expression<SqlBool>[] = [];
    if (scope !== 'all') where.push(scope(actor));
    if (query.q) where.push(searchCondition(def.searchColumns, query.q));
    if (def.listFilters) where.push(...def.listFilters.apply(query));
    if (Object.keys(custom).length > 0) {
      const fields = new Map(
        (await customFieldsFor(db, actor.organizationId, def.table)).map((f) => [f.field_name, f]),
      );
      for (const [name, value] of Object.entries(custom)) {
        const field = fields.get(name);
        if (!field)
          throw validationFailed(`cf.${name}: no such custom field`, [
            { path: `cf.${name}`, message: 'no such custom field' },
          ]);
        where.push(customValueMatches(field.id, value));
      }
    }

    const descending = query.sort.startsWith('-');
    const column = snakeize(query.sort.replace(/^-/, ''));
    const cursor = decodeCursor(sortCursorSchema, query.cursor);
    const rows = await listRecords(db, {
      table: def.table,
      organizationId: actor.organizationId,
      archived: query.archived,
      where,
      sort: { column, direction: descending ? 'desc' : 'asc' },
      after: cursor ? { value: cursor.v, id: cursor.id } : undefined,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const lastValue = last?.[column];
    res.json({
      data: await presentRows(db, def, actor.organizationId, page),
      nextCursor:
        rows.length > query.limit && last
          ? encodeCursor({
              v: lastValue instanceof Date ? lastValue.toISOString() : (lastValue as string | number),
              id: last.id as number,
            })
          : null,
    });
  });

  router.get(`${base}/:id`, async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    let row = await loadReadable(db, def, actor, id);
    if (def.tracksAccess) row = await touchRecord(db, def.table, id);
    const [presented] = await presentRows(db, def, actor.organizationId, [row]);
    res.json({ data: presented });
  });

  router.post(base, async (req, res) => {
    const actor = actorOf(req);
    const input = parse(def.createSchema, req.body ?? {});
    if (!def.can(actor, 'create')) throw forbidden();
    const row = await createRecord(db, def, actor, auditContextOf(req), input);
    const [presented] = await presentRows(db, def, actor.organizationId, [row]);
    res.status(201).json({ data: presented });
  });

  router.patch(`${base}/:id`, async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const input = parse(def.updateSchema, req.body ?? {});
    const existing = await loadReadable(db, def, actor, id);
    if (!def.can(actor, 'update', existing)) throw forbidden();
    const row = await updateRecordCommand(db, def, actor, auditContextOf(req), existing, input);
    const [presented] = await presentRows(db, def, actor.organizationId, [row]);
    res.json({ data: presented });
  });

  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    router.post(`${base}/:id/${action}`, async (req, res) => {
      const actor = actorOf(req);
      const { id } = parse(idParamsSchema, req.params);
      const existing = await loadReadable(db, def, actor, id);
      if (!def.can(actor, action, existing)) throw forbidden();
      const row = await setArchived(db, def, auditContextOf(req), existing, archived);
      const [presented] = await presentRows(db, def, actor.organizationId, [row]);
      res.json({ data: presented });
    });
  }

  router.delete(`${base}/:id`, async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const existing = await loadReadable(db, def, actor, id);
    if (!def.can(actor, 'delete', existing)) throw forbidden();
    await deleteRecordCommand(db, def, auditContextOf(req), existing);
    res.status(204).end();
  });

  return router;
}
