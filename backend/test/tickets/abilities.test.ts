// Per-ticket abilities: every presented ticket says what the caller may do with it, and that is
// exactly what the routes then accept — checked by trying every action, for every role, on tickets
// in every relation to the caller and every state that matters (archived, resolved, rated).
import {
  listEnvelope,
  ticketSchema,
  ticketStatusSchema,
  ticketWithRepliesSchema,
  type Role,
  type Ticket,
  type TicketAbilities,
} from '@helios/shared';
import type { Request } from 'express';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/core/db/schema.ts';
import { withIdempotency } from '../../src/core/http/idempotency.ts';
import { responseMismatch } from '../../src/core/http/route.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

type Who = Awaited<ReturnType<ApiHarness['user']>>;
const dataOf = async <T>(res: Response): Promise<T> => ((await res.json()) as { data: T }).data;
const ROLES: Role[] = ['admin', 'manager', 'user', 'contact'];
const SUCCESS = [200, 201, 204];
const REFUSED = [403, 409];

describe.each(backends)('ticket abilities on %s', (backend) => {
  let h: ApiHarness;
  let manager: Who;
  let bystander: Who;
  const actors = {} as Record<Role, Who>;
  const status = { closed: 0, resolved: 0 };
  let unique = 0;

  const call = async (who: Who, method: string, path: string, body?: unknown) =>
    h.api(who.key, method, path, body);
  const must = async <T>(res: Promise<Response>, expected = [200, 201, 204]): Promise<T> => {
    const r = await res;
    if (!expected.includes(r.status)) throw new Error(`setup: ${r.status} ${await r.text()}`);
    return r.status === 204 ? (undefined as T) : dataOf<T>(r);
  };
  const newTicket = async (by: Who, extra: Record<string, unknown> = {}) =>
    (
      await must<Ticket>(
        call(by, 'POST', '/tickets', { subject: `abilities ${(unique += 1)}`, details: 'x', ...extra }),
      )
    ).id;

  /** Tickets in every relation to `who` and every state the policy looks at. */
  const scenarios: Record<string, (who: Who) => Promise<number>> = {
    'filed by them': (who) => newTicket(who),
    'about them': (who) => newTicket(manager, { relatedUserId: who.user.id }),
    'watched by them': (who) =>
      newTicket(manager, { relatedUserId: bystander.user.id, watcherUserIds: [who.user.id] }),
    'about them, archived': async (who) => {
      const id = await newTicket(manager, { relatedUserId: who.user.id });
      await must(call(manager, 'POST', `/tickets/${id}/archive`));
      return id;
    },
    'about them, resolved': async (who) => {
      const id = await newTicket(manager, { relatedUserId: who.user.id });
      await must(call(manager, 'PATCH', `/tickets/${id}`, { statusId: status.resolved }));
      return id;
    },
    'about them, resolved and rated': async (who) => {
      const id = await newTicket(manager, { relatedUserId: who.user.id });
      await must(call(manager, 'PATCH', `/tickets/${id}`, { statusId: status.resolved }));
      await must(call(who, 'POST', `/tickets/${id}/feedback`, { rating: 3 }));
      return id;
    },
    'about someone else': () => newTicket(manager, { relatedUserId: bystander.user.id }),
  };

  /** Each ability is a promise about one route call. */
  const attempts: Record<keyof TicketAbilities, (who: Who, id: number) => Promise<Response>> = {
    update: (who, id) => call(who, 'PATCH', `/tickets/${id}`, { priority: 'high' }),
    close: (who, id) => call(who, 'PATCH', `/tickets/${id}`, { statusId: status.closed }),
    reply: (who, id) => call(who, 'POST', `/tickets/${id}/replies`, { reply: 'hello', type: 'public' }),
    replyInternal: (who, id) =>
      call(who, 'POST', `/tickets/${id}/replies`, { reply: 'note', type: 'internal' }),
    archive: (who, id) => call(who, 'POST', `/tickets/${id}/archive`),
    restore: (who, id) => call(who, 'POST', `/tickets/${id}/restore`),
    watch: (who, id) => call(who, 'PUT', `/tickets/${id}/watchers/${who.user.id}`),
    manageWatchers: (who, id) => call(who, 'PUT', `/tickets/${id}/watchers/${bystander.user.id}`),
    attach: (who, id) =>
      call(who, 'POST', `/tickets/${id}/attachments`, {
        driveFileId: 'drive-file-abilities-1',
        name: 'a.pdf',
      }),
    feedback: (who, id) => call(who, 'POST', `/tickets/${id}/feedback`, { rating: 4 }),
  };

  beforeAll(async () => {
    h = await startApi(backend);
    for (const role of ROLES) actors[role] = await h.user(role);
    manager = actors.manager;
    bystander = await h.user('user');
    const statuses = await must<{ id: number; name: string }[]>(
      call(manager, 'GET', '/ticket-statuses?limit=100'),
    );
    status.closed = statuses.find((s) => s.name === 'Closed')?.id ?? 0;
    status.resolved = statuses.find((s) => s.name === 'Resolved')?.id ?? 0;
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each(ROLES)('%s: every ability is what the route then does', async (role) => {
    const who = actors[role];
    const staff = role === 'admin' || role === 'manager';
    for (const [name, make] of Object.entries(scenarios)) {
      const probe = await make(who);
      const shown = await call(who, 'GET', `/tickets/${probe}`);
      if (!staff && name === 'about someone else') {
        expect(shown.status, name).toBe(404);
        continue;
      }
      expect(shown.status, name).toBe(200);
      const { abilities } = ticketWithRepliesSchema.parse(await dataOf(shown));
      // The list and the thread lookup present the same abilities as the single ticket.
      const listed = await dataOf<Ticket[]>(await call(who, 'GET', '/tickets?archived=all&limit=200'));
      expect(listed.find((t) => t.id === probe)?.abilities, name).toEqual(abilities);

      for (const [ability, attempt] of Object.entries(attempts) as [
        keyof TicketAbilities,
        typeof attempts.update,
      ][]) {
        // A fresh ticket in the same situation for every attempt: attempts change tickets.
        const id = await make(who);
        const res = await attempt(who, id);
        const label = `${role} · ${name} · ${ability} (said ${abilities[ability]}, got ${res.status})`;
        expect(abilities[ability] ? SUCCESS : REFUSED, label).toContain(res.status);
      }
    }
  });

  it('a user may close the ticket they filed, and is told so; they may not triage it', async () => {
    const user = actors.user;
    const id = await newTicket(user);
    const ticket = ticketSchema.parse(await dataOf(await call(user, 'GET', `/tickets/${id}`)));
    expect(ticket.abilities).toEqual({
      update: false,
      close: true,
      reply: true,
      replyInternal: false,
      archive: false,
      restore: false,
      watch: true,
      manageWatchers: false,
      attach: false,
      feedback: false,
    });
    // The answer to a change carries the abilities after it: a closed ticket may be rated.
    const closed = ticketSchema.parse(
      await dataOf(await call(user, 'PATCH', `/tickets/${id}`, { statusId: status.closed })),
    );
    expect(closed.status.isClosed).toBe(true);
    expect(closed.abilities.feedback).toBe(true);
    // A contact filing for themselves may not close it (rbac.md), and is told so.
    const contact = actors.contact;
    const theirs = ticketSchema.parse(
      await dataOf(await call(contact, 'POST', '/tickets', { subject: 'contact', details: 'x' })),
    );
    expect(theirs.abilities).toMatchObject({ close: false, update: false, reply: true });
  });

  it('staff may do everything on an open ticket; only the requester rates it', async () => {
    const id = await newTicket(manager, { relatedUserId: bystander.user.id });
    await must(call(manager, 'PATCH', `/tickets/${id}`, { statusId: status.resolved }));
    for (const role of ['admin', 'manager'] as const) {
      const { abilities } = ticketSchema.parse(
        await dataOf(await call(actors[role], 'GET', `/tickets/${id}`)),
      );
      expect(abilities).toEqual({
        update: true,
        close: true,
        reply: true,
        replyInternal: true,
        archive: true,
        restore: true,
        watch: true,
        manageWatchers: true,
        attach: true,
        feedback: false,
      });
    }
    const { abilities } = ticketSchema.parse(await dataOf(await call(bystander, 'GET', `/tickets/${id}`)));
    expect(abilities.feedback).toBe(true);
  });

  it('attaches a Drive file by registering it as a file (as POST /files does), or a stored file by id', async () => {
    const id = await newTicket(manager);
    const driveFileId = 'drive-file-attach-0001';
    const res = await call(manager, 'POST', `/tickets/${id}/attachments`, {
      driveFileId,
      name: 'Boot log.pdf',
      mimeType: 'application/pdf',
    });
    expect(res.status).toBe(201);
    const { fileId, ticketId } = await dataOf<{ fileId: number; ticketId: number }>(res);
    expect(ticketId).toBe(id);
    const file = await dataOf<Record<string, unknown>>(await call(manager, 'GET', `/files/${fileId}`));
    expect(file).toMatchObject({
      name: 'Boot log.pdf',
      kind: 'drive',
      driveFileId,
      mimeType: 'application/pdf',
    });
    const audits = await h.t.handle.db
      .selectFrom('audit_logs')
      .select(['action', 'entity_type', 'entity_id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('entity_type', '=', 'file'), eb('entity_id', '=', fileId)]),
          eb.and([eb('entity_type', '=', 'ticket'), eb('entity_id', '=', id), eb('action', '=', 'attach')]),
        ]),
      )
      .orderBy('id')
      .execute();
    expect(audits.map((a) => `${a.entity_type}:${a.action}`)).toEqual(['file:create', 'ticket:attach']);

    // The same file again, by id, is attached once (and answered alike).
    const again = await call(manager, 'POST', `/tickets/${id}/attachments`, { fileId });
    expect(again.status).toBe(201);
    const attached = await h.t.handle.db
      .selectFrom('ticket_attachments')
      .select('file_id')
      .where('ticket_id', '=', id)
      .execute();
    expect(attached.map((a) => a.file_id)).toEqual([fileId]);
    expect((await call(manager, 'POST', `/tickets/${id}/attachments`, { fileId: 999999 })).status).toBe(400);
  });

  it('GET /ticket-statuses answers in the shared ticket-status schema, nothing more', async () => {
    const res = await call(actors.user, 'GET', '/ticket-statuses?limit=100');
    expect(res.status).toBe(200);
    expect(responseMismatch(listEnvelope(ticketStatusSchema), await res.json())).toBeUndefined();
  });

  it('documents the ticket routes with named components', async () => {
    const doc = (await (await fetch(`${h.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const name of ['Ticket', 'TicketWithReplies', 'TicketReply', 'TicketAbilities', 'TicketAttachment'])
      expect(doc.components.schemas, name).toHaveProperty([name]);
    expect(JSON.stringify(doc.paths['/tickets/{id}']?.get)).toContain(
      '#/components/schemas/TicketWithReplies',
    );
    expect(JSON.stringify(doc.paths['/tickets']?.post)).toContain('idempotency-key');
  });
});

describe('withIdempotency', () => {
  it('hands `run` no remember when the request has no Idempotency-Key (nothing to store)', async () => {
    const req = { get: () => undefined } as unknown as Request;
    const db = {} as Kysely<Database>;
    let seen: unknown = 'not called';
    const answer = await withIdempotency(db, req, async (remember) => {
      seen = remember;
      return { status: 201, body: { data: 1 } };
    });
    expect(seen).toBeUndefined();
    expect(answer).toEqual({ status: 201, body: { data: 1 } });
  });
});
