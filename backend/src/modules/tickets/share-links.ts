import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Vault } from '../../core/crypto/vault.ts';
import type { Database } from '../../core/db/schema.ts';
import { findShareSecret, storeShareSecret } from './queries/share-secret.ts';

/**
 * Public ticket links (`/tickets/shared/<key>`) without stored secrets: a key is 40 base64url
 * characters holding the ticket id (4 bytes), the link revision (2 bytes) and an HMAC-SHA256 of
 * organization, ticket and revision (24 bytes) under a per-organization secret that the vault seals
 * (so a key rotation re-wraps it and links survive). Verifying a key needs no lookup of the key
 * itself; bumping a ticket's share_revision revokes its link.
 */
export interface ShareLinks {
  keyOf(ticket: { id: number; share_revision: number }): string;
  /** The ticket and revision a key names, if its MAC is right. */
  verify(key: string): { ticketId: number; revision: number } | undefined;
}

const place = (organizationId: number) =>
  ({ table: 'organizations', column: 'share_secret_encrypted', id: organizationId }) as const;

const MAC_BYTES = 24;

function linksWith(organizationId: number, secret: Buffer): ShareLinks {
  const mac = (id: number, revision: number) =>
    createHmac('sha256', secret)
      .update(`helios ticket share v1:${organizationId}:${id}:${revision}`)
      .digest()
      .subarray(0, MAC_BYTES);
  return {
    keyOf(t) {
      const head = Buffer.alloc(6);
      head.writeUInt32BE(t.id, 0);
      head.writeUInt16BE(t.share_revision & 0xffff, 4);
      return Buffer.concat([head, mac(t.id, t.share_revision & 0xffff)]).toString('base64url');
    },
    verify(key) {
      if (!/^[A-Za-z0-9_-]{40}$/.test(key)) return undefined;
      const raw = Buffer.from(key, 'base64url');
      if (raw.length !== 6 + MAC_BYTES) return undefined;
      const ticketId = raw.readUInt32BE(0);
      const revision = raw.readUInt16BE(4);
      if (ticketId === 0 || ticketId > 2_147_483_647) return undefined;
      return timingSafeEqual(raw.subarray(6), mac(ticketId, revision)) ? { ticketId, revision } : undefined;
    },
  };
}

// The plaintext secret of each organization, per database handle: it never changes (a key rotation
// re-wraps its ciphertext, not the secret), so one read per process is enough.
const cache = new WeakMap<Kysely<Database>, Map<number, Promise<ShareLinks>>>();

/** The share links of an organization, creating its secret on first use (race-safe across replicas). */
export function shareLinks(db: Kysely<Database>, vault: Vault, organizationId: number): Promise<ShareLinks> {
  let byOrg = cache.get(db);
  if (!byOrg) {
    byOrg = new Map();
    cache.set(db, byOrg);
  }
  let links = byOrg.get(organizationId);
  if (!links) {
    links = loadSecret(db, vault, organizationId).then((secret) => linksWith(organizationId, secret));
    links.catch(() => byOrg?.delete(organizationId));
    byOrg.set(organizationId, links);
  }
  return links;
}

async function loadSecret(db: Kysely<Database>, vault: Vault, organizationId: number): Promise<Buffer> {
  const stored = await findShareSecret(db, organizationId);
  if (stored) return Buffer.from(vault.open(place(organizationId), stored), 'base64');
  const fresh = randomBytes(32);
  if (await storeShareSecret(db, organizationId, vault.seal(place(organizationId), fresh.toString('base64'))))
    return fresh;
  // Another replica made it first: use theirs.
  const theirs = await findShareSecret(db, organizationId);
  if (!theirs) throw new Error('the share secret vanished');
  return Buffer.from(vault.open(place(organizationId), theirs), 'base64');
}
