import type {
  AssetType,
  Expiring,
  ExpiringAssetWarranty,
  ExpiringCertificate,
  ExpiringDomain,
  ExpiringSoftwareLicense,
  LicenseType,
} from '@helios/shared';
import type {
  ExpiringAssetWarrantyRow,
  ExpiringCertificateRow,
  ExpiringDomainRow,
  ExpiringSoftwareLicenseRow,
} from '../queries/expiring.ts';

const timing = (expireDate: string, daysLeft: number) => ({
  expireDate,
  daysLeft: Number(daysLeft),
  expired: Number(daysLeft) < 0,
});

export const presentExpiringDomain = (r: ExpiringDomainRow): ExpiringDomain => ({
  id: r.id,
  name: r.name,
  ...timing(r.expire_date, r.days_left),
  registrarVendorId: r.registrar_vendor_id,
  isGoogleWorkspaceDomain: r.is_google_workspace_domain,
});

export const presentExpiringCertificate = (r: ExpiringCertificateRow): ExpiringCertificate => ({
  id: r.id,
  name: r.name,
  ...timing(r.expire_date, r.days_left),
  domain: r.domain,
  issuedBy: r.issued_by,
  domainId: r.domain_id,
});

export const presentExpiringSoftwareLicense = (r: ExpiringSoftwareLicenseRow): ExpiringSoftwareLicense => ({
  id: r.id,
  name: r.name,
  ...timing(r.expire_date, r.days_left),
  // The database CHECK keeps license_type within the shared enum.
  licenseType: r.license_type as LicenseType | null,
  seats: r.seats,
  vendorId: r.vendor_id,
});

export const presentExpiringAssetWarranty = (r: ExpiringAssetWarrantyRow): ExpiringAssetWarranty => ({
  id: r.id,
  name: r.name,
  ...timing(r.warranty_expire_date, r.days_left),
  assetType: r.asset_type as AssetType,
  serialNumber: r.serial_number,
  assignedToUserId: r.assigned_to_user_id,
  vendorId: r.vendor_id,
});

/** The `GET /expiring` body: every kind under its API name, rows already in date order. */
export function presentExpiring(rows: {
  domains: ExpiringDomainRow[];
  certificates: ExpiringCertificateRow[];
  softwareLicenses: ExpiringSoftwareLicenseRow[];
  assetWarranties: ExpiringAssetWarrantyRow[];
}): Expiring {
  return {
    domains: rows.domains.map(presentExpiringDomain),
    certificates: rows.certificates.map(presentExpiringCertificate),
    softwareLicenses: rows.softwareLicenses.map(presentExpiringSoftwareLicense),
    assetWarranties: rows.assetWarranties.map(presentExpiringAssetWarranty),
  };
}
