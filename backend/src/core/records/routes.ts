import {
  idParamsSchema,
  importQuerySchema,
  importResultSchema,
  listQuerySchema,
  type TagSummary,
} from '@helios/shared';
import express from 'express';
import { type Expression, type Kysely, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import { forbidden, notFound, validationFailed } from '../errors.ts';
import { auditContextOf } from '../http/context.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { created, defineRoute, noContent, ok, page, type RouteSpec } from '../http/route.ts';
import type { ModuleContext } from '../module.ts';
import { camelize, snakeize } from './case.ts';
import { createRecord, deleteRecordCommand, setArchived, updateRecordCommand } from './commands.ts';
import { customFieldsFromPairs, loadCustomFields } from './custom-field-values.ts';
import { importCsv } from './csv-import.ts';
import type { RecordTable, ResourceDefinition, Row } from './definition.ts';
import { presentRecord, recordAbilities } from './presenter.ts';
import { customFieldsFor, customValueMatches } from './queries/custom-fields.ts';
import {
  findRecord,
  INCLUDED_CUSTOM,
  INCLUDED_TAGS,
  type ListOptions,
  listRecords,
  recordMatches,
  recordSearch,
  touchRecord,
} from './queries/records.ts';
import { tagsFor } from './queries/tags.ts';

/** The routes the kit serves for a resource; a module may serve some itself (`except`). */
export type RecordRoute = 'list' | 'get' | 'create' | 'update' | 'archive' | 'restore' | 'delete' | 'import';

const sortCursorSchema = z
  .object({ v: z.union([z.string(), z.number()]), id: z.number().int().positive() })
  .strict();

const what = (def: ResourceDefinition) => def.entityType.replace(/_/g, ' ');

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
  if (!row) throw notFound(`No such ${what(def)}`);
  const scope = def.listScope(actor);
  const linkedToActor =
    scope === 'all' ? true : scope === 'none' ? false : await recordMatches(db, def.table, id, scope(actor));
  if (!def.can(actor, 'read', { ...row, linkedToActor })) throw notFound(`No such ${what(def)}`);
  return row;
}

/**
 * What a list page of `def` reads in its own statement (`keysetPage`'s `include`): its tags and its
 * custom fields' values — the definitions come from the process cache, so usually no query.
 */
export async function pageIncludes(
  db: Kysely<Database>,
  def: ResourceDefinition,
  organizationId: number,
): Promise<NonNullable<PageOptions['include']>> {
  const fields = def.responseSchema.shape.customFields
    ? await customFieldsFor(db, organizationId, def.table)
    : [];
  return { tags: def.tags, customFieldIds: fields.map((f) => f.id) };
}

/**
 * Presents rows with their custom fields, tags, computed extras and the actor's abilities (a
 * constant number of queries per page; none for tags and custom values when the page's query
 * read them, `pageIncludes`).
 */
export async function presentRows(db: Kysely<Database>, def: ResourceDefinition, actor: Actor, rows: Row[]) {
  const ids = rows.map((r) => r.id as number);
  const included = (key: string) => rows.length > 0 && rows.every((r) => Object.hasOwn(r, key));
  const custom = !def.responseSchema.shape.customFields
    ? undefined
    : included(INCLUDED_CUSTOM)
      ? await customFromPairs(db, actor.organizationId, def, rows)
      : await loadCustomFields(db, actor.organizationId, def.table, ids);
  const tags = !def.tags
    ? undefined
    : included(INCLUDED_TAGS)
      ? new Map(rows.map((r) => [r.id as number, r[INCLUDED_TAGS] as TagSummary[]]))
      : await tagsFor(db, def.tags, ids);
  const extras = def.extras ? await def.extras(db, rows) : undefined;
  return rows.map((r) => {
    const id = r.id as number;
    const more = { ...extras?.get(id), ...(tags ? { tags: tags.get(id) ?? [] } : {}) };
    return presentRecord(def, r, {
      customFields: custom?.get(id) ?? {},
      ...(Object.keys(more).length > 0 ? { extras: more } : {}),
      abilities: recordAbilities(def, actor, r),
    });
  });
}

/** Custom fields by record from the pairs its page's query read. */
async function customFromPairs(
  db: Kysely<Database>,
  organizationId: number,
  def: ResourceDefinition,
  rows: Row[],
) {
  const fields = await customFieldsFor(db, organizationId, def.table);
  return new Map(
    rows.map((r) => [
      r.id as number,
      customFieldsFromPairs(fields, r[INCLUDED_CUSTOM] as [number, string | null][]),
    ]),
  );
}

/** One presented record. */
export async function presentRow(db: Kysely<Database>, def: ResourceDefinition, actor: Actor, row: Row) {
  const [presented] = await presentRows(db, def, actor, [row]);
  return presented;
}

/** The `sort=` parameter of a list: `column` or `-column` among the sortable ones (and `id`). */
export function sortSchema(sortable: readonly string[]) {
  const keys = ['id', ...sortable.map(camelize)];
  return z
    .string()
    .regex(new RegExp(`^-?(${keys.join('|')})$`), `expected one of ${keys.join(', ')} (prefix - to reverse)`)
    .default('id');
}

