import {
  customFieldListQuerySchema,
  idParamsSchema,
  linkParamsSchema,
  linksOfParamsSchema,
  tagAssignmentParamsSchema,
  userDirectoryQuerySchema,
  type LinkSummary,
  type Links,
} from '@helios/shared';
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Expression, Kysely, SqlBool } from 'kysely';
import { z } from 'zod';
import { setLinked, setTagged } from '../commands/links.ts';
import {
  createRecord,
  deleteRecordCommand,
  setArchived,
  updateRecordCommand,
} from '../../../core/records/commands.ts';
import type { Database } from '../../../core/db/schema.ts';
import { actorOf, auditContextOf } from '../../../core/http/context.ts';
import { decodeCursor, encodeCursor } from '../../../core/http/cursor.ts';
import { forbidden, invalidLink, notFound, validationFailed } from '../../../core/errors.ts';
import { parse } from '../../../core/http/validate.ts';
import type { Actor } from '../../../core/auth/actor.ts';
import { canDocumentation, documentationListScope } from '../../documentation/policies/documentation.ts';
import { canTicket, displayNumber, ticketPartyCondition, type TicketRecord } from '../../tickets/index.ts';
import { canUser } from '../../people/policies/users.ts';
import { presentRecord, summarizeRecord } from '../../../core/records/presenter.ts';
import { findTicketForLinks, linkedRows, type TicketLinkRow } from '../queries/links.ts';
import { findRecord, listRecords, touchRecord } from '../../../core/records/queries/records.ts';
import { findTag } from '../queries/tags.ts';
import { userProfileCounts } from '../../../core/queries/users.ts';
import { snakeize } from '../../../core/records/case.ts';
import { customFields, tableIs } from '../resources/custom-fields.ts';
import type { RecordTable, Row } from '../../../core/records/definition.ts';
import { linkableResource, linkBetween, linksOf } from '../resources/links.ts';
import { taggableResources, tagFits } from '../resources/tags.ts';
import {
  directoryCondition,
  ensureAnotherAdmin,
  presentDirectoryEntry,
  users,
} from '../../people/resources/users.ts';
import type { ModuleContext, Registry } from '../../../core/module.ts';
import { loadReadable, presentRows, searchCondition } from '../../../core/records/routes.ts';

const sortCursorSchema = z
  .object({ v: z.union([z.string(), z.number()]), id: z.number().int().positive() })
  .strict();

/** One keyset page (the same paging the generic lists use), with the cursor of the next one. */
async function keysetPage(
  db: Kysely<Database>,
  o: {
    table: RecordTable;
    organizationId: number;
    archived: 'false' | 'true' | 'all';
    where: Expression<SqlBool>[];
    /** camelCase column, `-` prefix for descending. */
    sort: string;
    limit: number;
    cursor: string | undefined;
  },
): Promise<{ page: Row[]; nextCursor: string | null }> {
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
  });
  const page = rows.slice(0, o.limit);
  const last = page.at(-1);
  const value = last?.[column];
  return {
    page,
    nextCursor:
      rows.length > o.limit && last
        ? encodeCursor({
            v: value instanceof Date ? value.toISOString() : (value as string | number),
            id: last.id as number,
          })
        : null,
  };
}

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : null);

// ------------------------------------------------------------------ users

