import {
  assetCreateSchema,
  assetStatuses,
  assetTypes,
  assetUpdateSchema,
  certificateCreateSchema,
  certificateUpdateSchema,
  credentialCategories,
  credentialCreateSchema,
  credentialUpdateSchema,
  documentCreateSchema,
  documentTemplateCreateSchema,
  documentTemplateUpdateSchema,
  documentUpdateSchema,
  folderCreateSchema,
  folderUpdateSchema,
  domainCreateSchema,
  domainUpdateSchema,
  fileUpdateSchema,
  licenseTypes,
  locationCreateSchema,
  locationUpdateSchema,
  softwareLicenseCreateSchema,
  softwareLicenseUpdateSchema,
  vendorCreateSchema,
  vendorUpdateSchema,
  type CustomFieldTable,
} from '@helios/shared';
import type { z } from 'zod';

/**
 * One description per documentation resource — what its list shows and filters on, which fields
 * its form has — read by the one generic list, detail and form. Adding a resource to the console
 * is adding an entry here, never a new page. Names are the API's (`/software-licenses`).
 */

/** How a field is shown and edited. `ref` names the resource its id points at. */
export type FieldKind =
  | { type: 'text' }
  | { type: 'long' }
  | { type: 'html' }
  | { type: 'date' }
  | { type: 'number' }
  | { type: 'boolean' }
  | { type: 'url' }
  | { type: 'select'; options: readonly string[] }
  | { type: 'ref'; resource: string }
  /** Write-only secrets (vault): typed in, never shown back. */
  | { type: 'secret' };

export interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  /** Required on create (the schema says so too; this only marks the input). */
  required?: boolean;
  /** Shown in the form only (write-only or create-only). */
  formOnly?: boolean;
  /** Shown on the record only (computed or synced). */
  readOnly?: boolean;
}

export interface FilterSpec {
  key: string;
  label: string;
  kind: { type: 'select'; options: readonly string[] } | { type: 'date' } | { type: 'ref'; resource: string };
}

export interface ColumnSpec {
  key: string;
  label: string;
  /** Sortable by the API (`sort=`); only non-null columns are, so keyset paging stays exact. */
  sort?: string;
}

export interface ResourceSpec {
  name: string;
  /** Plural, as in the navigation and list heading. */
  label: string;
  singular: string;
  /** What the empty list says this resource is for. */
  purpose: string;
  /** `custom_fields.table_name` (custom-field columns and inputs); absent when it has none. */
  customFieldTable?: CustomFieldTable;
  /** The list's first column (the record's title) and its sort key. */
  title: string;
  columns: ColumnSpec[];
  filters: FilterSpec[];
  fields: FieldSpec[];
  createSchema?: z.ZodType;
  updateSchema: z.ZodType;
  /** Takes tags (`tag=` filter, PUT /<name>/:id/tags/:tagId). */
  taggable?: boolean;
  /** Created by upload rather than a JSON form (files). */
  upload?: boolean;
}

const text = { type: 'text' } as const;
const long = { type: 'long' } as const;
const date = { type: 'date' } as const;
const url = { type: 'url' } as const;
const ref = (resource: string) => ({ type: 'ref', resource }) as const;
const select = (options: readonly string[]) => ({ type: 'select', options }) as const;

const f = (key: string, label: string, kind: FieldKind = text, more: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label,
  kind,
  ...more,
});

const NAME = f('name', 'Name', text, { required: true });
const DESCRIPTION = f('description', 'Description', long);
const NOTES = f('notes', 'Notes', long);
const UPDATED: ColumnSpec = { key: 'updatedAt', label: 'Updated', sort: 'updatedAt' };
const ADDRESS = [
  f('address', 'Address'),
  f('city', 'City'),
  f('state', 'State'),
  f('zip', 'ZIP'),
  f('country', 'Country'),
  f('phone', 'Phone'),
];

