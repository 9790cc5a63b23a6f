// Writes the demo organization (see demo/demo-data.ts) into the database. Each function inserts one
// kind of record in a batch, links it to what it references by turning the generator's natural keys
// (emails, names) into ids, and returns the ids of what it inserted by natural key for the next step.
import { randomBytes } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Database, TicketReplies, Tickets } from '../../../core/db/schema.ts';
import type {
  DemoAsset,
  DemoCertificate,
  DemoDepartment,
  DemoDocument,
  DemoDomain,
  DemoFolder,
  DemoLicense,
  DemoLocation,
  DemoPerson,
  DemoTag,
  DemoTicket,
  DemoVendor,
} from '../demo-data.ts';

/** Ids of inserted records by their natural key (name, email…). */
export type KeyIds = ReadonlyMap<string, number>;

/** The id behind a natural key; a miss means the generator refers to something it never made. */
function idOf(ids: KeyIds, key: string, kind: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`demo data refers to an unknown ${kind}: ${key}`);
  return id;
}

function optionalIdOf(ids: KeyIds, key: string | null, kind: string): number | null {
  return key === null ? null : idOf(ids, key, kind);
}

function keyed<K extends string>(rows: readonly ({ id: number } & Record<K, string>)[], key: K): KeyIds {
  return new Map(rows.map((r) => [r[key], r.id]));
}

/**
 * Takes a row lock on the organization, so two `seed-demo` runs at once take turns: the second then
 * sees the first one's `demo.seededAt` instead of inserting everything a second time.
 */
export async function lockOrganization(db: Kysely<Database>, organizationId: number): Promise<void> {
  await db.selectFrom('organizations').select('id').where('id', '=', organizationId).forUpdate().execute();
}

export async function insertDemoDepartments(
  db: Kysely<Database>,
  organizationId: number,
  departments: readonly DemoDepartment[],
): Promise<KeyIds> {
  if (departments.length === 0) return new Map();
  const rows = await db
    .insertInto('departments')
    .values(
      departments.map((d) => ({
        organization_id: organizationId,
        name: d.name,
        description: d.description,
        cost_center: d.costCenter,
        google_department_name: d.name,
      })),
    )
    .returning(['id', 'name'])
    .execute();
  return keyed(rows, 'name');
}

export async function insertDemoLocations(
  db: Kysely<Database>,
  organizationId: number,
  locations: readonly DemoLocation[],
): Promise<KeyIds> {
  if (locations.length === 0) return new Map();
  const rows = await db
    .insertInto('locations')
    .values(locations.map((l) => ({ organization_id: organizationId, ...l })))
    .returning(['id', 'name'])
    .execute();
  return keyed(rows, 'name');
}

export async function insertDemoVendors(
  db: Kysely<Database>,
  organizationId: number,
  vendors: readonly DemoVendor[],
): Promise<KeyIds> {
  if (vendors.length === 0) return new Map();
  const rows = await db
    .insertInto('vendors')
    .values(
      vendors.map((v) => ({
        organization_id: organizationId,
        name: v.name,
        description: v.description,
        contact_name: v.contactName,
        email: v.email,
        phone: v.phone,
        website: v.website,
        address: v.address,
        city: v.city,
        state: v.state,
        zip: v.zip,
        country: v.country,
        account_number: v.accountNumber,
        notes: v.notes,
      })),
    )
    .returning(['id', 'name'])
    .execute();
  return keyed(rows, 'name');
}

export async function insertDemoTags(
  db: Kysely<Database>,
  organizationId: number,
  tags: readonly DemoTag[],
): Promise<KeyIds> {
  if (tags.length === 0) return new Map();
  const rows = await db
    .insertInto('tags')
    .values(
      tags.map((t) => ({ organization_id: organizationId, name: t.name, type: t.type, color: t.color })),
    )
    .returning(['id', 'name'])
    .execute();
  return keyed(rows, 'name');
}