export interface PageOptions {
  table: RecordTable;
  organizationId: number;
  archived: 'false' | 'true' | 'all';
  where: Expression<SqlBool>[];
  /** camelCase column, `-` prefix for descending. */
  sort: string;
  limit: number;
  cursor: string | undefined;
  /** Read with the page (`pageIncludes`). */
  include?: ListOptions['include'];
}

/** One keyset page ordered by (sort column, id), with the cursor of the next one. */
export async function keysetPage(
  db: Kysely<Database>,
  o: PageOptions,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const column = snakeize(o.sort.replace(/^-/, ''));
  const cursor = decodeCursor(sortCursorSchema, o.cursor);
  const rows = await listRecords(db, {
    table: o.table,
    organizationId: o.organizationId,
    archived: o.archived,
    where: o.where,
    sort: { column, direction: o.sort.startsWith('-') ? 'desc' : 'asc' },
    after: cursor ? { value: cursor.v, id: cursor.id } : undefined,
    limit: o.limit + 1,
    ...(o.include ? { include: o.include } : {}),
  });
  const slice = rows.slice(0, o.limit);
  const last = slice.at(-1);
  const value = last?.[column];
  return {
    rows: slice,
    nextCursor:
      rows.length > o.limit && last
        ? encodeCursor({
            v: value instanceof Date ? value.toISOString() : (value as string | number),
            id: last.id as number,
          })
        : null,
  };
}

/**
 * A list's query schema that also takes `cf.<field>=value` (one value each) for custom fields; any
 * other key the schema does not name is refused.
 */
export function withCustomFieldFilters<S extends z.ZodRawShape, C extends z.core.$ZodObjectConfig>(
  known: z.ZodObject<S, C>,
) {
  return known.catchall(z.string({ message: 'expected one value' })).superRefine((value, ctx) => {
    const unknown = Object.keys(value).filter((k) => !Object.hasOwn(known.shape, k) && !k.startsWith('cf.'));
    if (unknown.length > 0) ctx.addIssue({ code: 'unrecognized_keys', keys: unknown, input: value });
  });
}

/** The documentation of `cf.<field>=` for the routes that take it. */
export const customFieldQueryPattern = {
  name: 'cf.{field}',
  description: 'Only records whose custom field has this value',
};

/**
 * The list query of a resource: the common one (`q`, `limit`, `cursor`, `archived`), `sort`, the
 * resource's own filters, and `cf.<field>=value` for its custom fields. Any other key is refused.
 */
export function listQueryOf(def: ResourceDefinition) {
  return withCustomFieldFilters(
    listQuerySchema.extend({ sort: sortSchema(def.sortable), ...def.listFilters?.schema.shape }),
  );
}

/**
 * `cf.<name>=value` filters as conditions on the table's rows (aliased `alias`); an unknown field
 * is a 400.
 */
export async function customFieldConditions(
  db: Kysely<Database>,
  organizationId: number,
  table: RecordTable,
  query: Row,
  alias = 'r',
): Promise<Expression<SqlBool>[]> {
  const wanted = Object.entries(query).filter(([k]) => k.startsWith('cf.'));
  if (wanted.length === 0) return [];
  const fields = new Map((await customFieldsFor(db, organizationId, table)).map((f) => [f.field_name, f]));
  return wanted.map(([key, value]) => {
    const field = fields.get(key.slice(3));
    if (!field)
      throw validationFailed(`${key}: no such custom field`, [
        { path: key, message: 'no such custom field' },
      ]);
    return customValueMatches(field.id, String(value), alias);
  });
}

/** The conditions of a list: the actor's scope, `q`, the resource's filters, custom fields. */
export async function listConditions(
  db: Kysely<Database>,
  def: ResourceDefinition,
  actor: Actor,
  query: Row & { q?: string | undefined },
): Promise<Expression<SqlBool>[]> {
  const scope = def.listScope(actor);
  if (scope === 'none') throw forbidden();
  const where: Expression<SqlBool>[] = [];
  if (scope !== 'all') where.push(scope(actor));
  if (query.q) where.push(recordSearch(def, query.q));
  if (def.listFilters) where.push(...def.listFilters.apply(query));
  where.push(...(await customFieldConditions(db, actor.organizationId, def.table, query)));
  return where;
}

/**
 * The routes every record resource shares: list (keyset paging, `q`, `archived`, `sort`, custom
 * field and resource filters), get (stamps last_accessed_at), create, update, archive, restore,
 * hard delete. Each is validate → load → authorize → command/query → present. A module serving one
 * of them itself names it in `except` (its own declaration then takes the path).
 */
