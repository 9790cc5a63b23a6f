import type { RecordTable } from '../../../core/records/definition.ts';

/**
 * The link registry: every junction table of the schema ("everything links to everything",
 * api.md), named by the API resources on its two sides. Links are resolved from here at request
 * time, so a pair works as soon as both tables exist, whether or not the resources' definitions are
 * registered yet.
 */

/** What the link routes need to know about a resource without its definition. */
export interface LinkableResource {
  table: RecordTable;
  /** `audit_logs.entity_type` of its records. */
  entityType: string;
  /** Column used as the title of a linked record when the resource has no definition. */
  titleColumn: string;
}

/** Every resource that takes part in a junction table, by API name. */
export const linkableResources: Readonly<Record<string, LinkableResource>> = {
  users: { table: 'organization_users', entityType: 'user', titleColumn: 'email' },
  assets: { table: 'assets', entityType: 'asset', titleColumn: 'name' },
  credentials: { table: 'credentials', entityType: 'credential', titleColumn: 'name' },
  documents: { table: 'documents', entityType: 'document', titleColumn: 'name' },
  files: { table: 'files', entityType: 'file', titleColumn: 'name' },
  'software-licenses': { table: 'software_licenses', entityType: 'software_license', titleColumn: 'name' },
  domains: { table: 'domains', entityType: 'domain', titleColumn: 'name' },
  certificates: { table: 'certificates', entityType: 'certificate', titleColumn: 'name' },
  vendors: { table: 'vendors', entityType: 'vendor', titleColumn: 'name' },
  tickets: { table: 'tickets', entityType: 'ticket', titleColumn: 'subject' },
};

/** The linkable resource of that name (own keys only: a name comes from the URL). */
export const linkableResource = (name: string): LinkableResource | undefined =>
  Object.hasOwn(linkableResources, name) ? linkableResources[name] : undefined;

/** One side of a junction: the resource and the junction's column holding its id. */
export interface JunctionSide {
  resource: string;
  column: string;
}

/** A junction table and the resources it joins (`a` is the side its name starts with). */
export interface Junction {
  table: RecordTable;
  a: JunctionSide;
  b: JunctionSide;
}

const junction = (table: RecordTable, a: string, aColumn: string, b: string, bColumn: string): Junction => ({
  table,
  a: { resource: a, column: aColumn },
  b: { resource: b, column: bColumn },
});

/** Every junction table of the schema (tags are not links: they have their own routes). */
export const junctions: readonly Junction[] = [
  junction('user_assets', 'users', 'user_id', 'assets', 'asset_id'),
  junction('user_credentials', 'users', 'user_id', 'credentials', 'credential_id'),
  junction('user_documents', 'users', 'user_id', 'documents', 'document_id'),
  junction('user_files', 'users', 'user_id', 'files', 'file_id'),
  junction('user_software_licenses', 'users', 'user_id', 'software-licenses', 'software_license_id'),
  junction('asset_credentials', 'assets', 'asset_id', 'credentials', 'credential_id'),
  junction('asset_documents', 'assets', 'asset_id', 'documents', 'document_id'),
  junction('asset_files', 'assets', 'asset_id', 'files', 'file_id'),
  junction('asset_software_licenses', 'assets', 'asset_id', 'software-licenses', 'software_license_id'),
  junction('domain_certificates', 'domains', 'domain_id', 'certificates', 'certificate_id'),
  junction('vendor_credentials', 'vendors', 'vendor_id', 'credentials', 'credential_id'),
  junction('vendor_documents', 'vendors', 'vendor_id', 'documents', 'document_id'),
  junction('vendor_files', 'vendors', 'vendor_id', 'files', 'file_id'),
  junction('ticket_assets', 'tickets', 'ticket_id', 'assets', 'asset_id'),
  junction('ticket_attachments', 'tickets', 'ticket_id', 'files', 'file_id'),
];

/** A junction seen from one of its resources. */
export interface LinkSide {
  junction: Junction;
  /** The resource we look from, and its column. */
  from: JunctionSide;
  /** The resource on the other side, and its column. */
  to: JunctionSide;
}

const orient = (j: Junction, resource: string): LinkSide | undefined =>
  j.a.resource === resource
    ? { junction: j, from: j.a, to: j.b }
    : j.b.resource === resource
      ? { junction: j, from: j.b, to: j.a }
      : undefined;

/** The junction joining two resources, oriented from `resource`; undefined when they cannot link. */
export function linkBetween(resource: string, other: string): LinkSide | undefined {
  for (const j of junctions) {
    const side = orient(j, resource);
    if (side && side.to.resource === other) return side;
  }
  return undefined;
}

/** Every junction `resource` takes part in, oriented from it (one per linkable resource). */
export function linksOf(resource: string): LinkSide[] {
  return junctions.map((j) => orient(j, resource)).filter((s): s is LinkSide => s !== undefined);
}
