import { z } from 'zod';

export const googleSettingsInputSchema = z
  .object({
    /** The service-account key file: its JSON as an object or as a string. */
    serviceAccountKey: z.union([z.record(z.string(), z.unknown()), z.string().max(20_000)]),
    /** The Workspace admin the service account impersonates (domain-wide delegation). */
    adminEmail: z.email().max(200),
    customerId: z
      .string()
      .regex(/^(my_customer|C[0-9a-z]{5,20})$/, 'expected my_customer or a customer id like C01abc23d')
      .optional(),
    syncIntervalMinutes: z.number().int().min(5).max(1440).optional(),
  })
  .strict();

export const googleSettingsSchema = z.object({
  configured: z.boolean(),
  serviceAccountEmail: z.string().nullable(),
  adminEmail: z.string().nullable(),
  customerId: z.string().nullable(),
  syncIntervalMinutes: z.number().int().nullable(),
  lastSyncAt: z.string().nullable(),
  lastSyncStatus: z.string().nullable(),
});

const phaseCounts = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  archived: z.number(),
});

export const syncRunSchema = z.object({
  id: z.number().int(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  trigger: z.string(),
  phase: z.string().nullable(),
  progress: z.record(z.string(), z.number()),
  counts: z.record(z.string(), phaseCounts),
  errors: z.array(z.object({ phase: z.string(), message: z.string() })),
  requestCount: z.number().int(),
  requestedByUserId: z.number().int().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
});
export type SyncRun = z.infer<typeof syncRunSchema>;