/**
 * Inserts the people and tags them. manager_id must point at an existing row, so people go in by
 * org-chart level: first those without a manager, then those whose manager is in, and so on. A
 * round that makes no progress means a cycle or an unknown manager, and fails loudly.
 */
export async function insertDemoUsers(
  db: Kysely<Database>,
  organizationId: number,
  people: readonly DemoPerson[],
  refs: { departments: KeyIds; locations: KeyIds; tags: KeyIds },
): Promise<KeyIds> {
  const ids = new Map<string, number>();
  let pending = [...people];
  while (pending.length > 0) {
    const ready = pending.filter((p) => p.manager === null || ids.has(p.manager));
    if (ready.length === 0) {
      throw new Error(
        `demo people: no manager chain reaches the top for ${pending.map((p) => p.email).join(', ')}`,
      );
    }
    const rows = await db
      .insertInto('organization_users')
      .values(
        ready.map((p) => ({
          organization_id: organizationId,
          email: p.email,
          first_name: p.firstName,
          last_name: p.lastName,
          role: p.role,
          title: p.title,
          department: p.department,
          department_id: optionalIdOf(refs.departments, p.department, 'department'),
          location_id: optionalIdOf(refs.locations, p.location, 'location'),
          manager_id: p.manager === null ? null : idOf(ids, p.manager, 'manager'),
          phone: p.phone,
          mobile: p.mobile,
          is_primary: p.isPrimary,
          is_important: p.isImportant,
          is_billing_contact: p.isBillingContact,
          is_technical_contact: p.isTechnicalContact,
        })),
      )
      .returning(['id', 'email'])
      .execute();
    for (const row of rows) ids.set(row.email, row.id);
    pending = pending.filter((p) => !ids.has(p.email));
  }
  const userTags = people.flatMap((p) =>
    p.tags.map((tag) => ({ user_id: idOf(ids, p.email, 'user'), tag_id: idOf(refs.tags, tag, 'tag') })),
  );
  if (userTags.length > 0) await db.insertInto('user_tags').values(userTags).execute();
  return ids;
}

/** Inserts the assets, records who holds each personal one (user_assets) and tags them. */
export async function insertDemoAssets(
  db: Kysely<Database>,
  organizationId: number,
  assets: readonly DemoAsset[],
  refs: { users: KeyIds; locations: KeyIds; vendors: KeyIds; tags: KeyIds },
): Promise<KeyIds> {
  if (assets.length === 0) return new Map();
  const rows = await db
    .insertInto('assets')
    .values(
      assets.map((a) => ({
        organization_id: organizationId,
        name: a.name,
        asset_type: a.type,
        description: a.description,
        make: a.make,
        model: a.model,
        serial_number: a.serialNumber,
        os: a.os,
        os_version: a.osVersion,
        admin_url: a.adminUrl,
        purchase_date: a.purchaseDate,
        purchase_reference: a.purchaseReference,
        warranty_expire_date: a.warrantyExpireDate,
        install_date: a.installDate,
        physical_location: a.physicalLocation,
        location_id: optionalIdOf(refs.locations, a.location, 'location'),
        status: a.status,
        is_important: a.isImportant,
        notes: a.notes,
        assigned_to_user_id: optionalIdOf(refs.users, a.assignedTo, 'user'),
        vendor_id: optionalIdOf(refs.vendors, a.vendor, 'vendor'),
      })),
    )
    .returning(['id', 'name'])
    .execute();
  const ids = keyed(rows, 'name');
  const holders = assets.flatMap((a) =>
    a.assignedTo === null
      ? []
      : [{ user_id: idOf(refs.users, a.assignedTo, 'user'), asset_id: idOf(ids, a.name, 'asset') }],
  );
  if (holders.length > 0) await db.insertInto('user_assets').values(holders).execute();
  const assetTags = assets.flatMap((a) =>
    a.tags.map((tag) => ({ asset_id: idOf(ids, a.name, 'asset'), tag_id: idOf(refs.tags, tag, 'tag') })),
  );
  if (assetTags.length > 0) await db.insertInto('asset_tags').values(assetTags).execute();
  return ids;
}

