import { z } from 'zod';
import { idSchema } from './common.ts';

// "Everything links to everything" (api.md): records of two resources that share a junction table
// link in either direction; tags go on users, assets and tickets.

const resourceName = z.string().regex(/^[a-z][a-z-]{0,49}$/, 'expected a resource name');

/** `/:resource/:id/links/:other/:otherId`. */
export const linkParamsSchema = z
  .object({ resource: resourceName, id: idSchema, other: resourceName, otherId: idSchema })
  .strict();

/** `/:resource/:id/links`. */
export const linksOfParamsSchema = z.object({ resource: resourceName, id: idSchema }).strict();

/** `/<resource>/:id/tags/:tagId`. */
export const tagAssignmentParamsSchema = z.object({ id: idSchema, tagId: idSchema }).strict();

/** One linked record as `GET /<resource>/:id/links` lists it. */
export const linkSummarySchema = z.object({
  id: z.number().int(),
  title: z.string(),
  subtitle: z.string().nullable(),
  archivedAt: z.string().nullable(),
});
export type LinkSummary = z.infer<typeof linkSummarySchema>;

/** `{ assets: [...], credentials: [...], … }`: every resource the record can link to, keyed by name. */
export const linksSchema = z.record(z.string(), z.array(linkSummarySchema)).meta({ id: 'Links' });
export type Links = z.infer<typeof linksSchema>;
