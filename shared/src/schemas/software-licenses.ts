import { z } from 'zod';
import { licenseTypes } from '../enums.ts';
import { idSchema } from './common.ts';
import {
  customFieldsInput,
  longText,
  optionalDate,
  optionalRef,
  optionalText,
  recordMeta,
  requiredText,
} from './fields.ts';

// google_license_sku, synced_from_google and last_synced_at belong to the Google license sync:
// they are in responses but not accepted here.
const softwareLicenseFields = {
  name: requiredText(200),
  description: longText(),
  version: optionalText(100),
  licenseType: z.enum(licenseTypes).nullable().optional(),
  licenseKey: optionalText(500),
  /** Seats bought; null means unlimited or not tracked (no seat accounting then). */
  seats: z
    .number({ message: 'expected a whole number of seats' })
    .int('expected a whole number of seats')
    .min(0, 'must not be negative')
    .max(2_147_483_647)
    .nullable()
    .optional(),
  purchaseDate: optionalDate(),
  purchaseReference: optionalText(200),
  expireDate: optionalDate(),
  vendorId: optionalRef(),
  notes: longText(),
  customFields: customFieldsInput(),
};

export const softwareLicenseCreateSchema = z.object(softwareLicenseFields).strict();
export const softwareLicenseUpdateSchema = z.object(softwareLicenseFields).partial().strict();
export type SoftwareLicenseCreate = z.infer<typeof softwareLicenseCreateSchema>;
export type SoftwareLicenseUpdate = z.infer<typeof softwareLicenseUpdateSchema>;

/** `GET /software-licenses` filters beyond the common list query. */
export const softwareLicenseListFiltersSchema = z.object({
  licenseType: z.enum(licenseTypes).optional(),
  vendorId: idSchema.optional(),
  /** Expires on or before this day (licenses without an expiry are left out). */
  expiresBefore: z.iso.date('expected a date as YYYY-MM-DD').optional(),
});

export const softwareLicenseSchema = z
  .object({
    ...recordMeta,
    name: z.string(),
    description: z.string().nullable(),
    version: z.string().nullable(),
    licenseType: z.enum(licenseTypes).nullable(),
    licenseKey: z.string().nullable(),
    seats: z.number().int().nullable(),
    purchaseDate: z.string().nullable(),
    purchaseReference: z.string().nullable(),
    expireDate: z.string().nullable(),
    googleLicenseSku: z.string().nullable(),
    syncedFromGoogle: z.boolean(),
    lastSyncedAt: z.string().nullable(),
    vendorId: z.number().int().nullable(),
    notes: z.string().nullable(),
    lastAccessedAt: z.string().nullable(),
    /** Users plus assets the license is assigned to (each link takes one seat). */
    seatsAssigned: z.number().int(),
    /** seats − seatsAssigned (negative when over-assigned); null when seats is not tracked. */
    seatsAvailable: z.number().int().nullable(),
    /** More assignments than seats. */
    overAssigned: z.boolean(),
  })
  .meta({ id: 'SoftwareLicense' });
export type SoftwareLicense = z.infer<typeof softwareLicenseSchema>;
