import { z } from 'zod';
import { assetTypes, licenseTypes } from '../enums.ts';

/**
 * How long an expired item stays in `GET /expiring`: something that lapsed last week still needs
 * action (renew, replace, archive), so it is shown — flagged `expired: true` — for this many days.
 */
export const EXPIRED_GRACE_DAYS = 30;

/** `GET /expiring?days=&limit=` */
export const expiringQuerySchema = z
  .object({
    /** Look this many days ahead of today (the organization's today). */
    days: z.coerce
      .number({ message: 'expected a number of days' })
      .int('expected a whole number of days')
      .min(1)
      .max(3650)
      .default(45),
    /** At most this many items per kind (the soonest first). */
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type ExpiringQuery = z.infer<typeof expiringQuerySchema>;

const expiringBase = {
  id: z.number().int(),
  name: z.string(),
  /** The date that runs out (for assets: the warranty's end), `YYYY-MM-DD`. */
  expireDate: z.string(),
  /** Days from today to expireDate: 0 = expires today, negative = already expired. */
  daysLeft: z.number().int(),
  /** daysLeft < 0. */
  expired: z.boolean(),
};

export const expiringDomainSchema = z.object({
  ...expiringBase,
  registrarVendorId: z.number().int().nullable(),
  isGoogleWorkspaceDomain: z.boolean(),
});
export const expiringCertificateSchema = z.object({
  ...expiringBase,
  domain: z.string().nullable(),
  issuedBy: z.string(),
  domainId: z.number().int().nullable(),
});
export const expiringSoftwareLicenseSchema = z.object({
  ...expiringBase,
  licenseType: z.enum(licenseTypes).nullable(),
  seats: z.number().int().nullable(),
  vendorId: z.number().int().nullable(),
});
export const expiringAssetWarrantySchema = z.object({
  ...expiringBase,
  assetType: z.enum(assetTypes),
  serialNumber: z.string().nullable(),
  assignedToUserId: z.number().int().nullable(),
  vendorId: z.number().int().nullable(),
});

/**
 * `GET /expiring` → `{ data }`: per kind, live (unarchived) records whose date falls between
 * EXPIRED_GRACE_DAYS ago and `days` ahead, sorted by date ascending (then name).
 */
export const expiringSchema = z
  .object({
    domains: z.array(expiringDomainSchema),
    certificates: z.array(expiringCertificateSchema),
    softwareLicenses: z.array(expiringSoftwareLicenseSchema),
    assetWarranties: z.array(expiringAssetWarrantySchema),
  })
  .meta({ id: 'Expiring' });
export type Expiring = z.infer<typeof expiringSchema>;
export type ExpiringDomain = z.infer<typeof expiringDomainSchema>;
export type ExpiringCertificate = z.infer<typeof expiringCertificateSchema>;
export type ExpiringSoftwareLicense = z.infer<typeof expiringSoftwareLicenseSchema>;
export type ExpiringAssetWarranty = z.infer<typeof expiringAssetWarrantySchema>;
