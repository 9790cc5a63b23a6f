import { z } from 'zod';
import { idSchema } from './common.ts';
import { certificateDomainSchema } from './domains.ts';
import {
  customFieldsInput,
  longText,
  optionalDate,
  optionalRef,
  recordMeta,
  requiredText,
} from './fields.ts';

/** A private key must never land in a documentation column (they are neither encrypted nor hidden). */
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Fields a PEM certificate decides; sending them beside `pem` would be ambiguous. */
const FROM_PEM = ['issuedBy', 'expireDate', 'publicKey'] as const;

const certificateFields = {
  name: requiredText(200),
  description: longText(),
  /** The host the certificate is for; a wildcard (`*.example.com`) is allowed. */
  domain: certificateDomainSchema.nullable().optional(),
  issuedBy: requiredText(200),
  expireDate: optionalDate(),
  /** The certificate itself (PEM) — public material, never a private key. */
  publicKey: z
    .string()
    .max(100_000)
    .refine((v) => !PRIVATE_KEY.test(v), 'contains a private key; store the certificate only')
    .nullable()
    .optional(),
  domainId: optionalRef(),
  notes: longText(),
  customFields: customFieldsInput(),
  /**
   * A PEM certificate (`-----BEGIN CERTIFICATE-----…`). When present the server reads issuer,
   * domain (subject CN or first DNS name) and expiry from it and stores it as publicKey; `name`
   * defaults to the domain. Replaces the stored certificate on update (a renewal).
   */
  pem: z.string().max(65_536, 'a certificate is at most 64 KiB').optional(),
};

function pemRules(requireExplicit: boolean) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (value.pem === undefined) {
      if (!requireExplicit) return;
      for (const key of ['name', 'issuedBy'] as const) {
        if (value[key] === undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: 'Required (or send the certificate as pem)' });
      }
      return;
    }
    for (const key of FROM_PEM) {
      if (value[key] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'read from pem; leave it out when sending pem',
        });
    }
  };
}

/** Create: either explicit fields (`name`, `issuedBy` required) or `pem` (everything optional). */
export const certificateCreateSchema = z
  .object({
    ...certificateFields,
    name: certificateFields.name.optional(),
    issuedBy: certificateFields.issuedBy.optional(),
  })
  .strict()
  .superRefine(pemRules(true));
export const certificateUpdateSchema = z
  .object(certificateFields)
  .partial()
  .strict()
  .superRefine(pemRules(false));
export type CertificateCreate = z.infer<typeof certificateCreateSchema>;
export type CertificateUpdate = z.infer<typeof certificateUpdateSchema>;

/** `GET /certificates` filters beyond the common list query. */
export const certificateListFiltersSchema = z.object({
  domainId: idSchema.optional(),
  /** Expires on or before this day (certificates without an expiry are left out). */
  expiresBefore: z.iso.date('expected a date as YYYY-MM-DD').optional(),
});

export const certificateSchema = z
  .object({
    ...recordMeta,
    name: z.string(),
    description: z.string().nullable(),
    domain: z.string().nullable(),
    issuedBy: z.string(),
    expireDate: z.string().nullable(),
    publicKey: z.string().nullable(),
    domainId: z.number().int().nullable(),
    notes: z.string().nullable(),
    lastAccessedAt: z.string().nullable(),
  })
  .meta({ id: 'Certificate' });
export type Certificate = z.infer<typeof certificateSchema>;
