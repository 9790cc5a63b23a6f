import {
  tagCreateSchema,
  tagSchema,
  tagListFiltersSchema,
  tagUpdateSchema,
  type TagType,
} from '@helios/shared';
import { sql, type SqlBool } from 'kysely';
import { conflict } from '../../../core/errors.ts';
import { isAdmin, isStaff } from '../../../core/auth/actor.ts';
import { findTagByName, tablesUsingTag, type TaggableTable } from '../queries/tags.ts';
import type { ResourceDefinition, Row } from '../../../core/records/definition.ts';

/** The resources tags go on (`PUT|DELETE /<resource>/:id/tags/:tagId`) and the tag type each takes. */
export const taggableResources: Readonly<Record<string, { table: TaggableTable; tagType: TagType }>> = {
  users: { table: 'organization_users', tagType: 'user' },
  assets: { table: 'assets', tagType: 'asset' },
  tickets: { table: 'tickets', tagType: 'ticket' },
};

const tagTypeOfTable: Record<TaggableTable, TagType> = {
  organization_users: 'user',
  assets: 'asset',
  tickets: 'ticket',
};

/** A tag fits a kind of record when it has no type, is `general`, or has that kind as its type. */
export const tagFits = (tagType: string | null, kind: TagType): boolean =>
  tagType === null || tagType === 'general' || tagType === kind;

export const tags: ResourceDefinition = {
  name: 'tags',
  table: 'tags',
  entityType: 'tag',
  createSchema: tagCreateSchema,
  responseSchema: tagSchema,
  updateSchema: tagUpdateSchema,
  listFilters: {
    schema: tagListFiltersSchema,
    apply: (f) => {
      const where = [];
      if (typeof f.type === 'string') where.push(sql<SqlBool>`r.type = ${f.type}`);
      if (typeof f.appliesTo === 'string')
        where.push(sql<SqlBool>`(r.type IS NULL OR r.type IN ('general', ${f.appliesTo}))`);
      return where;
    },
  },
  searchColumns: ['name'],
  titleColumn: 'name',
  subtitle: (row) => (row.type as string | null) ?? null,
  tracksAccess: false,
  sortable: ['name', 'created_at', 'updated_at'],
  // Tags are labels everyone inside the organization may see (they show on the records people
  // read); staff maintain them and admins alone hard-delete, as with documentation.
  can: (actor, action) =>
    action === 'read' ? actor.role !== 'contact' : action === 'delete' ? isAdmin(actor) : isStaff(actor),
  // Outside contacts see no records that carry tags, so no tag names either.
  listScope: (actor) => (actor.role === 'contact' ? 'none' : 'all'),
  async prepare(input, { db, actor, existing }) {
    const name = (input.name as string | undefined) ?? (existing?.name as string);
    const type =
      input.type !== undefined ? (input.type as string | null) : ((existing?.type as string | null) ?? null);
    const renamed = !existing || name !== existing.name || type !== existing.type;
    // The database refuses exact duplicates too; checking here (ignoring letter case, so "VIP" and
    // "vip" do not both appear) gives a message that says what clashed.
    if (
      renamed &&
      (await findTagByName(db, actor.organizationId, name, type, existing?.id as number | undefined))
    ) {
      throw conflict(`A tag named "${name}"${type ? ` of type ${type}` : ' without a type'} already exists`);
    }
    if (existing && type !== existing.type && type !== null) {
      const misfits = (await tablesUsingTag(db, existing.id as number)).filter(
        (t) => !tagFits(type, tagTypeOfTable[t]),
      );
      if (misfits.length > 0) {
        throw conflict(
          `The tag is on ${misfits.map((t) => tagTypeOfTable[t]).join(' and ')} records; remove it there before making it a ${type} tag`,
        );
      }
    }
    return input satisfies Row;
  },
};
