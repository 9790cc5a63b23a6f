import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';
import { deleteLink, insertLink, type JunctionRow } from '../queries/links.ts';
import { setTagAssignment, type TagRow, type TaggableTable } from '../queries/tags.ts';
import { linkableResource, type LinkSide } from '../resources/links.ts';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';

/**
 * A link in its canonical orientation (the junction's own `a` → `b`), so that
 * `PUT /assets/4/links/users/9` and `PUT /users/9/links/assets/4` write the same row and the same
 * audit entry.
 */
function canonical(side: LinkSide, fromId: number, toId: number) {
  const { junction } = side;
  const aId = side.from === junction.a ? fromId : toId;
  const bId = side.from === junction.a ? toId : fromId;
  const row: JunctionRow = {
    table: junction.table,
    values: { [junction.a.column]: aId, [junction.b.column]: bId },
  };
  const aType = linkableResource(junction.a.resource)?.entityType ?? junction.a.resource;
  const bType = linkableResource(junction.b.resource)?.entityType ?? junction.b.resource;
  return {
    row,
    audit: {
      entityType: aType,
      entityId: aId,
      value: { table: junction.table, ...row.values },
      what: `${aType} ${aId} and ${bType.replace(/_/g, ' ')} ${bId}`,
    },
  };
}

/**
 * Links (`linked` true) or unlinks two records, idempotently. The junction row and its audit row
 * (`link` / `unlink`) are written in one transaction; a call that changes nothing records nothing.
 * Returns whether anything changed.
 */
export async function setLinked(
  db: Kysely<Database>,
  ctx: AuditContext,
  side: LinkSide,
  fromId: number,
  toId: number,
  linked: boolean,
): Promise<boolean> {
  const { row, audit } = canonical(side, fromId, toId);
  return db.transaction().execute(async (trx) => {
    const changed = linked ? await insertLink(trx, row) : await deleteLink(trx, row);
    if (changed) {
      await recordAudit(trx, ctx, {
        action: linked ? 'link' : 'unlink',
        entityType: audit.entityType,
        entityId: audit.entityId,
        description: `${linked ? 'Linked' : 'Unlinked'} ${audit.what}`,
        ...(linked ? { newValue: audit.value } : { oldValue: audit.value }),
      });
    }
    return changed;
  });
}

/** The record a tag goes on. */
export interface TagTarget {
  table: TaggableTable;
  entityType: string;
  id: number;
}

/** Puts a tag on (`tagged` true) or takes it off a record, idempotently, audited (`tag` / `untag`) when it changed. */
export async function setTagged(
  db: Kysely<Database>,
  ctx: AuditContext,
  target: TagTarget,
  tag: Pick<TagRow, 'id' | 'name'>,
  tagged: boolean,
): Promise<boolean> {
  const what = `${target.entityType.replace(/_/g, ' ')} ${target.id}`;
  const value = { tag_id: tag.id, name: tag.name };
  return db.transaction().execute(async (trx) => {
    const changed = await setTagAssignment(trx, target.table, target.id, tag.id, tagged);
    if (changed) {
      await recordAudit(trx, ctx, {
        action: tagged ? 'tag' : 'untag',
        entityType: target.entityType,
        entityId: target.id,
        description: tagged ? `Tagged ${what} with "${tag.name}"` : `Removed tag "${tag.name}" from ${what}`,
        ...(tagged ? { newValue: value } : { oldValue: value }),
      });
    }
    return changed;
  });
}
