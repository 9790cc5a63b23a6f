import { z } from 'zod';
import { customFieldTypes } from '../enums.ts';
import { recordAbilitiesSchema, requiredText } from './fields.ts';

/** The tables that may carry custom fields (the custom_fields.table_name CHECK constraint). */
export const customFieldTables = [
  'organization_users',
  'assets',
  'credentials',
  'domains',
  'certificates',
  'software_licenses',
  'locations',
  'vendors',
  'documents',
  'files',
  'tickets',
] as const;
export type CustomFieldTable = (typeof customFieldTables)[number];

/** Dropdown choices: at least one, no repeats. */
export const customFieldOptionsSchema = z
  .object({
    options: z
      .array(requiredText(200))
      .min(1, 'a dropdown needs at least one option')
      .max(500)
      .refine((o) => new Set(o).size === o.length, 'options must be unique'),
  })
  .strict();

const fieldName = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,99}$/,
    'expected lowercase letters, digits and _ (starting with a letter, at most 100)',
  );

const editable = {
  fieldName,
  fieldLabel: requiredText(200),
  fieldType: z.enum(customFieldTypes),
  /** Required for (and only for) `dropdown` fields. */
  fieldOptions: customFieldOptionsSchema.nullable().optional(),
  displayOrder: z.number().int().min(0).max(1_000_000).optional(),
};

// The table a field belongs to is fixed at creation: moving it would orphan its values.
export const customFieldCreateSchema = z
  .object({ tableName: z.enum(customFieldTables), ...editable })
  .strict()
  .superRefine((v, ctx) => {
    if (v.fieldType === 'dropdown' && !v.fieldOptions)
      ctx.addIssue({ code: 'custom', path: ['fieldOptions'], message: 'a dropdown needs options' });
    if (v.fieldType !== 'dropdown' && v.fieldOptions)
      ctx.addIssue({ code: 'custom', path: ['fieldOptions'], message: 'only dropdown fields take options' });
  });
export const customFieldUpdateSchema = z.object(editable).partial().strict();
export type CustomFieldCreate = z.infer<typeof customFieldCreateSchema>;
export type CustomFieldUpdate = z.infer<typeof customFieldUpdateSchema>;

/** `GET /custom-fields` query string. */
export const customFieldListQuerySchema = z
  .object({
    tableName: z.enum(customFieldTables).optional(),
    q: z.string().trim().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    sort: z
      .enum([
        'id',
        '-id',
        'fieldName',
        '-fieldName',
        'displayOrder',
        '-displayOrder',
        'createdAt',
        '-createdAt',
      ])
      .default('id'),
  })
  .strict();

export const customFieldSchema = z
  .object({
    id: z.number().int(),
    abilities: recordAbilitiesSchema,
    tableName: z.enum(customFieldTables),
    fieldName: z.string(),
    fieldLabel: z.string(),
    fieldType: z.enum(customFieldTypes),
    fieldOptions: z.object({ options: z.array(z.string()) }).nullable(),
    displayOrder: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CustomField' });
export type CustomField = z.infer<typeof customFieldSchema>;
