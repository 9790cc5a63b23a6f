import { documentCreateSchema, documentSchema, documentUpdateSchema } from '@helios/shared';
import { sql, type SqlBool } from 'kysely';
import sanitizeHtml from 'sanitize-html';
import { documentationAccess } from '../access.ts';
import { inFolderFilter, templateContent } from '../queries/content.ts';
import type { ResourceDefinition, Row } from '../../../core/records/definition.ts';

// A CSS colour: a name, #hex, or rgb()/rgba()/hsl() with plain numbers (no url(), no expressions).
const COLOR = /^(#[0-9a-f]{3,8}|[a-z]+|(rgb|rgba|hsl|hsla)\(\s*[\d.%\s,/]+\))$/i;
const LENGTH = /^\d+(\.\d+)?(px|em|rem|%|pt)?$/;
// Inline images may be embedded as data: URLs, but only of image types.
const IMAGE_DATA_URL = /^data:image\/(png|jpe?g|gif|webp|bmp|svg\+xml);base64,[a-z0-9+/=\s]*$/i;

/**
 * What document HTML may contain: ordinary formatting, headings, lists, quotes, code, links,
 * tables and images (http(s) or data:image URLs), with a few harmless inline styles. Everything
 * else — scripts, styles, event handlers, javascript:/vbscript: URLs, iframes, objects, forms — is
 * removed (sanitize-html drops disallowed tags with script-like contents entirely).
 */
const DOCUMENT_HTML: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'del', 'ins'],
  allowedAttributes: {
    a: ['href', 'name', 'target', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    ol: ['start', 'type'],
    '*': ['style'],
  },
  allowedStyles: {
    '*': {
      color: [COLOR],
      'background-color': [COLOR],
      'text-align': [/^(left|right|center|justify)$/],
      'font-weight': [/^(normal|bold|bolder|lighter|\d{3})$/],
      'font-style': [/^(normal|italic)$/],
      'text-decoration': [/^(none|underline|line-through)$/],
      width: [LENGTH],
      height: [LENGTH],
    },
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowProtocolRelative: false,
  transformTags: {
    // Links that open a new tab must not hand the opener (this page) to the target.
    a: (tagName, attribs) => ({
      tagName,
      attribs: attribs.target ? { ...attribs, rel: 'noopener noreferrer' } : attribs,
    }),
    img: (tagName, attribs) => ({
      tagName,
      attribs: Object.fromEntries(
        Object.entries(attribs).filter(
          ([name, value]) =>
            name !== 'src' || !value.trim().toLowerCase().startsWith('data:') || IMAGE_DATA_URL.test(value),
        ),
      ),
    }),
  },
};

/** Document and template HTML made safe to store and to render. */
export function sanitizeDocumentHtml(html: string): string {
  return sanitizeHtml(html, DOCUMENT_HTML);
}

/** A copy of the input with `content` sanitized when it carries some (null and absent pass through). */
export function withSanitizedContent(input: Row): Row {
  return typeof input.content === 'string'
    ? { ...input, content: sanitizeDocumentHtml(input.content) }
    : { ...input };
}

export const documents: ResourceDefinition = {
  name: 'documents',
  table: 'documents',
  entityType: 'document',
  createSchema: documentCreateSchema,
  responseSchema: documentSchema,
  updateSchema: documentUpdateSchema,
  listFilters: inFolderFilter,
  searchColumns: ['name', 'description'],
  titleColumn: 'name',
  subtitle: (row) => (row.description as string | null)?.slice(0, 200) ?? null,
  refs: { folderId: 'folders', templateId: 'document_templates' },
  tracksAccess: true,
  sortable: ['name', 'created_at', 'updated_at'],
  async prepare(input, { db, actor, existing }) {
    const out = withSanitizedContent(input);
    if (existing) return out;
    // The author comes from the caller, never from the body (the strict schema has no such key).
    out.createdByUserId = actor.userId;
    if (input.content === undefined && typeof input.templateId === 'number') {
      const content = await templateContent(db, actor.organizationId, input.templateId);
      // Stored templates are already clean; sanitizing again keeps older rows honest.
      out.content = typeof content === 'string' ? sanitizeDocumentHtml(content) : null;
    }
    return out;
  },
  // A user reads the documents linked to them.
  ...documentationAccess(
    (actor) =>
      sql<SqlBool>`EXISTS (SELECT 1 FROM user_documents ud WHERE ud.document_id = r.id AND ud.user_id = ${actor.userId})`,
  ),
};
