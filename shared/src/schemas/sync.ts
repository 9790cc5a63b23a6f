import { z } from 'zod';

// The directory sync: each provider's connection settings (Google Workspace today), and the runs
// every provider shares (`GET /sync/runs` lists them all, each naming its provider).

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
  .strict()
  .meta({ id: 'GoogleSettingsInput' });
export type GoogleSettingsInput = z.infer<typeof googleSettingsInputSchema>;

/** The Google connection as shown: never the key, only which service account it is. */
export const googleSettingsSchema = z
  .object({
    configured: z.boolean(),
    serviceAccountEmail: z.string().nullable(),
    adminEmail: z.string().nullable(),
    customerId: z.string().nullable(),
    syncIntervalMinutes: z.number().int().nullable(),
    lastSyncAt: z.string().nullable(),
    lastSyncStatus: z.string().nullable(),
  })
  .meta({ id: 'GoogleSettings' });
export type GoogleSettings = z.infer<typeof googleSettingsSchema>;

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID');

/** The Microsoft 365 connection: an Entra ID app registration with application permissions. */
export const microsoftSettingsInputSchema = z
  .object({
    /** The directory (tenant) id. */
    tenantId: guid,
    /** The app registration's application (client) id. */
    clientId: guid,
    /** A client secret of the app registration (sealed; never returned). Or a certificate: */
    clientSecret: z.string().min(1).max(1000).optional(),
    /** A certificate uploaded to the app registration and its RSA private key, both PEM (sealed). */
    certificate: z
      .object({ certificate: z.string().min(100).max(20_000), privateKey: z.string().min(100).max(20_000) })
      .strict()
      .optional(),
    syncIntervalMinutes: z.number().int().min(5).max(1440).optional(),
  })
  .strict()
  .refine((v) => (v.clientSecret === undefined) !== (v.certificate === undefined), {
    message: 'give a client secret or a certificate (exactly one)',
    path: ['clientSecret'],
  })
  .meta({ id: 'MicrosoftSettingsInput' });
export type MicrosoftSettingsInput = z.infer<typeof microsoftSettingsInputSchema>;

/** The Microsoft connection as shown: never the secret. */
export const microsoftSettingsSchema = z
  .object({
    configured: z.boolean(),
    tenantId: z.string().nullable(),
    clientId: z.string().nullable(),
    syncIntervalMinutes: z.number().int().nullable(),
    lastSyncAt: z.string().nullable(),
    lastSyncStatus: z.string().nullable(),
  })
  .meta({ id: 'MicrosoftSettings' });
export type MicrosoftSettings = z.infer<typeof microsoftSettingsSchema>;

/** The directories Helios syncs from (the `provider` of a run). */
export const syncProviderSchema = z.enum(['google', 'microsoft']).meta({ id: 'SyncProvider' });
export type SyncProvider = z.infer<typeof syncProviderSchema>;

const phaseCounts = z.object({
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  archived: z.number(),
});

export const syncRunSchema = z
  .object({
    id: z.number().int(),
    provider: syncProviderSchema,
    status: z.enum(['queued', 'running', 'succeeded', 'failed']),
    trigger: z.string(),
    phase: z.string().nullable(),
    /** Items listed per phase; a finished run has every phase it went through. */
    progress: z.record(z.string(), z.number()),
    counts: z.record(z.string(), phaseCounts),
    errors: z.array(z.object({ phase: z.string(), message: z.string() })),
    requestCount: z.number().int(),
    requestedByUserId: z.number().int().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    durationMs: z.number().int().nullable(),
  })
  .meta({ id: 'SyncRun' });
export type SyncRun = z.infer<typeof syncRunSchema>;

/** `POST /sync/<provider>` → 202: the queued run, or the one already queued or running. */
export const syncStartSchema = z
  .object({
    runId: z.number().int(),
    status: z.string(),
    alreadyRunning: z.boolean(),
  })
  .meta({ id: 'SyncStart' });
export type SyncStart = z.infer<typeof syncStartSchema>;

export const syncRunListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(20),
    cursor: z.string().max(100).optional(),
  })
  .strict();
