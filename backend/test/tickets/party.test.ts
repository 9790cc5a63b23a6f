// The ticket "party" rule is written twice on purpose — in JS (policies/tickets.ts, for one loaded
// ticket) and in SQL (queries/ticket-party.ts, for lists, links, tags and search) — so this test
// holds them to one meaning: for every role and every way of being, or not being, a party to a
// ticket, the SQL condition selects exactly the tickets the policy lets the actor read.
import { roles, type Role } from '@helios/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/auth/actor.ts';
import { bootstrapOrganization } from '../../src/bootstrap.ts';
import { migrateToLatest } from '../../src/core/db/migrate.ts';
import { insertUser, type UserRow } from '../../src/core/queries/users.ts';
import { ticketPartyCondition } from '../../src/modules/tickets/index.ts';
import { canTicket, isParty, type TicketRecord } from '../../src/modules/tickets/policies/tickets.ts';
import {
  addWatchers,
  defaultStatus,
  insertTicket,
  nextTicketNumber,
} from '../../src/modules/tickets/queries/tickets.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';

/** Every way the actor can stand to a ticket: creator, related user, watcher — each yes or no. */
const PARTS = [false, true].flatMap((creator) =>
  [false, true].flatMap((related) => [false, true].map((watcher) => ({ creator, related, watcher }))),
);

const actorOf = (user: UserRow): Actor => ({
  userId: user.id,
  organizationId: user.organization_id,
  role: user.role as Role,
  email: user.email,
  name: user.email,
  via: 'api_key',
});

describe.each(backends)('the ticket party rule on %s', (backend) => {
  let t: TestDatabase;
  const actors = new Map<Role, Actor>();
  /** Per role: the facts of each ticket made for that role, by ticket id. */
  const facts = new Map<Role, Map<number, TicketRecord>>();

  beforeAll(async () => {
    t = await createTestDatabase(backend, 'party');
    const db = t.handle.db;
    await migrateToLatest(db);
    const { organization } = await bootstrapOrganization(db, {
      name: 'Party',
      primaryDomain: 'party.example',
      seedDemo: false,
    });
    const status = await defaultStatus(db, organization.id);
    if (!status) throw new Error('no default status');
    const bystander = await insertUser(db, {
      organization_id: organization.id,
      email: 'bystander@party.example',
      role: 'user',
    });
    for (const role of roles) {
      const user = await insertUser(db, {
        organization_id: organization.id,
        email: `${role}@party.example`,
        role,
      });
      actors.set(role, actorOf(user));
      const mine = new Map<number, TicketRecord>();
      for (const part of PARTS) {
        const record: TicketRecord = {
          createdByUserId: part.creator ? user.id : bystander.id,
          relatedUserId: part.related ? user.id : bystander.id,
          watcherUserIds: part.watcher ? [user.id] : [],
        };
        const ticket = await db.transaction().execute(async (trx) => {
          const row = await insertTicket(trx, {
            organization_id: organization.id,
            number: await nextTicketNumber(trx, organization.id),
            subject: `${role} ${JSON.stringify(part)}`,
            details: 'x',
            status_id: status.id,
            created_by_user_id: record.createdByUserId,
            related_user_id: record.relatedUserId,
          });
          await addWatchers(trx, row.id, [...record.watcherUserIds]);
          return row;
        });
        mine.set(ticket.id, record);
      }
      // A ticket with no related user at all (relatedUserId null) is nobody's by that route.
      const orphan = await insertTicket(db, {
        organization_id: organization.id,
        number: await nextTicketNumber(db, organization.id),
        subject: `${role} no related user`,
        details: 'x',
        status_id: status.id,
        created_by_user_id: bystander.id,
        related_user_id: null,
      });
      mine.set(orphan.id, { createdByUserId: bystander.id, relatedUserId: null, watcherUserIds: [] });
      facts.set(role, mine);
    }
  });
  afterAll(async () => {
    await t?.drop();
  });

  it.each(roles)('%s: SQL and policy agree on every ticket, under either table alias', async (role) => {
    const actor = actors.get(role);
    const mine = facts.get(role);
    if (!actor || !mine) throw new Error('not set up');
    const ids = [...mine.keys()];
    const expected = ids.filter((id) => {
      const record = mine.get(id);
      return record !== undefined && canTicket(actor, 'read', record);
    });
    for (const alias of ['t', 'r']) {
      const ref = (column: string) => sql.ref(`${alias}.${column}`);
      const { rows } = await sql<{ id: number }>`
        SELECT ${ref('id')} AS id FROM tickets AS ${sql.id(alias)}
        WHERE ${ref('id')} IN (${sql.join(ids)}) AND ${ticketPartyCondition(actor, alias)}
        ORDER BY 1`.execute(t.handle.db);
      expect(
        rows.map((r) => r.id),
        `alias ${alias}`,
      ).toEqual(expected);
    }
    // And the JS rule is the party rule the policy reads with (staff read everything anyway).
    if (role === 'user' || role === 'contact') {
      for (const id of ids) {
        const record = mine.get(id);
        if (record) expect(canTicket(actor, 'read', record)).toBe(isParty(actor, record));
      }
    }
  });

  it('matches rbac.md: users are parties as creator, related user or watcher; contacts not as creator', () => {
    const expectation: Record<Role, (part: (typeof PARTS)[number]) => boolean> = {
      admin: () => true,
      manager: () => true,
      user: (p) => p.creator || p.related || p.watcher,
      contact: (p) => p.related || p.watcher,
    };
    for (const role of roles) {
      const actor = actors.get(role);
      if (!actor) throw new Error('not set up');
      for (const part of PARTS) {
        const record: TicketRecord = {
          createdByUserId: part.creator ? actor.userId : 0,
          relatedUserId: part.related ? actor.userId : 0,
          watcherUserIds: part.watcher ? [actor.userId] : [],
        };
        expect(canTicket(actor, 'read', record), `${role} ${JSON.stringify(part)}`).toBe(
          expectation[role](part),
        );
      }
    }
  });
});
