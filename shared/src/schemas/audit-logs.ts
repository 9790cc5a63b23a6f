import { z } from 'zod';
import { idSchema, timestampSchema } from './common.ts';

export const auditLogQuerySchema = z
  .object({
    entityType: z.string().trim().min(1).max(100).optional(),
    entityId: idSchema.optional(),
    userId: idSchema.optional(),
    action: z.string().trim().min(1).max(100).optional(),
    from: timestampSchema.optional(),
    to: timestampSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(100).optional(),
  })
  .strict();
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

export const auditLogSchema = z
  .object({
    id: z.number().int(),
    action: z.string(),
    entityType: z.string().nullable(),
    entityId: z.number().int().nullable(),
    description: z.string().nullable(),
    oldValue: z.unknown().nullable(),
    newValue: z.unknown().nullable(),
    userId: z.number().int().nullable(),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AuditLogEntry' });
export type AuditLog = z.infer<typeof auditLogSchema>;
