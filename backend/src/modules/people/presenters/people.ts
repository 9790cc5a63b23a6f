import type { PeopleContext, UserStatus } from '@helios/shared';
import type { assetsOfUser, licensesOfUser, PersonRow, vendorAtDomain } from '../queries/people.ts';
import { displayName } from '../../../core/queries/users.ts';

type Person = NonNullable<PeopleContext['person']>;

/**
 * A person as the caller may see them: staff (and the person themselves) the whole card; anyone
 * else what rbac.md lets a user see of colleagues — name, email and photo, for pickers — with the
 * private fields (role, title, department, manager, phone, OU, location) left empty.
 */
export function presentPerson(row: PersonRow, full: boolean): Person {
  const directory: Person = {
    id: row.id,
    email: row.email,
    name: displayName(row),
    firstName: row.first_name,
    lastName: row.last_name,
    role: null,
    title: null,
    department: null,
    orgUnit: null,
    photoUrl: row.photo_url,
    phone: null,
    location: null,
    manager: null,
    isActive: row.is_active && row.archived_at === null,
    userStatus: row.user_status as UserStatus,
  };
  if (!full) return directory;
  return {
    ...directory,
    role: row.role,
    title: row.title,
    department: row.department,
    orgUnit: row.google_workspace_ou,
    phone: row.phone ?? row.mobile,
    location: row.location_name,
    manager:
      row.manager_id_ === null || row.manager_email === null
        ? null
        : {
            id: row.manager_id_,
            name: displayName({
              first_name: row.manager_first_name,
              last_name: row.manager_last_name,
              email: row.manager_email,
            }),
            email: row.manager_email,
          },
  };
}

export function presentContextAsset(
  row: Awaited<ReturnType<typeof assetsOfUser>>[number],
): PeopleContext['assets'][number] {
  return {
    id: row.id,
    name: row.name,
    assetType: row.asset_type,
    make: row.make,
    model: row.model,
    serialNumber: row.serial_number,
    os: row.os,
    osVersion: row.os_version,
    status: row.status,
    warrantyExpireDate: row.warranty_expire_date,
    syncedFromGoogle: row.synced_from_google,
  };
}

export function presentContextLicense(
  row: Awaited<ReturnType<typeof licensesOfUser>>[number],
): PeopleContext['softwareLicenses'][number] {
  return {
    id: row.id,
    name: row.name,
    licenseType: row.license_type,
    expireDate: row.expire_date,
    googleLicenseSku: row.google_license_sku,
  };
}

export function presentContextVendor(
  row: NonNullable<Awaited<ReturnType<typeof vendorAtDomain>>>,
): NonNullable<PeopleContext['vendor']> {
  return {
    id: row.id,
    name: row.name,
    website: row.website,
    email: row.email,
    phone: row.phone,
    contactName: row.contact_name,
    contacts: row.contacts.map((c) => ({ id: c.id, name: displayName(c), email: c.email })),
  };
}
