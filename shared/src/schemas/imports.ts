import { z } from 'zod';
import { errorDetailSchema } from '../errors.ts';

/** `POST /<resource>/import?dryRun=`: a dry run (the default) reports; `false` also writes. */
export const importQuerySchema = z.object({ dryRun: z.enum(['true', 'false']).default('true') }).strict();

/** What an import did (or would do) with each row of the CSV. */
export const importResultSchema = z
  .object({
    rows: z.array(
      z.object({
        /** The CSV line the row starts on (the header is line 1). */
        line: z.number().int(),
        action: z.enum(['create', 'update', 'refuse']),
        /** Why a row is refused: `path` names the CSV column. */
        errors: z.array(errorDetailSchema),
      }),
    ),
    summary: z.object({ create: z.number().int(), update: z.number().int(), refuse: z.number().int() }),
    /** Headers that no field takes: their values were not imported. */
    ignoredColumns: z.array(z.string()),
    /** false for a dry run: nothing was written. */
    applied: z.boolean(),
  })
  .meta({ id: 'ImportResult' });
export type ImportResult = z.infer<typeof importResultSchema>;
