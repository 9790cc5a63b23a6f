import { z } from 'zod';
import { idSchema } from './common.ts';
import { customFieldsInput, longText, optionalDate, optionalRef, recordMeta } from './fields.ts';

// One DNS label (letters, digits, inner hyphens, ≤ 63) and a top-level label that is alphabetic or
// an IDN in punycode (xn--…).
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const TLD = '(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})';
const DOMAIN_NAME = new RegExp(`^(?:${LABEL}\\.)+${TLD}$`);
const WILDCARD_DOMAIN_NAME = new RegExp(`^(?:\\*\\.)?(?:${LABEL}\\.)+${TLD}$`);

const domainMessage = 'expected a domain name like example.com (internationalized names in punycode, xn--…)';

/**
 * A registrable or host domain name, stored as DNS compares it: trimmed, lower-case, without the
 * root's trailing dot. Capped at the column's 200 characters.
 */
export const domainNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .overwrite((v) => v.replace(/\.$/, ''))
  .min(1, 'must not be empty')
  .max(200)
  .regex(DOMAIN_NAME, domainMessage);

/** Like domainNameSchema, but a certificate may also name a wildcard (`*.example.com`). */
export const certificateDomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .overwrite((v) => v.replace(/\.$/, ''))
  .max(200)
  .regex(WILDCARD_DOMAIN_NAME, domainMessage);

const ipv4 = z.ipv4();
const ipv6 = z.ipv6();

/** One or more IP addresses (v4 or v6), separated by commas or spaces, as a domain's A/AAAA records. */
const ipAddresses = z
  .string()
  .trim()
  .max(100)
  .refine(
    (value) =>
      value === '' ||
      value
        .split(/[\s,]+/)
        .filter(Boolean)
        .every((ip) => ipv4.safeParse(ip).success || ipv6.safeParse(ip).success),
    'expected IP addresses (v4 or v6), separated by commas',
  )
  .nullable()
  .optional();

// is_google_workspace_domain and google_domain_verified come from the Workspace sync: they are in
// responses but not accepted here.
const domainFields = {
  name: domainNameSchema,
  description: longText(),
  expireDate: optionalDate(),
  ipAddress: ipAddresses,
  nameservers: longText(),
  mailServers: longText(),
  txtRecords: longText(),
  rawWhois: longText(),
  registrarVendorId: optionalRef(),
  webhostVendorId: optionalRef(),
  dnshostVendorId: optionalRef(),
  mailhostVendorId: optionalRef(),
  notes: longText(),
  customFields: customFieldsInput(),
};

export const domainCreateSchema = z.object(domainFields).strict();
export const domainUpdateSchema = z.object(domainFields).partial().strict();
export type DomainCreate = z.infer<typeof domainCreateSchema>;
export type DomainUpdate = z.infer<typeof domainUpdateSchema>;

/** `GET /domains` filters beyond the common list query. */
export const domainListFiltersSchema = z.object({
  /** Expires on or before this day (domains without an expiry are left out). */
  expiresBefore: z.iso.date('expected a date as YYYY-MM-DD').optional(),
  /** The vendor is the registrar, web host, DNS host or mail host. */
  vendorId: idSchema.optional(),
});

export const domainSchema = z
  .object({
    ...recordMeta,
    name: z.string(),
    description: z.string().nullable(),
    expireDate: z.string().nullable(),
    ipAddress: z.string().nullable(),
    nameservers: z.string().nullable(),
    mailServers: z.string().nullable(),
    txtRecords: z.string().nullable(),
    rawWhois: z.string().nullable(),
    registrarVendorId: z.number().int().nullable(),
    webhostVendorId: z.number().int().nullable(),
    dnshostVendorId: z.number().int().nullable(),
    mailhostVendorId: z.number().int().nullable(),
    isGoogleWorkspaceDomain: z.boolean(),
    googleDomainVerified: z.boolean(),
    notes: z.string().nullable(),
    lastAccessedAt: z.string().nullable(),
  })
  .meta({ id: 'Domain' });
export type Domain = z.infer<typeof domainSchema>;
