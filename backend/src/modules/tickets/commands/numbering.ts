import type { Insertable, Kysely } from 'kysely';
import type { Database, Tickets } from '../../../core/db/schema.ts';
import {
  insertProvisionalTickets,
  type NumberedRows,
  numberTickets,
  type TicketRow,
} from '../queries/tickets.ts';

/**
 * Ticket creation in groups. Every create of an organization must take the next number from one
 * counter row and hold its lock until commit (gap-free: a rolled-back create gives its number
 * back), so creates can only follow one another — and each commit is a WAL flush. Creates that
 * arrive while a group is being written wait and go together in the next one: one transaction, one
 * statement inserting them all, their links, one statement numbering them all and writing the rows
 * that quote their numbers, one commit. Under load a group holds what arrived during the last one
 * (at most GROUP_MAX); alone, a create is a group of one and waits for nothing. If a group fails
 * (a reference gone since it was checked, a Gmail message a concurrent request filed), nothing of
 * it was written and each of its creates is tried again alone, so only the failing one fails.
 */

/** A create, validated and ready to write (everything read before: nothing slow inside). */
export interface TicketDraft {
  organizationId: number;
  values: Omit<Insertable<Tickets>, 'number'>;
  /** Writes what belongs to the ticket (assets, watchers, custom values) once it has an id. */
  links(trx: Kysely<Database>, ticket: TicketRow): Promise<unknown>;
  /** The audit row and notifications that quote the number (filled in by the numbering statement). */
  quote(ticket: TicketRow): NumberedRows;
}

/** At most this many creates share a transaction (bounded statements and lock time). */
const GROUP_MAX = 100;

interface Waiting {
  draft: TicketDraft;
  resolve(ticket: TicketRow): void;
  reject(error: unknown): void;
}

interface Queue {
  waiting: Waiting[];
  running: boolean;
}

/** Creates waiting for the next group, per database handle and organization. */
const queues = new WeakMap<Kysely<Database>, Map<number, Queue>>();

/** Writes drafts of one organization in the caller's open transaction: inserted, linked, numbered. */
export async function writeDrafts(trx: Kysely<Database>, drafts: TicketDraft[]): Promise<TicketRow[]> {
  const first = drafts[0];
  if (!first) return [];
  const provisional = await insertProvisionalTickets(
    trx,
    drafts.map((d) => d.values),
  );
  for (const [i, draft] of drafts.entries()) await draft.links(trx, provisional[i] as TicketRow);
  return numberTickets(
    trx,
    first.organizationId,
    provisional.map((ticket, i) => ({ ticket, rows: (drafts[i] as TicketDraft).quote(ticket) })),
  );
}

/** Creates the ticket of `draft` in the next group of its organization; resolves once committed. */
export function createInGroup(db: Kysely<Database>, draft: TicketDraft): Promise<TicketRow> {
  let byOrg = queues.get(db);
  if (!byOrg) {
    byOrg = new Map();
    queues.set(db, byOrg);
  }
  let queue = byOrg.get(draft.organizationId);
  if (!queue) {
    queue = { waiting: [], running: false };
    byOrg.set(draft.organizationId, queue);
  }
  const q = queue;
  return new Promise<TicketRow>((resolve, reject) => {
    q.waiting.push({ draft, resolve, reject });
    if (!q.running) void drain(db, q);
  });
}

async function drain(db: Kysely<Database>, q: Queue): Promise<void> {
  q.running = true;
  try {
    while (q.waiting.length > 0) await writeGroup(db, q.waiting.splice(0, GROUP_MAX));
  } finally {
    q.running = false;
  }
}

async function writeGroup(db: Kysely<Database>, group: Waiting[]): Promise<void> {
  try {
    const tickets = await db.transaction().execute((trx) =>
      writeDrafts(
        trx,
        group.map((w) => w.draft),
      ),
    );
    group.forEach((w, i) => w.resolve(tickets[i] as TicketRow));
  } catch (error) {
    const [only] = group;
    if (only && group.length === 1) only.reject(error);
    // Rolled back whole: each create again on its own, so only the one at fault fails.
    else for (const w of group) await writeGroup(db, [w]);
  }
}
