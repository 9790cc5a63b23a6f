import { roles, type Role } from '@helios/shared';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/core/auth/actor.ts';
import { canAdmin } from '../src/core/auth/admin.ts';
import { canCredential } from '../src/modules/vault/policies/credentials.ts';
import {
  canDocumentation,
  documentationListScope,
} from '../src/modules/documentation/policies/documentation.ts';
import { canTicket, ticketListScope, type TicketRecord } from '../src/modules/tickets/policies/tickets.ts';
import { canUser } from '../src/modules/people/policies/users.ts';

const actor = (role: Role): Actor => ({
  userId: 10,
  organizationId: 1,
  role,
  email: `${role}@acme.example`,
  name: role,
  via: 'api_key',
});
const byRole = (f: (a: Actor) => unknown) => Object.fromEntries(roles.map((r) => [r, f(actor(r))]));

const linked = { linkedToActor: true };
const unlinked = { linkedToActor: false };
const own: TicketRecord = { createdByUserId: 10, relatedUserId: null, watcherUserIds: [] };
const aboutMe: TicketRecord = { createdByUserId: 99, relatedUserId: 10, watcherUserIds: [] };
const watching: TicketRecord = { createdByUserId: 99, relatedUserId: 98, watcherUserIds: [10] };
const others: TicketRecord = { createdByUserId: 99, relatedUserId: 98, watcherUserIds: [97] };

// Each row is a line of rbac.md, as { admin, manager, user, contact }.
describe('the rbac.md matrix, role by role', () => {
  it('read documentation: all, all, only linked/assigned, none', () => {
    expect(byRole(documentationListScope)).toEqual({
      admin: 'all',
      manager: 'all',
      user: 'linked',
      contact: 'none',
    });
    expect(byRole((a) => canDocumentation(a, 'read', unlinked))).toEqual({
      admin: true,
      manager: true,
      user: false,
      contact: false,
    });
    expect(byRole((a) => canDocumentation(a, 'read', linked))).toEqual({
      admin: true,
      manager: true,
      user: true,
      contact: false,
    });
  });

  it.each(['create', 'update', 'archive', 'restore', 'link'] as const)(
    '%s documentation: staff only',
    (action) => {
      expect(byRole((a) => canDocumentation(a, action, linked))).toEqual({
        admin: true,
        manager: true,
        user: false,
        contact: false,
      });
    },
  );

  it('hard delete anything: admin only', () => {
    const expected = { admin: true, manager: false, user: false, contact: false };
    expect(byRole((a) => canDocumentation(a, 'delete', linked))).toEqual(expected);
    expect(byRole((a) => canCredential(a, 'delete'))).toEqual(expected);
    expect(byRole((a) => canTicket(a, 'delete', own))).toEqual(expected);
    expect(byRole((a) => canUser(a, 'delete', { id: 10 }))).toEqual(expected);
  });

  it('list credentials (metadata) and reveal: staff only', () => {
    for (const action of ['list', 'read', 'reveal', 'create', 'update', 'archive', 'restore'] as const) {
      expect(byRole((a) => canCredential(a, action))).toEqual({
        admin: true,
        manager: true,
        user: false,
        contact: false,
      });
    }
  });

  it('create a ticket: everyone (users and contacts for themselves)', () => {
    expect(byRole((a) => canTicket(a, 'create'))).toEqual({
      admin: true,
      manager: true,
      user: true,
      contact: true,
    });
  });

  it('read tickets: staff all; user as creator, related user or watcher; contact as related user or watcher', () => {
    expect(byRole(ticketListScope)).toEqual({
      admin: 'all',
      manager: 'all',
      user: 'party',
      contact: 'party',
    });
    expect(byRole((a) => canTicket(a, 'read', others))).toEqual({
      admin: true,
      manager: true,
      user: false,
      contact: false,
    });
    expect(byRole((a) => canTicket(a, 'read', own))).toEqual({
      admin: true,
      manager: true,
      user: true,
      contact: false,
    });
    expect(byRole((a) => canTicket(a, 'read', aboutMe))).toEqual({
      admin: true,
      manager: true,
      user: true,
      contact: true,
    });
    expect(byRole((a) => canTicket(a, 'read', watching))).toEqual({
      admin: true,
      manager: true,
      user: true,
      contact: true,
    });
  });

  it('internal replies, read or write: staff, never users or contacts', () => {
    for (const action of ['reply_internal', 'read_internal'] as const) {
      expect(byRole((a) => canTicket(a, action, aboutMe))).toEqual({
        admin: true,
        manager: true,
        user: false,
        contact: false,
      });
    }
  });

  it('public replies: staff; others on tickets they can read', () => {
    expect(byRole((a) => canTicket(a, 'reply_public', aboutMe))).toEqual({
      admin: true,
      manager: true,
      user: true,
      contact: true,
    });
    expect(byRole((a) => canTicket(a, 'reply_public', others))).toEqual({
      admin: true,
      manager: true,
      user: false,
      contact: false,
    });
  });

  it('change status / assignee / priority: staff; a user may close their own only; contacts no', () => {
    expect(byRole((a) => canTicket(a, 'update', aboutMe))).toEqual({
      admin: true,
      manager: true,
      user: false,
      contact: false,
    });
    expect(byRole((a) => canTicket(a, 'close', own))).toEqual({
      admin: true,
      manager: true,
      user: true,
      contact: false,
    });
    expect(byRole((a) => canTicket(a, 'close', aboutMe))).toEqual({
      admin: true,
      manager: true,
      user: true,
      contact: false,
    });
    expect(byRole((a) => canTicket(a, 'close', watching))).toEqual({
      admin: true,
      manager: true,
      user: false,
      contact: false,
    });
  });

  it('users: read all (staff), self (+ directory for users), self (contacts); change role: admin', () => {
    expect(byRole((a) => canUser(a, 'read', { id: 55 }))).toEqual({
      admin: true,
      manager: true,
      user: false,
      contact: false,
    });
    expect(byRole((a) => canUser(a, 'read', { id: 10 }))).toEqual({
      admin: true,
      manager: true,
      user: true,
      contact: true,
    });
    expect(byRole((a) => canUser(a, 'read_directory'))).toEqual({
      admin: true,
      manager: true,
      user: true,
      contact: false,
    });
    expect(byRole((a) => canUser(a, 'change_role', { id: 55 }))).toEqual({
      admin: true,
      manager: false,
      user: false,
      contact: false,
    });
  });

  it.each(['settings', 'sync', 'api_keys', 'audit_log'] as const)('%s: admin only', (area) => {
    expect(byRole((a) => canAdmin(a, area))).toEqual({
      admin: true,
      manager: false,
      user: false,
      contact: false,
    });
  });
});