/** Inserts the software licenses and who / what each is assigned to. */
export async function insertDemoLicenses(
  db: Kysely<Database>,
  organizationId: number,
  licenses: readonly DemoLicense[],
  refs: { users: KeyIds; assets: KeyIds; vendors: KeyIds },
): Promise<KeyIds> {
  if (licenses.length === 0) return new Map();
  const rows = await db
    .insertInto('software_licenses')
    .values(
      licenses.map((l) => ({
        organization_id: organizationId,
        name: l.name,
        description: l.description,
        version: l.version,
        license_type: l.licenseType,
        license_key: l.licenseKey,
        seats: l.seats,
        purchase_date: l.purchaseDate,
        purchase_reference: l.purchaseReference,
        expire_date: l.expireDate,
        google_license_sku: l.googleLicenseSku,
        vendor_id: optionalIdOf(refs.vendors, l.vendor, 'vendor'),
        notes: l.notes,
      })),
    )
    .returning(['id', 'name'])
    .execute();
  const ids = keyed(rows, 'name');
  const userLicenses = licenses.flatMap((l) =>
    l.users.map((email) => ({
      user_id: idOf(refs.users, email, 'user'),
      software_license_id: idOf(ids, l.name, 'license'),
    })),
  );
  if (userLicenses.length > 0) await db.insertInto('user_software_licenses').values(userLicenses).execute();
  const assetLicenses = licenses.flatMap((l) =>
    l.assets.map((name) => ({
      asset_id: idOf(refs.assets, name, 'asset'),
      software_license_id: idOf(ids, l.name, 'license'),
    })),
  );
  if (assetLicenses.length > 0)
    await db.insertInto('asset_software_licenses').values(assetLicenses).execute();
  return ids;
}

export async function insertDemoDomains(
  db: Kysely<Database>,
  organizationId: number,
  domains: readonly DemoDomain[],
  refs: { vendors: KeyIds },
): Promise<KeyIds> {
  if (domains.length === 0) return new Map();
  const vendor = (name: string | null) => optionalIdOf(refs.vendors, name, 'vendor');
  const rows = await db
    .insertInto('domains')
    .values(
      domains.map((d) => ({
        organization_id: organizationId,
        name: d.name,
        description: d.description,
        expire_date: d.expireDate,
        ip_address: d.ipAddress,
        nameservers: d.nameservers,
        mail_servers: d.mailServers,
        txt_records: d.txtRecords,
        registrar_vendor_id: vendor(d.registrar),
        webhost_vendor_id: vendor(d.webhost),
        dnshost_vendor_id: vendor(d.dnshost),
        mailhost_vendor_id: vendor(d.mailhost),
        is_google_workspace_domain: d.isGoogleWorkspaceDomain,
        google_domain_verified: d.googleDomainVerified,
        notes: d.notes,
      })),
    )
    .returning(['id', 'name'])
    .execute();
  return keyed(rows, 'name');
}

/** Inserts the certificates and links each to its domain(s). */
export async function insertDemoCertificates(
  db: Kysely<Database>,
  organizationId: number,
  certificates: readonly DemoCertificate[],
  refs: { domains: KeyIds },
): Promise<KeyIds> {
  if (certificates.length === 0) return new Map();
  const rows = await db
    .insertInto('certificates')
    .values(
      certificates.map((c) => ({
        organization_id: organizationId,
        name: c.name,
        description: c.description,
        domain: c.commonName,
        issued_by: c.issuedBy,
        expire_date: c.expireDate,
        domain_id: optionalIdOf(refs.domains, c.domains[0] ?? null, 'domain'),
        notes: c.notes,
      })),
    )
    .returning(['id', 'name'])
    .execute();
  const ids = keyed(rows, 'name');
  const links = certificates.flatMap((c) =>
    c.domains.map((domain) => ({
      domain_id: idOf(refs.domains, domain, 'domain'),
      certificate_id: idOf(ids, c.name, 'certificate'),
    })),
  );
  // The primary domain's row is already there (the database mirrors certificates.domain_id).
  if (links.length > 0)
    await db
      .insertInto('domain_certificates')
      .values(links)
      .onConflict((oc) => oc.doNothing())
      .execute();
  return ids;
}

