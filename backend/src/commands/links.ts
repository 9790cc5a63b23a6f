import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { deleteLink, insertLink, type JunctionRow } from '../queries/links.ts';
import {
  deleteTagAssignment,
  insertTagAssignment,
  type TagRow,
  type TaggableTable,
} from '../queries/tags.ts';
import { linkableResource, type LinkSide } from '../resources/links.ts';
import { recordAudit, type AuditContext } from './audit.ts';

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
 * Links two records (idempotent). The junction row and its audit row (`link`) are written in one
 * transaction; linking what is already linked changes nothing and records nothing.
 */
export async function linkRecords(
  db: Kysely<Database>,
  ctx: AuditContext,
  side: LinkSide,
  fromId: number,
  toId: number,
): Promise<boolean> {
  const { row, audit } = canonical(side, fromId, toId);
  return db.transaction().execute(async (trx) => {
    const inserted = await insertLink(trx, row);
    if (inserted) {
      await recordAudit(trx, ctx, {
        action: 'link',
        entityType: audit.entityType,
        entityId: audit.entityId,
        description: `Linked ${audit.what}`,
        newValue: audit.value,
      });
    }
    return inserted;
  });
}

/** Unlinks two records (idempotent); the audit row (`unlink`) is written only when a link went. */
export async function unlinkRecords(
  db: Kysely<Database>,
  ctx: AuditContext,
  side: LinkSide,
  fromId: number,
  toId: number,
): Promise<boolean> {
  const { row, audit } = canonical(side, fromId, toId);
  return db.transaction().execute(async (trx) => {
    const deleted = await deleteLink(trx, row);
    if (deleted) {
      await recordAudit(trx, ctx, {
        action: 'unlink',
        entityType: audit.entityType,
        entityId: audit.entityId,
        description: `Unlinked ${audit.what}`,
        oldValue: audit.value,
      });
    }
    return deleted;
  });
}

/** The record a tag goes on. */
export interface TagTarget {
  table: TaggableTable;
  entityType: string;
  id: number;
}

/** Puts a tag on a record (idempotent), audited (`tag`) in the same transaction when it changes. */
export async function tagRecord(
  db: Kysely<Database>,
  ctx: AuditContext,
  target: TagTarget,
  tag: Pick<TagRow, 'id' | 'name'>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inserted = await insertTagAssignment(trx, target.table, target.id, tag.id);
    if (inserted) {
      await recordAudit(trx, ctx, {
        action: 'tag',
        entityType: target.entityType,
        entityId: target.id,
        description: `Tagged ${target.entityType.replace(/_/g, ' ')} ${target.id} with "${tag.name}"`,
        newValue: { tag_id: tag.id, name: tag.name },
      });
    }
    return inserted;
  });
}

/** Takes a tag off a record (idempotent), audited (`untag`) when it was there. */
export async function untagRecord(
  db: Kysely<Database>,
  ctx: AuditContext,
  target: TagTarget,
  tag: Pick<TagRow, 'id' | 'name'>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted = await deleteTagAssignment(trx, target.table, target.id, tag.id);
    if (deleted) {
      await recordAudit(trx, ctx, {
        action: 'untag',
        entityType: target.entityType,
        entityId: target.id,
        description: `Removed tag "${tag.name}" from ${target.entityType.replace(/_/g, ' ')} ${target.id}`,
        oldValue: { tag_id: tag.id, name: tag.name },
      });
    }
    return deleted;
  });
}
