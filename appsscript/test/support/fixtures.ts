// Canned backend answers for stubbed tests, typed (and checked at runtime) by the shared schemas the
// backend itself presents with, plus a router that answers the add-on's requests with them.
import { meSchema, type Me } from '../../../shared/src/schemas/me.ts';
import { peopleContextSchema, type PeopleContext } from '../../../shared/src/schemas/discovery.ts';
import {
  ticketFormOptionsSchema,
  ticketSchema,
  ticketStatusSchema,
  type TicketFormOptions,
  type Ticket,
  type TicketAbilities,
} from '../../../shared/src/schemas/tickets.ts';
import { userSchema } from '../../../shared/src/schemas/users.ts';
import type { FetchStub, StubResponse } from '../harness.ts';

export const BACKEND = 'https://helios.test.example';

const abilities = (staff: boolean, admin: boolean): Me['abilities'] => ({
  readAllDocumentation: staff,
  writeDocumentation: staff,
  hardDelete: admin,
  listCredentials: staff,
  revealCredentials: staff,
  createTickets: true,
  readAllTickets: staff,
  internalReplies: staff,
  manageTickets: staff,
  readAllUsers: staff,
  changeRoles: admin,
  manageSettings: admin,
  runSync: admin,
  manageApiKeys: admin,
  readAuditLog: admin,
  previewAddon: true,
});

export const meManager: Me = meSchema.parse({
  id: 2,
  email: 'it@acme.example',
  role: 'manager',
  name: 'Ivan Tech',
  abilities: abilities(true, false),
});

export const meUser: Me = meSchema.parse({
  id: 10,
  email: 'ada@acme.example',
  role: 'user',
  name: 'Ada Lovelace',
  abilities: abilities(false, false),
});

export const meAdmin: Me = meSchema.parse({
  id: 1,
  email: 'admin@acme.example',
  role: 'admin',
  name: 'Ann Admin',
  abilities: abilities(true, true),
});

const summary = (id: number, subject: string) => ({
  id,
  number: id,
  displayNumber: `TKT-${id}`,
  subject,
  priority: 'medium',
  status: { id: 1, name: 'New', color: null },
  assignedTo: null,
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
});

export const adaContext: PeopleContext = peopleContextSchema.parse({
  person: {
    id: 10,
    email: 'ada@acme.example',
    name: 'Ada Lovelace',
    firstName: 'Ada',
    lastName: 'Lovelace',
    role: 'user',
    title: 'Analyst',
    department: 'Engineering',
    orgUnit: '/Engineering',
    photoUrl: null,
    phone: null,
    location: null,
    manager: { id: 11, name: 'Charles Babbage', email: 'boss@acme.example' },
    isActive: true,
  },
  assets: [
    {
      id: 100,
      name: 'Ada MacBook Pro',
      assetType: 'computer',
      make: 'Apple',
      model: 'MacBook Pro 14',
      serialNumber: 'SN-C02XYZ',
      os: 'macOS',
      osVersion: '15',
      status: 'deployed',
      warrantyExpireDate: null,
      syncedFromGoogle: false,
    },
  ],
  softwareLicenses: [
    {
      id: 200,
      name: 'Figma Professional',
      licenseType: 'subscription',
      expireDate: null,
      googleLicenseSku: null,
    },
  ],
  openTickets: [summary(41, 'VPN drops every hour')],
  recentTickets: [],
  ticketForThread: summary(42, 'Laptop will not boot'),
  groups: [{ id: 7, name: 'Engineering', email: 'eng@acme.example', role: 'member' }],
  orgUnit: { id: 3, name: 'Engineering', orgUnitPath: '/Engineering' },
  counts: { openTickets: 1, devices: 1, licenses: 1 },
  vendor: null,
});

export const emptyContext: PeopleContext = peopleContextSchema.parse({
  person: null,
  assets: [],
  softwareLicenses: [],
  openTickets: [],
  recentTickets: [],
  ticketForThread: null,
  groups: [],
  orgUnit: null,
  counts: { openTickets: 0, devices: 0, licenses: 0 },
  vendor: null,
});

/** What `GET /ticket-form-options` answers staff. */
export const formOptions: TicketFormOptions = ticketFormOptionsSchema.parse({
  assignees: [
    { id: 2, name: 'Ivan Tech', email: 'it@acme.example' },
    { id: 3, name: 'Nora Net', email: 'nora@acme.example' },
  ],
  categories: ['Hardware', 'Access'],
  tags: [{ id: 8, name: 'printer', type: 'ticket', color: null }],
});

/** What staff may do with an open ticket (as the backend presents it). */
export const staffAbilities: TicketAbilities = {
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
};

