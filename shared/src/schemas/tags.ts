import { z } from 'zod';
import { tagTypes } from '../enums.ts';
import { idSchema } from './common.ts';
import { recordMeta, requiredText } from './fields.ts';

/** `#rrggbb`. */
const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'expected a color as #rrggbb')
  .nullable()
  .optional();

// A tag's type limits what it can be put on (`user`, `asset`, `ticket`); `general` or no type fits
// everything. Name + type is unique (409 on a duplicate).
const tagFields = {
  name: requiredText(100),
  type: z.enum(tagTypes).nullable().optional(),
  color,
};

export const tagCreateSchema = z.object(tagFields).strict();
export const tagUpdateSchema = z.object(tagFields).partial().strict();
export type TagCreate = z.infer<typeof tagCreateSchema>;

/** `GET /tags` filters: `type=` exactly, `appliesTo=` tags that may be put on that kind of record. */
export const tagListFiltersSchema = z.object({
  type: z.enum(tagTypes).optional(),
  appliesTo: z.enum(['user', 'asset', 'ticket']).optional(),
});

export const tagSchema = z
  .object({
    ...recordMeta,
    name: z.string(),
    type: z.enum(tagTypes).nullable(),
    color: z.string().nullable(),
  })
  .meta({ id: 'Tag' });
export type Tag = z.infer<typeof tagSchema>;

/** A tag as shown on the records that carry it (`tags: [...]`). */
export const tagSummarySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    type: z.enum(tagTypes).nullable(),
    color: z.string().nullable(),
  })
  .meta({ id: 'TagSummary' });
export type TagSummary = z.infer<typeof tagSummarySchema>;

/**
 * `tag=<id>` (repeatable: `?tag=3&tag=7`) and `tagMode=` of every taggable list: records carrying
 * any of the tags (the default) or all of them.
 */
export const tagListFilters = {
  tag: z.union([idSchema, z.array(idSchema).min(1).max(20)]).optional(),
  tagMode: z.enum(['any', 'all']).default('any'),
};