function userRoutes(router: Router, db: Kysely<Database>) {
  router.get('/users', async (req, res, next) => {
    const actor = actorOf(req);
    // Staff get full records and contacts only themselves, both from the generic list; a `user`
    // gets names and emails of colleagues (rbac.md: "for pickers"), nothing private.
    if (canUser(actor, 'read') || !canUser(actor, 'read_directory')) {
      next();
      return;
    }
    const query = parse(userDirectoryQuerySchema, req.query);
    const where: Expression<SqlBool>[] = [directoryCondition];
    if (query.q) where.push(searchCondition(users.searchColumns, query.q));
    const { page, nextCursor } = await keysetPage(db, {
      table: users.table,
      organizationId: actor.organizationId,
      archived: 'false',
      where,
      sort: query.sort,
      limit: query.limit,
      cursor: query.cursor,
    });
    res.json({ data: page.map(presentDirectoryEntry), nextCursor });
  });

  // The generic get plus the seed's profile counts.
  router.get('/users/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    await loadReadable(db, users, actor, id);
    const row = await touchRecord(db, users.table, id);
    const [presented] = await presentRows(db, users, actor.organizationId, [row]);
    res.json({ data: { ...presented, counts: await userProfileCounts(db, id) } });
  });

  // Archive and hard delete refuse to remove the last live admin (409); otherwise generic.
  router.post('/users/:id/archive', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const existing = await loadReadable(db, users, actor, id);
    if (!users.can(actor, 'archive', existing)) throw forbidden();
    await ensureAnotherAdmin(db, actor.organizationId, existing);
    const row = await setArchived(db, users, auditContextOf(req), existing, true);
    const [presented] = await presentRows(db, users, actor.organizationId, [row]);
    res.json({ data: presented });
  });

  router.delete('/users/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const existing = await loadReadable(db, users, actor, id);
    if (!users.can(actor, 'delete', existing)) throw forbidden();
    await ensureAnotherAdmin(db, actor.organizationId, existing);
    await deleteRecordCommand(db, users, auditContextOf(req), existing);
    res.status(204).end();
  });
}

// ------------------------------------------------------------------ custom fields

const presentCustomField = (row: Row) => presentRecord(customFields, row, undefined);

function customFieldRoutes(router: Router, db: Kysely<Database>) {
  const def = customFields;
  router.get('/custom-fields', async (req, res) => {
    const actor = actorOf(req);
    const query = parse(customFieldListQuerySchema, req.query);
    if (def.listScope(actor) === 'none') throw forbidden();
    const where = [];
    if (query.tableName) where.push(tableIs(query.tableName));
    if (query.q) where.push(searchCondition(def.searchColumns, query.q));
    const { page, nextCursor } = await keysetPage(db, {
      table: def.table,
      organizationId: actor.organizationId,
      archived: 'all', // custom_fields has no archived_at
      where,
      sort: query.sort,
      limit: query.limit,
      cursor: query.cursor,
    });
    res.json({ data: page.map(presentCustomField), nextCursor });
  });

  router.get('/custom-fields/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    res.json({ data: presentCustomField(await loadReadable(db, def, actor, id)) });
  });

  router.post('/custom-fields', async (req, res) => {
    const actor = actorOf(req);
    const input = parse(def.createSchema, req.body ?? {});
    if (!def.can(actor, 'create')) throw forbidden();
    const row = await createRecord(db, def, actor, auditContextOf(req), input);
    res.status(201).json({ data: presentCustomField(row) });
  });

  router.patch('/custom-fields/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const input = parse(def.updateSchema, req.body ?? {});
    const existing = await loadReadable(db, def, actor, id);
    if (!def.can(actor, 'update', existing)) throw forbidden();
    const row = await updateRecordCommand(db, def, actor, auditContextOf(req), existing, input);
    res.json({ data: presentCustomField(row) });
  });

  // Deleting a field deletes its values with it (custom_values cascades).
  router.delete('/custom-fields/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parse(idParamsSchema, req.params);
    const existing = await loadReadable(db, def, actor, id);
    if (!def.can(actor, 'delete', existing)) throw forbidden();
    await deleteRecordCommand(db, def, auditContextOf(req), existing);
    res.status(204).end();
  });
}

// ------------------------------------------------------------------ records that links and tags touch

/** A record a link or tag route acts on, after read access was checked. */
interface Target {
  entityType: string;
  archived: boolean;
  /** Whether the actor may change its links and tags. */
  canWrite: boolean;
}

