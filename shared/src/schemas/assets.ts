import { z } from 'zod';
import { assetStatuses, assetTypes } from '../enums.ts';
import { idSchema } from './common.ts';
import { tagListFilters, tagSummarySchema } from './tags.ts';
import {
  customFieldsInput,
  longText,
  optionalDate,
  optionalRef,
  optionalText,
  optionalUrl,
  recordMeta,
  requiredText,
} from './fields.ts';

/**
 * An asset's management or client address: web consoles, but also the remote-access schemes IT
 * keeps beside them (ssh://, rdp://, vnc://…). Script and data URLs are refused — the add-on and
 * any web client render these as links.
 */
const optionalUri = () =>
  z
    .url({
      protocol: /^(https?|ssh|rdp|vnc|s?ftp|smb|telnet)$/,
      message: 'expected a URL (http, https, ssh, rdp, vnc, ftp, sftp, smb or telnet)',
    })
    .max(500)
    .nullable()
    .optional();

// google_device_id, synced_from_google and last_synced_at belong to the Google device sync: they
// are in responses but not accepted here (an unknown key is refused like any other).
const assetFields = {
  name: requiredText(200),
  assetType: z.enum(assetTypes),
  description: longText(),
  make: optionalText(200),
  model: optionalText(200),
  serialNumber: optionalText(200),
  os: optionalText(200),
  osVersion: optionalText(100),
  adminUrl: optionalUri(),
  clientUrl: optionalUri(),
  uri2: optionalUri(),
  purchaseDate: optionalDate(),
  purchaseReference: optionalText(200),
  warrantyExpireDate: optionalDate(),
  installDate: optionalDate(),
  physicalLocation: optionalText(200),
  locationId: optionalRef(),
  status: z.enum(assetStatuses).nullable().optional(),
  isImportant: z.boolean().optional(),
  photoUrl: optionalUrl(500),
  notes: longText(),
  assignedToUserId: optionalRef(),
  vendorId: optionalRef(),
  customFields: customFieldsInput(),
};

export const assetCreateSchema = z.object(assetFields).strict();
export const assetUpdateSchema = z.object(assetFields).partial().strict();
export type AssetCreate = z.infer<typeof assetCreateSchema>;
export type AssetUpdate = z.infer<typeof assetUpdateSchema>;

/** `GET /assets` filters beyond the common list query (all ANDed). */
export const assetListFiltersSchema = z.object({
  assetType: z.enum(assetTypes).optional(),
  status: z.enum(assetStatuses).optional(),
  assignedToUserId: idSchema.optional(),
  locationId: idSchema.optional(),
  vendorId: idSchema.optional(),
  /** Warranty ends on or before this day (assets without a warranty date are left out). */
  warrantyExpiresBefore: z.iso.date('expected a date as YYYY-MM-DD').optional(),
  ...tagListFilters,
});

export const assetSchema = z
  .object({
    ...recordMeta,
    name: z.string(),
    assetType: z.enum(assetTypes),
    description: z.string().nullable(),
    make: z.string().nullable(),
    model: z.string().nullable(),
    serialNumber: z.string().nullable(),
    os: z.string().nullable(),
    osVersion: z.string().nullable(),
    adminUrl: z.string().nullable(),
    clientUrl: z.string().nullable(),
    uri2: z.string().nullable(),
    purchaseDate: z.string().nullable(),
    purchaseReference: z.string().nullable(),
    warrantyExpireDate: z.string().nullable(),
    installDate: z.string().nullable(),
    physicalLocation: z.string().nullable(),
    locationId: z.number().int().nullable(),
    googleDeviceId: z.string().nullable(),
    syncedFromGoogle: z.boolean(),
    lastSyncedAt: z.string().nullable(),
    status: z.enum(assetStatuses).nullable(),
    isImportant: z.boolean(),
    photoUrl: z.string().nullable(),
    notes: z.string().nullable(),
    assignedToUserId: z.number().int().nullable(),
    vendorId: z.number().int().nullable(),
    lastAccessedAt: z.string().nullable(),
    tags: z.array(tagSummarySchema),
  })
  .meta({ id: 'Asset' });
export type Asset = z.infer<typeof assetSchema>;
