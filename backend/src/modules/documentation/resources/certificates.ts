import { X509Certificate } from 'node:crypto';
import {
  certificateCreateSchema,
  certificateDomainSchema,
  certificateListFiltersSchema,
  certificateSchema,
  certificateUpdateSchema,
} from '@helios/shared';
import type { Expression, SqlBool } from 'kysely';
import { validationFailed } from '../../../core/errors.ts';
import { columnEquals, dateOnOrBefore, findDomainForHost } from '../queries/inventory.ts';
import { documentationAccess, linkedToNobody } from '../access.ts';
import type { ResourceDefinition, Row } from '../../../core/records/definition.ts';

/** What Helios keeps from a PEM certificate. */
export interface CertificateFacts {
  /** The issuer's organization (O), else its common name (CN). */
  issuedBy: string;
  /** Subject CN when it is a host name, else the first DNS subjectAltName, else null. */
  domain: string | null;
  /** The subject's CN as written (a fallback name). */
  commonName: string | null;
  /** The last day of validity (UTC), `YYYY-MM-DD`. */
  expireDate: string;
  /** The certificate re-encoded as PEM (the first one when a chain was sent). */
  pem: string;
}

const invalidPem = (message: string) => validationFailed(`pem: ${message}`, [{ path: 'pem', message }]);

/** `C=PT\nO=Acme\nCN=x` → the first value of `key`; quoted values (with escapes) are unquoted. */
function dnValue(dn: string, key: string): string | null {
  for (const line of dn.split('\n')) {
    const eq = line.indexOf('=');
    if (eq < 0 || line.slice(0, eq).trim() !== key) continue;
    const raw = line.slice(eq + 1).trim();
    if (raw.startsWith('"')) {
      try {
        return String(JSON.parse(raw));
      } catch {
        return raw;
      }
    }
    return raw || null;
  }
  return null;
}

/** A host name Helios accepts as a certificate's domain, normalized; null when it is not one. */
function asHost(value: string | null | undefined): string | null {
  if (!value) return null;
  const parsed = certificateDomainSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * Reads a PEM certificate with node:crypto. Refuses anything that is not one — and a PEM that also
 * carries a private key, which must never land in a documentation column.
 */
export function readPemCertificate(pem: string): CertificateFacts {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem))
    throw invalidPem('contains a private key; send the certificate only');
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw invalidPem('expected a PEM certificate (-----BEGIN CERTIFICATE-----)');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw invalidPem('not a readable X.509 certificate');
  }
  const commonName = dnValue(cert.subject, 'CN');
  const sanDns = (cert.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4));
  const domain = asHost(commonName) ?? sanDns.map(asHost).find((h) => h !== null) ?? null;
  const issuedBy = (dnValue(cert.issuer, 'O') ?? dnValue(cert.issuer, 'CN') ?? cert.issuer).slice(0, 200);
  return {
    issuedBy: issuedBy || 'unknown issuer',
    domain,
    commonName,
    expireDate: cert.validToDate.toISOString().slice(0, 10),
    pem: cert.toString(),
  };
}

/**
 * TLS certificates. Created from explicit fields or from a PEM (`pem`), which fills issuedBy,
 * domain, expireDate and publicKey from the certificate itself; a PEM on update replaces them (a
 * renewal). Nothing is linked to a `user`.
 */
export const certificates: ResourceDefinition = {
  name: 'certificates',
  table: 'certificates',
  entityType: 'certificate',
  createSchema: certificateCreateSchema,
  updateSchema: certificateUpdateSchema,
  responseSchema: certificateSchema,
  listFilters: {
    schema: certificateListFiltersSchema,
    apply: (filters) => {
      const where: Expression<SqlBool>[] = [];
      if (typeof filters.domainId === 'number') where.push(columnEquals('domain_id', filters.domainId));
      if (typeof filters.expiresBefore === 'string')
        where.push(dateOnOrBefore('expire_date', filters.expiresBefore));
      return where;
    },
  },
  searchColumns: ['name', 'domain', 'issued_by'],
  titleColumn: 'name',
  subtitle: (row) =>
    [row.domain, row.issued_by].filter((v) => typeof v === 'string' && v !== '').join(' · ') || null,
  refs: { domainId: 'domains' },
  tracksAccess: true,
  sortable: ['name', 'created_at', 'updated_at'],
  ...documentationAccess(linkedToNobody),
  prepare: async (input, { db, actor, existing }) => {
    const { pem, ...rest } = input;
    if (typeof pem !== 'string') return rest;
    const facts = readPemCertificate(pem);
    // An explicit domain (even null) wins: a multi-name certificate may be documented for any of them.
    const domain = rest.domain !== undefined ? (rest.domain as string | null) : facts.domain;
    const out: Row = {
      ...rest,
      domain,
      issuedBy: facts.issuedBy,
      expireDate: facts.expireDate,
      publicKey: facts.pem,
    };
    if (existing === undefined) {
      out.name = rest.name ?? (domain ?? facts.commonName ?? 'Certificate').slice(0, 200);
      // Link the certificate to the documented domain it belongs to, unless the caller chose one.
      if (rest.domainId === undefined && domain !== null) {
        const match = await findDomainForHost(db, actor.organizationId, domain);
        if (match) out.domainId = match.id;
      }
    }
    return out;
  },
};
