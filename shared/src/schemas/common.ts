import { z } from 'zod';

/** A database id in a path or body: a positive 32-bit integer. */
export const idSchema = z.coerce
  .number({ message: 'expected a positive integer id' })
  .int('expected a positive integer id')
  .positive('expected a positive integer id')
  .max(2_147_483_647, 'id out of range');

export const idParamsSchema = z.object({ id: idSchema }).strict();

/** `?archived=` of every list: false (default) hides archived rows, true shows only them, all both. */
export const archivedFilterSchema = z.enum(['false', 'true', 'all']).default('false');

/** Query string every list accepts (resources add their own filters with `.extend`). */
export const listQuerySchema = z
  .object({
    q: z.string().trim().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    archived: archivedFilterSchema,
  })
  .strict();
export type ListQuery = z.infer<typeof listQuerySchema>;

/** ISO-8601 timestamp with a zone, as every API timestamp is sent. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** `{ data }` envelope. */
export const dataEnvelope = <T extends z.ZodType>(schema: T) => z.object({ data: schema });

/** `{ data: [...], nextCursor }` envelope of lists. */
export const listEnvelope = <T extends z.ZodType>(schema: T) =>
  z.object({ data: z.array(schema), nextCursor: z.string().nullable() });
