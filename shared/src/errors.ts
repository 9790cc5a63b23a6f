import { z } from 'zod';

/** Stable error codes of the REST contract (api.md); clients branch on these, never on messages. */
export const errorCodes = [
  'validation_failed',
  'invalid_link',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'internal',
  'unavailable',
  'timed_out',
  /** 409: the Gmail thread already has a ticket and the request did not say `separate: true`. */
  'thread_has_ticket',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorDetailSchema = z.object({ path: z.string(), message: z.string() });
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

/** The one error shape every failing response carries. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      details: z.array(errorDetailSchema).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBodySchema>;