/** Inserts the folders, then the documents in them and their links to assets and vendors. */
export async function insertDemoDocuments(
  db: Kysely<Database>,
  organizationId: number,
  folders: readonly DemoFolder[],
  documents: readonly DemoDocument[],
  refs: { users: KeyIds; assets: KeyIds; vendors: KeyIds },
): Promise<{ folders: KeyIds; documents: KeyIds }> {
  const folderIds =
    folders.length === 0
      ? new Map<string, number>()
      : keyed(
          await db
            .insertInto('folders')
            .values(
              folders.map((f) => ({
                organization_id: organizationId,
                name: f.name,
                description: f.description,
              })),
            )
            .returning(['id', 'name'])
            .execute(),
          'name',
        );
  if (documents.length === 0) return { folders: folderIds, documents: new Map() };
  const rows = await db
    .insertInto('documents')
    .values(
      documents.map((d) => ({
        organization_id: organizationId,
        name: d.name,
        description: d.description,
        content: d.content,
        folder_id: idOf(folderIds, d.folder, 'folder'),
        created_by_user_id: idOf(refs.users, d.createdBy, 'user'),
        created_at: d.createdAt,
        updated_at: d.createdAt,
      })),
    )
    .returning(['id', 'name'])
    .execute();
  const ids = keyed(rows, 'name');
  const assetDocuments = documents.flatMap((d) =>
    d.assets.map((name) => ({
      asset_id: idOf(refs.assets, name, 'asset'),
      document_id: idOf(ids, d.name, 'document'),
    })),
  );
  if (assetDocuments.length > 0) await db.insertInto('asset_documents').values(assetDocuments).execute();
  const vendorDocuments = documents.flatMap((d) =>
    d.vendors.map((name) => ({
      vendor_id: idOf(refs.vendors, name, 'vendor'),
      document_id: idOf(ids, d.name, 'document'),
    })),
  );
  if (vendorDocuments.length > 0) await db.insertInto('vendor_documents').values(vendorDocuments).execute();
  return { folders: folderIds, documents: ids };
}

/** The organization's ticket statuses by name, with what they mean for the ticket's timestamps. */
export async function findTicketStatuses(
  db: Kysely<Database>,
  organizationId: number,
): Promise<Map<string, { id: number; isResolved: boolean; isClosed: boolean }>> {
  const rows = await db
    .selectFrom('ticket_statuses')
    .select(['id', 'name', 'is_resolved_status', 'is_closed_status'])
    .where('organization_id', '=', organizationId)
    .where('archived_at', 'is', null)
    .execute();
  return new Map(
    rows.map((r) => [r.name, { id: r.id, isResolved: r.is_resolved_status, isClosed: r.is_closed_status }]),
  );
}

/**
 * Inserts the tickets with their replies, assets, watchers and tags. Tickets are numbered 1..N in
 * the order they were created; the timestamps a real ticket would have gathered (first response,
 * resolved, closed) and its total time are derived from its replies, so they always agree.
 */
