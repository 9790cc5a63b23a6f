import { z } from 'zod';
import { customFieldsInput, longText, optionalRef, recordMeta, requiredText } from './fields.ts';

/**
 * Rich-text (HTML) content of documents and templates. The server sanitizes it on the way in
 * (scripts, event handlers, javascript: URLs and iframes are removed); the cap keeps one request
 * within the JSON body limit while leaving room for small inline (data:) images.
 */
export const htmlContent = () => z.string().max(1_000_000).nullable().optional();

const documentFields = {
  name: requiredText(200),
  description: longText(),
  content: htmlContent(),
  folderId: optionalRef(),
  /** Creating with a template and no `content` copies the template's content. */
  templateId: optionalRef(),
  notes: longText(),
  customFields: customFieldsInput(),
};

export const documentCreateSchema = z.object(documentFields).strict();
export const documentUpdateSchema = z.object(documentFields).partial().strict();
export type DocumentCreate = z.infer<typeof documentCreateSchema>;
export type DocumentUpdate = z.infer<typeof documentUpdateSchema>;

export const documentSchema = z
  .object({
    ...recordMeta,
    name: z.string(),
    description: z.string().nullable(),
    content: z.string().nullable(),
    folderId: z.number().int().nullable(),
    templateId: z.number().int().nullable(),
    notes: z.string().nullable(),
    lastAccessedAt: z.string().nullable(),
    /** Set from the caller on create; clients cannot set it. */
    createdByUserId: z.number().int(),
  })
  .meta({ id: 'Document' });
export type Document = z.infer<typeof documentSchema>;

// document_templates carry no custom fields (the custom_fields table does not allow them).
const documentTemplateFields = {
  name: requiredText(200),
  description: longText(),
  content: htmlContent(),
};

export const documentTemplateCreateSchema = z.object(documentTemplateFields).strict();
export const documentTemplateUpdateSchema = z.object(documentTemplateFields).partial().strict();
export type DocumentTemplateCreate = z.infer<typeof documentTemplateCreateSchema>;

export const documentTemplateSchema = z
  .object({
    ...recordMeta,
    name: z.string(),
    description: z.string().nullable(),
    content: z.string().nullable(),
    createdByUserId: z.number().int().nullable(),
  })
  .meta({ id: 'DocumentTemplate' });
export type DocumentTemplate = z.infer<typeof documentTemplateSchema>;