/** What a user may do with an open ticket they filed or are the subject of. */
export const requesterAbilities: TicketAbilities = {
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
};

export const ticket42: Ticket = ticketSchema.parse({
  ...summary(42, 'Laptop will not boot'),
  details: 'Black screen since this morning.',
  category: null,
  source: 'addon',
  status: { id: 1, name: 'New', color: null, isClosed: false, isResolved: false },
  createdBy: { id: 2, name: 'Ivan Tech', email: 'it@acme.example' },
  assignedTo: null,
  relatedUser: { id: 10, name: 'Ada Lovelace', email: 'ada@acme.example' },
  assetIds: [],
  watcherUserIds: [],
  tags: [],
  customFields: {},
  timeSpentMinutes: 0,
  billable: false,
  firstResponseAt: null,
  resolvedAt: null,
  closedAt: null,
  closedByUserId: null,
  feedbackRating: null,
  feedbackComment: null,
  gmail: { messageId: 'msg-1', threadId: 'thread-1' },
  urlKey: 'k42',
  archivedAt: null,
  abilities: staffAbilities,
});

const stamps = {
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  archivedAt: null,
  customFields: {},
  abilities: { update: false, archive: false, restore: false, delete: false, link: false },
};

export const statuses = [
  {
    id: 1,
    name: 'New',
    color: '#2563eb',
    displayOrder: 1,
    isDefault: true,
    isClosedStatus: false,
    isResolvedStatus: false,
    ...stamps,
  },
  {
    id: 5,
    name: 'Closed',
    color: '#4b5563',
    displayOrder: 5,
    isDefault: false,
    isClosedStatus: true,
    isResolvedStatus: false,
    ...stamps,
  },
].map((s) => ticketStatusSchema.parse(s));

/** The routes a staff member's ordinary session needs. */
export const staffRoutes = (me: Me = meManager): Record<string, StubResponse> => ({
  'GET me': ok(me),
  'GET people/*': ok(adaContext),
  'GET tickets': list([ticket42]),
  'GET tickets/42': ok({ ...ticket42, attachments: [], replies: [] }),
  'GET ticket-statuses': list(statuses),
  'GET ticket-form-options': ok(formOptions),
  'GET expiring': ok({ domains: [], certificates: [], softwareLicenses: [], assetWarranties: [] }),
  'GET sync/*': list([]),
  'GET search': ok([{ type: 'asset', id: 100, title: 'Ada MacBook Pro', subtitle: 'SN-C02XYZ' }]),
  'POST tickets': json(201, { data: ticket42 }),
  'POST tickets/42/attachments': json(201, { data: { ticketId: 42, fileId: 7 } }),
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}): StubResponse => ({
  status,
  body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json', ...headers },
});

export const ok = (data: unknown): StubResponse => json(200, { data });
export const list = (data: unknown[]): StubResponse => json(200, { data, nextCursor: null });
export const apiError = (
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  details?: Array<{ path: string; message: string }>,
): StubResponse => json(status, { error: { code, message, ...(details ? { details } : {}) } }, headers);

/** Answers by path (after /api/v1/), e.g. `{ 'GET me': ok(me) }`; a key without a method matches any. */
export function router(routes: Record<string, StubResponse | (() => StubResponse)>): FetchStub {
  return (request) => {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/api\/v1\//, '');
    const exact = routes[`${request.method} ${path}`] ?? routes[path];
    const prefix = Object.entries(routes).find(
      ([k]) => k.endsWith('*') && `${request.method} ${path}`.startsWith(k.slice(0, -1)),
    )?.[1];
    const answer = exact ?? prefix;
    if (!answer) return apiError(404, 'not_found', `no stub for ${request.method} ${path}`);
    return typeof answer === 'function' ? answer() : answer;
  };
}

/** `POST /users` answering a new outside contact ("Create contact"). */
export const contactUser = userSchema.parse({
  id: 31,
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-03-01T10:00:00.000Z',
  archivedAt: null,
  customFields: {},
  abilities: { update: true, archive: true, restore: true, delete: false, link: true, changeRole: false },
  email: 'stranger@elsewhere.example',
  firstName: 'Stranger',
  lastName: null,
  role: 'contact',
  isActive: true,
  userStatus: 'active',
  googleWorkspaceId: null,
  googleWorkspaceOu: null,
  syncedFromGoogle: false,
  lastSyncedAt: null,
  phone: null,
  mobile: null,
  department: null,
  departmentId: null,
  title: null,
  photoUrl: null,
  isPrimary: false,
  isImportant: false,
  isBillingContact: false,
  isTechnicalContact: false,
  lastAccessedAt: null,
  locationId: null,
  managerId: null,
  tags: [],
});
