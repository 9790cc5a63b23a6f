import { z } from 'zod';
import { idSchema, timestampSchema } from './common.ts';

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** The user the key acts as (default: the caller); one of userId / userEmail. */
    userId: idSchema.optional(),
    userEmail: z.email().max(200).optional(),
    expiresAt: timestampSchema.optional(),
  })
  .strict()
  .refine((v) => !(v.userId && v.userEmail), {
    message: 'give userId or userEmail, not both',
    path: ['userId'],
  });
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;

export const apiKeySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string(),
    userId: z.number().int(),
    userEmail: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof apiKeySchema>;

/** Only the create response carries `key`, once. */
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() }).meta({ id: 'CreatedApiKey' });