const ticketFacts = (t: TicketLinkRow): TicketRecord => ({
  createdByUserId: t.created_by_user_id,
  relatedUserId: t.related_user_id,
  watcherUserIds: t.watcher_user_ids,
});

/**
 * Loads a record by resource name at request time: through its registered definition; tickets from
 * their table with the ticket policy; a documentation resource whose definition is not registered
 * yet from its table, under the documentation policy for unlinked records (staff only).
 * Missing, foreign or unreadable → 404.
 */
async function loadTarget(
  db: Kysely<Database>,
  registry: Registry,
  actor: Actor,
  name: string,
  id: number,
): Promise<Target> {
  const def = registry.resource(name);
  if (def) {
    const row = await loadReadable(db, def, actor, id);
    return {
      entityType: def.entityType,
      archived: row.archived_at != null,
      canWrite: def.can(actor, 'link', row),
    };
  }
  if (name === 'tickets') {
    const ticket = await findTicketForLinks(db, actor.organizationId, id);
    if (!ticket || !canTicket(actor, 'read', ticketFacts(ticket))) throw notFound('No such ticket');
    return {
      entityType: 'ticket',
      archived: ticket.archived_at !== null,
      canWrite: canTicket(actor, 'update', ticketFacts(ticket)),
    };
  }
  const known = linkableResource(name);
  const row = known ? await findRecord(db, known.table, actor.organizationId, id) : undefined;
  if (!known || !row || !canDocumentation(actor, 'read', { linkedToActor: false }))
    throw notFound(`No such ${(known?.entityType ?? name).replace(/_/g, ' ')}`);
  return {
    entityType: known.entityType,
    archived: row.archived_at != null,
    canWrite: canDocumentation(actor, 'link'),
  };
}

/** How the actor reads the records of one resource in a link list: which rows, and their summary. */
interface Reader {
  /** undefined = every linked row; 'none' = no rows; otherwise the rows matching it (table as `r`). */
  scope: Expression<SqlBool> | 'none' | undefined;
  summarize(row: Row): LinkSummary;
}

function readerFor(registry: Registry, actor: Actor, name: string): Reader {
  const def = registry.resource(name);
  if (def) {
    const scope = def.listScope(actor);
    return {
      scope: scope === 'all' ? undefined : scope === 'none' ? 'none' : scope(actor),
      summarize: (row) => ({ ...summarizeRecord(def, row), archivedAt: iso(row.archived_at) }),
    };
  }
  if (name === 'tickets') {
    return {
      // The tickets module's own party rule (all for staff), on the linked table aliased `r`.
      scope: ticketPartyCondition(actor, 'r'),
      summarize: (row) => ({
        id: row.id as number,
        title: String(row.subject),
        subtitle: displayNumber({ prefix: String(row.prefix), number: Number(row.number) }),
        archivedAt: iso(row.archived_at),
      }),
    };
  }
  const known = linkableResource(name);
  return {
    // Without a definition there is no "linked to the actor" rule: staff see all, others nothing.
    scope: documentationListScope(actor) === 'all' ? undefined : 'none',
    summarize: (row) => ({
      id: row.id as number,
      title: String(row[known?.titleColumn ?? 'name'] ?? ''),
      subtitle: null,
      archivedAt: iso(row.archived_at),
    }),
  };
}

/** A resource name link routes answer for (others fall through to a 404 for the unknown route). */
const isKnownResource = (registry: Registry, name: unknown): name is string =>
  typeof name === 'string' && (linkableResource(name) !== undefined || registry.resource(name) !== undefined);

const archivedError = (path: string, what: string) =>
  validationFailed(`${path}: the ${what} is archived; restore it first`, [
    { path, message: `the ${what} is archived; restore it first` },
  ]);

// ------------------------------------------------------------------ tags on records