export function recordRoutes(
  def: ResourceDefinition,
  { db }: Pick<ModuleContext, 'db'>,
  options: { except?: readonly RecordRoute[] } = {},
): RouteSpec[] {
  const base = `/${def.name}`;
  const one = `${base}/:id`;
  const tag = def.name;
  const entity = def.responseSchema;
  const archivable = def.archivable !== false;
  const routes: Partial<Record<RecordRoute, RouteSpec>> = {
    list: defineRoute({
      method: 'get',
      path: base,
      tag,
      summary: `List ${def.name}`,
      query: listQueryOf(def),
      queryPatterns: [customFieldQueryPattern],
      responses: { 200: { description: 'A page', page: entity } },
      errors: [400, 401, 403],
      async handle({ actor, query }) {
        const { rows, nextCursor } = await keysetPage(db, {
          table: def.table,
          organizationId: actor.organizationId,
          archived: archivable ? query.archived : 'all',
          where: await listConditions(db, def, actor, query),
          sort: query.sort,
          limit: query.limit,
          cursor: query.cursor,
          include: await pageIncludes(db, def, actor.organizationId),
        });
        return page(await presentRows(db, def, actor, rows), nextCursor);
      },
    }),
    get: defineRoute({
      method: 'get',
      path: one,
      tag,
      summary: def.tracksAccess ? 'Get one (stamps last access)' : 'Get one',
      params: idParamsSchema,
      responses: { 200: { description: 'OK', data: entity } },
      errors: [400, 401, 404],
      async handle({ actor, params }) {
        let row = await loadReadable(db, def, actor, params.id);
        if (def.tracksAccess) row = await touchRecord(db, def.table, params.id);
        return ok(await presentRow(db, def, actor, row));
      },
    }),
    create: defineRoute({
      method: 'post',
      path: base,
      tag,
      summary: 'Create',
      body: def.createSchema,
      responses: { 201: { description: 'Created', data: entity } },
      errors: [400, 401, 403, 409],
      async handle({ req, actor, body }) {
        if (!def.can(actor, 'create')) throw forbidden();
        const row = await createRecord(db, def, actor, auditContextOf(req), body);
        return created(await presentRow(db, def, actor, row));
      },
    }),
    update: defineRoute({
      method: 'patch',
      path: one,
      tag,
      summary: 'Update (partial)',
      params: idParamsSchema,
      body: def.updateSchema,
      responses: { 200: { description: 'Updated', data: entity } },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, params, body }) {
        const existing = await loadReadable(db, def, actor, params.id);
        if (!def.can(actor, 'update', existing)) throw forbidden();
        const row = await updateRecordCommand(db, def, actor, auditContextOf(req), existing, body);
        return ok(await presentRow(db, def, actor, row));
      },
    }),
    delete: defineRoute({
      method: 'delete',
      path: one,
      tag,
      summary: 'Hard delete (admin)',
      params: idParamsSchema,
      responses: { 204: { description: 'Deleted', empty: true } },
      errors: [400, 401, 403, 404, 409],
      async handle({ req, actor, params }) {
        const existing = await loadReadable(db, def, actor, params.id);
        if (!def.can(actor, 'delete', existing)) throw forbidden();
        await deleteRecordCommand(db, def, auditContextOf(req), existing);
        return noContent();
      },
    }),
  };
  if (archivable) {
    for (const [action, archived] of [
      ['archive', true],
      ['restore', false],
    ] as const) {
      routes[action] = defineRoute({
        method: 'post',
        path: `${one}/${action}`,
        tag,
        summary: archived ? 'Archive' : 'Restore',
        params: idParamsSchema,
        responses: { 200: { description: 'OK', data: entity } },
        errors: [400, 401, 403, 404],
        async handle({ req, actor, params }) {
          const existing = await loadReadable(db, def, actor, params.id);
          if (!def.can(actor, action, existing)) throw forbidden();
          const row = await setArchived(db, def, auditContextOf(req), existing, archived);
          return ok(await presentRow(db, def, actor, row));
        },
      });
    }
  }
  const spec = def.csvImport;
  if (spec) {
    routes.import = defineRoute({
      method: 'post',
      path: `${base}/import`,
      tag,
      summary: `Import ${def.name} from CSV (dry run by default; dryRun=false writes the good rows in one transaction)`,
      description:
        'Body: text/csv with a header line. Each row is checked like a POST (or a PATCH when it names an existing record by its key) and reported as create, update or refuse with its errors. Column names of Snipe-IT and ITFlow exports are understood (README).',
      query: importQuerySchema,
      bodyContent: { 'text/csv': z.string() },
      use: [express.text({ type: 'text/csv', limit: '25mb' })],
      responses: { 200: { description: 'What each row did (or would do)', data: importResultSchema } },
      errors: [400, 401, 403, 409, 413],
      async handle({ req, actor, query }) {
        if (!def.can(actor, 'create')) throw forbidden();
        if (typeof req.body !== 'string' || !req.is('text/csv'))
          throw validationFailed('Send the rows as text/csv with a header line');
        const result = await importCsv(
          db,
          def,
          spec,
          actor,
          auditContextOf(req),
          req.body,
          query.dryRun === 'true',
        );
        return ok(result);
      },
    });
  }
  const except = new Set(options.except ?? []);
  return Object.entries(routes)
    .filter(([name]) => !except.has(name as RecordRoute))
    .map(([, route]) => route);
}
