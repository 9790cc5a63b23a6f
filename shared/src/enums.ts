// Enumerations the database enforces with CHECK constraints and the API validates with zod.
// Keep in step with the migrations; the schema test compares them with the live CHECKs.

export const roles = ['admin', 'manager', 'user', 'contact'] as const;
export type Role = (typeof roles)[number];

export const ticketPriorities = ['low', 'medium', 'high', 'urgent'] as const;
export type TicketPriority = (typeof ticketPriorities)[number];

export const ticketSources = ['email', 'portal', 'internal', 'phone', 'addon'] as const;
export type TicketSource = (typeof ticketSources)[number];

export const replyTypes = ['public', 'internal'] as const;
export type ReplyType = (typeof replyTypes)[number];

export const assetTypes = [
  'computer',
  'phone',
  'tablet',
  'server',
  'network_device',
  'printer',
  'other',
] as const;
export type AssetType = (typeof assetTypes)[number];

export const assetStatuses = ['active', 'retired', 'repair', 'storage'] as const;
export type AssetStatus = (typeof assetStatuses)[number];

export const credentialCategories = [
  'email',
  'website',
  'application',
  'vpn',
  'wifi',
  'server',
  'other',
] as const;
export type CredentialCategory = (typeof credentialCategories)[number];

export const licenseTypes = ['subscription', 'perpetual', 'trial', 'volume'] as const;
export type LicenseType = (typeof licenseTypes)[number];

export const tagTypes = ['user', 'asset', 'ticket', 'general'] as const;
export type TagType = (typeof tagTypes)[number];

export const customFieldTypes = ['text', 'number', 'date', 'dropdown', 'checkbox'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];