function tagRoutes(router: Router, db: Kysely<Database>, registry: Registry) {
  for (const [name, taggable] of Object.entries(taggableResources)) {
    const change = (assign: boolean) => async (req: Request, res: Response) => {
      const actor = actorOf(req);
      const { id, tagId } = parse(tagAssignmentParamsSchema, req.params);
      const target = await loadTarget(db, registry, actor, name, id);
      if (!target.canWrite) throw forbidden();
      const tag = await findTag(db, actor.organizationId, tagId);
      if (!tag) throw notFound('No such tag');
      const ctx = auditContextOf(req);
      const record = { table: taggable.table, entityType: target.entityType, id };
      if (assign) {
        if (target.archived) throw archivedError('id', target.entityType.replace(/_/g, ' '));
        if (tag.archived_at !== null) throw archivedError('tagId', 'tag');
        if (!tagFits(tag.type, taggable.tagType)) {
          const message = `a ${String(tag.type)} tag cannot go on a ${taggable.tagType}`;
          throw validationFailed(`tagId: ${message}`, [{ path: 'tagId', message }]);
        }
      }
      await setTagged(db, ctx, record, tag, assign);
      res.status(204).end();
    };
    router.put(`/${name}/:id/tags/:tagId`, change(true));
    router.delete(`/${name}/:id/tags/:tagId`, change(false));
  }
}

// ------------------------------------------------------------------ links

function linkRoutes(router: Router, db: Kysely<Database>, registry: Registry) {
  router.get('/:resource/:id/links', async (req, res, next) => {
    if (!isKnownResource(registry, req.params.resource)) {
      next();
      return;
    }
    const actor = actorOf(req);
    const { resource, id } = parse(linksOfParamsSchema, req.params);
    await loadTarget(db, registry, actor, resource, id);
    const data: Links = {};
    for (const side of linksOf(resource)) {
      const other = side.to.resource;
      const reader = readerFor(registry, actor, other);
      const table = linkableResource(other)?.table;
      if (reader.scope === 'none' || !table) {
        data[other] = [];
        continue;
      }
      const rows = await linkedRows(db, {
        junction: side.junction.table,
        fromColumn: side.from.column,
        toColumn: side.to.column,
        toTable: table,
        organizationId: actor.organizationId,
        id,
        scope: reader.scope,
      });
      data[other] = rows.map((row) => reader.summarize(row));
    }
    res.json({ data });
  });

  const change = (link: boolean) => async (req: Request, res: Response, next: NextFunction) => {
    if (!isKnownResource(registry, req.params.resource)) {
      next();
      return;
    }
    const actor = actorOf(req);
    const p = parse(linkParamsSchema, req.params);
    const side = linkBetween(p.resource, p.other);
    if (!side)
      throw invalidLink(`${p.resource} and ${p.other} cannot be linked: no junction table joins them`);
    const from = await loadTarget(db, registry, actor, p.resource, p.id);
    const to = await loadTarget(db, registry, actor, p.other, p.otherId);
    if (!from.canWrite || !to.canWrite) throw forbidden();
    if (link) {
      if (from.archived) throw archivedError('id', from.entityType.replace(/_/g, ' '));
      if (to.archived) throw archivedError('otherId', to.entityType.replace(/_/g, ' '));
    }
    await setLinked(db, auditContextOf(req), side, p.id, p.otherId, link);
    res.status(204).end();
  };
  router.put('/:resource/:id/links/:other/:otherId', change(true));
  router.delete('/:resource/:id/links/:other/:otherId', change(false));
}

/**
 * Routes of the directory group beyond the generic record routes: the users directory view,
 * profile counts and last-admin guard; custom field definitions; tags on users, assets and
 * tickets; and the links between any two records that share a junction table.
 */
export function directoryRoutes({ db, registry }: ModuleContext): Router {
  const router = Router();
  userRoutes(router, db);
  customFieldRoutes(router, db);
  tagRoutes(router, db, registry);
  linkRoutes(router, db, registry);
  return router;
}