export const RESOURCE_SPECS: readonly ResourceSpec[] = [
  {
    name: 'assets',
    label: 'Assets',
    singular: 'Asset',
    purpose: 'Laptops, servers, printers, network gear: what IT looks after, who has it, where it is.',
    customFieldTable: 'assets',
    title: 'name',
    taggable: true,
    columns: [
      { key: 'assetType', label: 'Type' },
      { key: 'status', label: 'Status' },
      { key: 'serialNumber', label: 'Serial' },
      { key: 'warrantyExpireDate', label: 'Warranty ends' },
      UPDATED,
    ],
    filters: [
      { key: 'assetType', label: 'Type', kind: select(assetTypes) },
      { key: 'status', label: 'Status', kind: select(assetStatuses) },
      { key: 'warrantyExpiresBefore', label: 'Warranty ends before', kind: date },
    ],
    fields: [
      NAME,
      f('assetType', 'Type', select(assetTypes), { required: true }),
      f('status', 'Status', select(assetStatuses)),
      f('make', 'Make'),
      f('model', 'Model'),
      f('serialNumber', 'Serial number'),
      f('os', 'Operating system'),
      f('osVersion', 'OS version'),
      f('adminUrl', 'Admin URL', url),
      f('clientUrl', 'Client URL', url),
      f('uri2', 'Other address', url),
      f('purchaseDate', 'Purchased', date),
      f('purchaseReference', 'Purchase reference'),
      f('warrantyExpireDate', 'Warranty ends', date),
      f('installDate', 'Installed', date),
      f('physicalLocation', 'Physical location'),
      f('locationId', 'Location', ref('locations')),
      f('assignedToUserId', 'Assigned to', ref('users')),
      f('vendorId', 'Vendor', ref('vendors')),
      f('isImportant', 'Important', { type: 'boolean' }),
      f('photoUrl', 'Photo URL', url),
      DESCRIPTION,
      NOTES,
      f('googleDeviceId', 'Google device id', text, { readOnly: true }),
      f('syncedFromGoogle', 'Synced from Google', { type: 'boolean' }, { readOnly: true }),
      f('lastSyncedAt', 'Last synced', text, { readOnly: true }),
    ],
    createSchema: assetCreateSchema,
    updateSchema: assetUpdateSchema,
  },
  {
    name: 'credentials',
    label: 'Credentials',
    singular: 'Credential',
    purpose: 'Passwords and one-time-code secrets, encrypted at rest and revealed with an audit row.',
    customFieldTable: 'credentials',
    title: 'name',
    columns: [
      { key: 'category', label: 'Category' },
      { key: 'username', label: 'Username' },
      { key: 'uri', label: 'Address' },
      UPDATED,
    ],
    filters: [{ key: 'category', label: 'Category', kind: select(credentialCategories) }],
    fields: [
      NAME,
      f('category', 'Category', select(credentialCategories)),
      f('username', 'Username'),
      f('password', 'Password', { type: 'secret' }, { formOnly: true }),
      f('otpSecret', 'OTP secret (base32)', { type: 'secret' }, { formOnly: true }),
      f('uri', 'Address'),
      f('uri2', 'Other address'),
      f('primaryUserId', 'Primary person', ref('users')),
      f('primaryAssetId', 'Primary asset', ref('assets')),
      f('isImportant', 'Important', { type: 'boolean' }),
      DESCRIPTION,
      NOTES,
      f('hasPassword', 'Has a password', { type: 'boolean' }, { readOnly: true }),
      f('hasOtp', 'Has an OTP secret', { type: 'boolean' }, { readOnly: true }),
      f('passwordChangedAt', 'Password changed', text, { readOnly: true }),
    ],
    createSchema: credentialCreateSchema,
    updateSchema: credentialUpdateSchema,
  },
  {
    name: 'domains',
    label: 'Domains',
    singular: 'Domain',
    purpose: 'Domain names with their registrar, DNS and mail hosts, and when they expire.',
    customFieldTable: 'domains',
    title: 'name',
    columns: [{ key: 'expireDate', label: 'Expires' }, { key: 'ipAddress', label: 'IP address' }, UPDATED],
    filters: [
      { key: 'expiresBefore', label: 'Expires before', kind: date },
      { key: 'vendorId', label: 'Vendor', kind: ref('vendors') },
    ],
    fields: [
      f('name', 'Domain name', text, { required: true }),
      f('expireDate', 'Expires', date),
      f('ipAddress', 'IP address'),
      f('registrarVendorId', 'Registrar', ref('vendors')),
      f('webhostVendorId', 'Web host', ref('vendors')),
      f('dnshostVendorId', 'DNS host', ref('vendors')),
      f('mailhostVendorId', 'Mail host', ref('vendors')),
      f('nameservers', 'Name servers', long),
      f('mailServers', 'Mail servers', long),
      f('txtRecords', 'TXT records', long),
      f('rawWhois', 'WHOIS', long),
      DESCRIPTION,
      NOTES,
      f('isGoogleWorkspaceDomain', 'Google Workspace domain', { type: 'boolean' }, { readOnly: true }),
      f('googleDomainVerified', 'Verified by Google', { type: 'boolean' }, { readOnly: true }),
    ],
    createSchema: domainCreateSchema,
    updateSchema: domainUpdateSchema,
  },
  {
    name: 'certificates',
    label: 'Certificates',
    singular: 'Certificate',
    purpose: 'TLS certificates: paste a PEM and Helios reads the issuer, domain and expiry.',
    customFieldTable: 'certificates',
    title: 'name',
    columns: [
      { key: 'domain', label: 'Domain' },
      { key: 'issuedBy', label: 'Issued by' },
      { key: 'expireDate', label: 'Expires' },
      UPDATED,
    ],
    filters: [
      { key: 'expiresBefore', label: 'Expires before', kind: date },
      { key: 'domainId', label: 'Domain', kind: ref('domains') },
    ],
    fields: [
      f('name', 'Name'),
      f('pem', 'PEM certificate (fills issuer, domain and expiry)', long, { formOnly: true }),
      f('domain', 'Domain'),
      f('issuedBy', 'Issued by'),
      f('expireDate', 'Expires', date),
      f('domainId', 'Domain record', ref('domains')),
      f('publicKey', 'Certificate', long, { readOnly: true }),
      DESCRIPTION,
      NOTES,
    ],
    createSchema: certificateCreateSchema,
    updateSchema: certificateUpdateSchema,
  },
  {
    name: 'software-licenses',
    label: 'Software licenses',
    singular: 'Software license',
    purpose: 'Licenses and their seats: assign them to people and assets by linking.',
    customFieldTable: 'software_licenses',
    title: 'name',
    columns: [
      { key: 'licenseType', label: 'Type' },
      { key: 'seats', label: 'Seats' },
      { key: 'seatsAssigned', label: 'Assigned' },
      { key: 'expireDate', label: 'Expires' },
      UPDATED,
    ],
    filters: [
      { key: 'licenseType', label: 'Type', kind: select(licenseTypes) },
      { key: 'vendorId', label: 'Vendor', kind: ref('vendors') },
      { key: 'expiresBefore', label: 'Expires before', kind: date },
    ],
    fields: [
      NAME,
      f('licenseType', 'Type', select(licenseTypes)),
      f('version', 'Version'),
      f('licenseKey', 'License key'),
      f('seats', 'Seats', { type: 'number' }),
      f('seatsAssigned', 'Seats assigned', { type: 'number' }, { readOnly: true }),
      f('seatsAvailable', 'Seats available', { type: 'number' }, { readOnly: true }),
      f('overAssigned', 'Over-assigned', { type: 'boolean' }, { readOnly: true }),
      f('purchaseDate', 'Purchased', date),
      f('purchaseReference', 'Purchase reference'),
      f('expireDate', 'Expires', date),
      f('vendorId', 'Vendor', ref('vendors')),
      DESCRIPTION,
      NOTES,
      f('googleLicenseSku', 'Google SKU', text, { readOnly: true }),
    ],
    createSchema: softwareLicenseCreateSchema,
    updateSchema: softwareLicenseUpdateSchema,
  },
  {
    name: 'locations',
    label: 'Locations',
    singular: 'Location',
    purpose: 'Offices, server rooms and sites that assets live in.',
    customFieldTable: 'locations',
    title: 'name',
    columns: [{ key: 'city', label: 'City' }, { key: 'country', label: 'Country' }, UPDATED],
    filters: [],
    fields: [NAME, ...ADDRESS, f('photoUrl', 'Photo URL', url), DESCRIPTION, NOTES],
    createSchema: locationCreateSchema,
    updateSchema: locationUpdateSchema,
  },
  {
    name: 'vendors',
    label: 'Vendors',
    singular: 'Vendor',
    purpose: 'Suppliers, registrars and service providers, with their contacts and accounts.',
    customFieldTable: 'vendors',
    title: 'name',
    columns: [
      { key: 'contactName', label: 'Contact' },
      { key: 'email', label: 'Email' },
      { key: 'phone', label: 'Phone' },
      UPDATED,
    ],
    filters: [],
    fields: [
      NAME,
      f('contactName', 'Contact'),
      f('email', 'Email'),
      f('website', 'Website', url),
      f('accountNumber', 'Account number'),
      ...ADDRESS,
      DESCRIPTION,
      NOTES,
    ],
    createSchema: vendorCreateSchema,
    updateSchema: vendorUpdateSchema,
  },
  {
    name: 'documents',
    label: 'Documents',
    singular: 'Document',
    purpose: 'Runbooks, how-tos and notes in rich text, filed in folders, started from templates.',
    customFieldTable: 'documents',
    title: 'name',
    columns: [{ key: 'description', label: 'Description' }, UPDATED],
    filters: [{ key: 'folderId', label: 'Folder', kind: ref('folders') }],
    fields: [
      NAME,
      f('folderId', 'Folder', ref('folders')),
      f('templateId', 'Start from template', ref('document-templates'), { formOnly: true }),
      DESCRIPTION,
      f('content', 'Content', { type: 'html' }),
      NOTES,
    ],
    createSchema: documentCreateSchema,
    updateSchema: documentUpdateSchema,
  },
  {
    name: 'files',
    label: 'Files',
    singular: 'File',
    purpose: 'Uploaded files and Google Drive links, attached to whatever they document.',
    customFieldTable: 'files',
    title: 'name',
    columns: [
      { key: 'kind', label: 'Kind' },
      { key: 'mimeType', label: 'Type' },
      { key: 'fileSize', label: 'Size (bytes)' },
      UPDATED,
    ],
    filters: [{ key: 'folderId', label: 'Folder', kind: ref('folders') }],
    fields: [
      NAME,
      f('folderId', 'Folder', ref('folders')),
      DESCRIPTION,
      f('kind', 'Kind', text, { readOnly: true }),
      f('mimeType', 'Type', text, { readOnly: true }),
      f('fileSize', 'Size (bytes)', { type: 'number' }, { readOnly: true }),
      f('url', 'Drive link', url, { readOnly: true }),
    ],
    updateSchema: fileUpdateSchema,
    upload: true,
  },
  {
    name: 'document-templates',
    label: 'Templates',
    singular: 'Template',
    purpose:
      'Starting points for documents (a runbook, an onboarding checklist): pick one when creating a document.',
    title: 'name',
    columns: [{ key: 'description', label: 'Description' }, UPDATED],
    filters: [],
    fields: [NAME, DESCRIPTION, f('content', 'Content', { type: 'html' })],
    createSchema: documentTemplateCreateSchema,
    updateSchema: documentTemplateUpdateSchema,
  },
  {
    name: 'folders',
    label: 'Folders',
    singular: 'Folder',
    purpose: 'Folders file documents, files and credentials; they nest.',
    title: 'name',
    columns: [{ key: 'description', label: 'Description' }, UPDATED],
    filters: [],
    fields: [NAME, f('parentFolderId', 'Inside folder', ref('folders')), DESCRIPTION],
    createSchema: folderCreateSchema,
    updateSchema: folderUpdateSchema,
  },
];

const BY_NAME = new Map(RESOURCE_SPECS.map((r) => [r.name, r]));

/** The description of a documentation resource, or undefined for any other path segment. */
export const resourceSpec = (name: string): ResourceSpec | undefined => BY_NAME.get(name);

/** What links and pickers call a resource they do not document here (people, tickets, …). */
const OTHER_LABELS: Record<string, { label: string; singular: string }> = {
  users: { label: 'People', singular: 'Person' },
  tickets: { label: 'Tickets', singular: 'Ticket' },
};

export function resourceLabel(name: string): { label: string; singular: string } {
  return BY_NAME.get(name) ?? OTHER_LABELS[name] ?? { label: name, singular: name };
}

/** A record's title as lists and pickers show it, whatever its resource. */
export function recordTitle(record: Record<string, unknown>): string {
  const name = [record.firstName, record.lastName].filter((v) => typeof v === 'string').join(' ');
  for (const value of [record.name, name || undefined, record.subject, record.email, record.title])
    if (typeof value === 'string' && value !== '') return value;
  return `#${String(record.id)}`;
}
