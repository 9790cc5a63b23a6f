import { z } from 'zod';

// Field builders shared by the resource schemas, so every resource validates alike: strings are
// trimmed and length-capped to their column, optional fields accept null (to clear them).

/** Required text (trimmed, non-empty) no longer than the column. */
export const requiredText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** Optional, clearable text no longer than the column. */
export const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** Optional, clearable long text (TEXT columns; capped to keep requests sane). */
export const longText = () => z.string().max(100_000).nullable().optional();

/** Optional date-only value `YYYY-MM-DD` (a real calendar date). */
export const optionalDate = () => z.iso.date('expected a date as YYYY-MM-DD').nullable().optional();

/** Optional id of another record. */
export const optionalRef = () =>
  z
    .number({ message: 'expected a positive integer id' })
    .int('expected a positive integer id')
    .positive('expected a positive integer id')
    .max(2_147_483_647)
    .nullable()
    .optional();

export const optionalEmail = () => z.email().max(200).nullable().optional();
export const optionalUrl = (max = 500) =>
  z
    .url({ protocol: /^https?$/, message: 'expected an http(s) URL' })
    .max(max)
    .nullable()
    .optional();

/** `customFields: { <fieldName>: value | null }`; values are checked against the field's type. */
export const customFieldsInput = () =>
  z
    .record(z.string().max(100), z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]))
    .optional();

/**
 * What the caller may do with a record now (computed by the policies the routes enforce): archive
 * only while it is live, restore only once archived.
 */
export const recordAbilitiesSchema = z
  .object({
    update: z.boolean(),
    archive: z.boolean(),
    restore: z.boolean(),
    delete: z.boolean(),
    link: z.boolean(),
  })
  .meta({ id: 'RecordAbilities' });
export type RecordAbilities = z.infer<typeof recordAbilitiesSchema>;

/** Columns every documentation record carries in responses. */
export const recordMeta = {
  abilities: recordAbilitiesSchema,
  id: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
  customFields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
};