export async function insertDemoTickets(
  db: Kysely<Database>,
  organization: { id: number; ticket_prefix: string },
  tickets: readonly DemoTicket[],
  refs: {
    users: KeyIds;
    /** Emails of IT staff: only their public replies count as a first response. */
    staff: ReadonlySet<string>;
    assets: KeyIds;
    vendors: KeyIds;
    locations: KeyIds;
    tags: KeyIds;
  },
): Promise<{ tickets: number; replies: number }> {
  if (tickets.length === 0) return { tickets: 0, replies: 0 };
  const statuses = await findTicketStatuses(db, organization.id);
  const ordered = [...tickets].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const user = (email: string) => idOf(refs.users, email, 'user');

  const values: Insertable<Tickets>[] = ordered.map((t, index) => {
    const status = statuses.get(t.status);
    if (!status)
      throw new Error(`demo ticket "${t.subject}" has a status the organization lacks: ${t.status}`);
    const last = t.replies.at(-1);
    const lastActivity = last?.createdAt ?? t.createdAt;
    const firstResponse = t.replies.find((r) => r.type === 'public' && refs.staff.has(r.author));
    const closer =
      t.assignedTo ?? [...t.replies].reverse().find((r) => refs.staff.has(r.author))?.author ?? null;
    const done = status.isResolved || status.isClosed;
    return {
      organization_id: organization.id,
      prefix: organization.ticket_prefix,
      number: index + 1,
      subject: t.subject,
      details: t.details,
      category: t.category,
      priority: t.priority,
      source: t.source,
      status_id: status.id,
      created_by_user_id: user(t.createdBy),
      assigned_to_user_id: t.assignedTo === null ? null : user(t.assignedTo),
      related_user_id: t.relatedUser === null ? null : user(t.relatedUser),
      related_asset_id: optionalIdOf(refs.assets, t.assets[0] ?? null, 'asset'),
      location_id: optionalIdOf(refs.locations, t.location, 'location'),
      time_spent_minutes: t.replies.reduce((sum, r) => sum + r.timeSpentMinutes, 0),
      scheduled_at: t.scheduledAt,
      is_onsite: t.isOnsite,
      first_response_at: firstResponse?.createdAt ?? null,
      // A closed ticket was resolved on its way to closed; both happen at its last activity here.
      resolved_at: done ? lastActivity : null,
      closed_at: status.isClosed ? lastActivity : null,
      closed_by_user_id: status.isClosed && closer !== null ? user(closer) : null,
      vendor_id: optionalIdOf(refs.vendors, t.vendor, 'vendor'),
      vendor_ticket_number: t.vendorTicketNumber,
      feedback_rating: t.feedback?.rating ?? null,
      feedback_comment: t.feedback?.comment ?? null,
      // The key in the requester's link to the ticket: a secret, so random even in the demo.
      url_key: randomBytes(24).toString('base64url'),
      created_at: t.createdAt,
      updated_at: lastActivity,
    };
  });
  const rows = await db.insertInto('tickets').values(values).returning(['id', 'number']).execute();
  const idByNumber = new Map(rows.map((r) => [r.number, r.id]));
  const numbered = ordered.map((ticket, index) => {
    const id = idByNumber.get(index + 1);
    if (id === undefined) throw new Error(`demo ticket number ${index + 1} was not inserted`);
    return { ticket, id };
  });

  const replies: Insertable<TicketReplies>[] = numbered.flatMap(({ ticket, id }) =>
    ticket.replies.map((r) => ({
      ticket_id: id,
      reply: r.body,
      type: r.type,
      time_spent_minutes: r.timeSpentMinutes,
      created_by_user_id: user(r.author),
      created_at: r.createdAt,
      updated_at: r.createdAt,
    })),
  );
  if (replies.length > 0) await db.insertInto('ticket_replies').values(replies).execute();

  const ticketAssets = numbered.flatMap(({ ticket, id }) =>
    ticket.assets.map((name) => ({ ticket_id: id, asset_id: idOf(refs.assets, name, 'asset') })),
  );
  if (ticketAssets.length > 0) await db.insertInto('ticket_assets').values(ticketAssets).execute();
  const watchers = numbered.flatMap(({ ticket, id }) =>
    [...new Set(ticket.watchers)].map((email) => ({ ticket_id: id, user_id: user(email) })),
  );
  if (watchers.length > 0) await db.insertInto('ticket_watchers').values(watchers).execute();
  const ticketTags = numbered.flatMap(({ ticket, id }) =>
    ticket.tags.map((tag) => ({ ticket_id: id, tag_id: idOf(refs.tags, tag, 'tag') })),
  );
  if (ticketTags.length > 0) await db.insertInto('ticket_tags').values(ticketTags).execute();
  return { tickets: rows.length, replies: replies.length };
}
