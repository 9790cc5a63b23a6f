import type { LinkSummary } from '@helios/shared';
import type { Expression, Kysely, SqlBool } from 'kysely';
import type { Actor } from '../../../core/auth/actor.ts';
import type { Database } from '../../../core/db/schema.ts';
import { notFound, validationFailed } from '../../../core/errors.ts';
import type { Registry } from '../../../core/module.ts';
import type { Row } from '../../../core/records/definition.ts';
import { summarizeRecord } from '../../../core/records/presenter.ts';
import { findRecord } from '../../../core/records/queries/records.ts';
import { loadReadable } from '../../../core/records/routes.ts';
import { canDocumentation, documentationListScope } from '../../documentation/index.ts';
import { canTicket, displayNumber, ticketPartyCondition, type TicketRecord } from '../../tickets/index.ts';
import { findTicketForLinks, type TicketLinkRow } from '../queries/links.ts';
import { linkableResource } from '../resources/links.ts';

// The records links and tags act on, loaded by resource name with the read policy of their own
// module (links and tags join records of every module, so they look resources up in the registry).

/** A record a link or tag route acts on, after read access was checked. */
export interface Target {
  entityType: string;
  archived: boolean;
  /** Whether the actor may change its links and tags. */
  canWrite: boolean;
}

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : null);

const ticketFacts = (t: TicketLinkRow): TicketRecord => ({
  createdByUserId: t.created_by_user_id,
  relatedUserId: t.related_user_id,
  watcherUserIds: t.watcher_user_ids,
});

/**
 * Loads a record by resource name: through its registered definition; tickets with the ticket
 * policy; a linkable resource without a definition from its table, under the documentation policy
 * for unlinked records (staff only). Missing, foreign or unreadable → 404.
 */
export async function loadTarget(
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
export interface Reader {
  /** undefined = every linked row; 'none' = no rows; otherwise the rows matching it (table as `r`). */
  scope: Expression<SqlBool> | 'none' | undefined;
  summarize(row: Row): LinkSummary;
}

export function readerFor(registry: Registry, actor: Actor, name: string): Reader {
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

export const archivedError = (path: string, what: string) =>
  validationFailed(`${path}: the ${what} is archived; restore it first`, [
    { path, message: `the ${what} is archived; restore it first` },
  ]);
