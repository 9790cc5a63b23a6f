// "New joiner / leaver from this email": offered to IT staff on the sender's card (never to a plain
// user), the form prefilled from HR's message (names, work email, date, title, department,
// manager; the likely kind's template first), and the request POSTed with what the form holds.
// The backend is stubbed with answers parsed by the shared schemas; the bundle is the built one.
import { afterEach, describe, expect, it } from 'vitest';
import { lifecycleRequestSchema, lifecycleTemplateSchema } from '../../shared/src/schemas/lifecycle.ts';
import {
  button,
  buttons,
  gmailEvent,
  loadAddon,
  navigatedCards,
  notificationOf,
  textOf,
  widgetsOf,
  type Addon,
  type CardJson,
  type MessageFixture,
  type StubResponse,
} from './harness.ts';
import { BACKEND, list, meManager, meUser, ok, router, staffRoutes } from './support/fixtures.ts';

const json201 = (data: unknown): StubResponse => ({
  status: 201,
  body: JSON.stringify({ data }),
  headers: { 'Content-Type': 'application/json' },
});

const messages: Record<string, MessageFixture> = {
  joiner: {
    threadId: 'thread-j',
    subject: 'New starter: Grace Hopper',
    from: 'Helen HR <hr@acme.example>',
    to: 'it@acme.example',
    date: '2026-11-20T10:00:00Z',
    plainBody: [
      'Hi IT,',
      '',
      'Grace Hopper joins us on 7 December 2026.',
      'Email: grace.hopper@acme.example',
      'Title: Rear Admiral of Compilers',
      'Department: Engineering',
      'Manager: Charles Babbage <charles@acme.example>',
      '',
      'Thanks,',
      'Helen',
    ].join('\n'),
    accessToken: 'gmail-access-token',
  },
  leaver: {
    threadId: 'thread-l',
    subject: 'Leaver - Ada Lovelace',
    from: 'Helen HR <hr@acme.example>',
    to: 'it@acme.example',
    date: '2026-11-20T10:00:00Z',
    plainBody:
      'Ada Lovelace is leaving; her last working day is 2026-12-18. Her address is ada@acme.example.',
    accessToken: 'gmail-access-token',
  },
};

const stamps = { createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' };
const template = (id: number, kind: 'onboarding' | 'offboarding', name: string) =>
  lifecycleTemplateSchema.parse({
    id,
    kind,
    name,
    description: null,
    isActive: true,
    steps: [],
    ...stamps,
    abilities: { update: false, delete: false },
  });
const templates = [
  template(1, 'onboarding', 'Standard joiner'),
  template(2, 'offboarding', 'Standard leaver'),
];

const created = lifecycleRequestSchema.parse({
  id: 31,
  kind: 'onboarding',
  status: 'pending',
  person: { id: 77, email: 'grace.hopper@acme.example', name: 'Grace Hopper' },
  template: { id: 1, name: 'Standard joiner' },
  effectiveAt: '2026-12-07T09:00:00.000Z',
  notes: null,
  ticketId: null,
  requestedBy: { id: 2, name: 'Ivan Tech', email: 'it@acme.example' },
  approvedBy: null,
  approvedAt: null,
  completedAt: null,
  ...stamps,
  progress: { total: 9, done: 0, failed: 0 },
  steps: [],
  abilities: { approve: false, reject: false, cancel: true, dryRun: true },
});

let addon: Addon | undefined;
afterEach(() => addon?.close());

function start(routes: Record<string, StubResponse>): Addon {
  addon = loadAddon({ token: 'id-token', messages, scriptProperties: { HELIOS_BACKEND_URL: BACKEND } });
  addon.urlFetch.stub(router(routes));
  return addon;
}

/** IT staff as a lifecycle-aware backend presents them. */
const meStaff = { ...meManager, abilities: { ...meManager.abilities, requestLifecycle: true } };

const lifecycleRoutes = (): Record<string, StubResponse> => ({
  ...staffRoutes(meStaff),
  'GET lifecycle/templates': list(templates),
  'POST lifecycle/requests': json201(created),
});

const event = (id: string, formInputs?: Record<string, string>) =>
  gmailEvent({
    messageId: id,
    threadId: messages[id]?.threadId ?? '',
    parameters: { messageId: id, threadId: messages[id]?.threadId ?? '' },
    ...(formInputs ? { formInputs } : {}),
  });

function openForm(a: Addon, id: string): CardJson {
  const [form] = navigatedCards(a.actionResponse('onShowLifecycleForm', event(id)));
  if (!form) throw new Error('no lifecycle form');
  return form;
}

const inputsOf = (card: CardJson) =>
  Object.fromEntries(widgetsOf(card, 'textInput').map((i) => [i.name, i.value ?? '']));

describe('New joiner / leaver from this email', () => {
  it('is offered to IT staff on the sender card, and not to a plain user', () => {
    const staff = start(lifecycleRoutes());
    const card = staff.card('onGmailMessage', gmailEvent({ messageId: 'joiner', threadId: 'thread-j' }));
    const offer = button(card, 'New joiner / leaver from this email');
    expect(offer.onClick?.action?.function).toBe('onShowLifecycleForm');
    staff.close();

    const user = start({
      ...lifecycleRoutes(),
      'GET me': ok({ ...meUser, abilities: { ...meUser.abilities, requestLifecycle: false } }),
    });
    const theirs = user.card('onGmailMessage', gmailEvent({ messageId: 'joiner', threadId: 'thread-j' }));
    expect(buttons(theirs).map((b) => b.text)).not.toContain('New joiner / leaver from this email');
  });

  it("a joiner's email prefills name, work email, date, title, department and manager; the joiner template first", () => {
    const a = start(lifecycleRoutes());
    const form = openForm(a, 'joiner');
    expect(inputsOf(form)).toMatchObject({
      firstName: 'Grace',
      lastName: 'Hopper',
      personEmail: 'grace.hopper@acme.example',
      date: '2026-12-07',
      time: '09:00',
      title: 'Rear Admiral of Compilers',
      department: 'Engineering',
      managerEmail: 'charles@acme.example',
    });
    const [choice] = widgetsOf(form, 'selectionInput').filter((w) => w.name === 'templateId');
    expect(choice?.items.map((i) => [i.text, i.selected])).toEqual([
      ['Joiner: Standard joiner', true],
      ['Leaver: Standard leaver', false],
    ]);
    expect(textOf(form)).toContain('hr@acme.example');
    expect(button(form, 'Create request').onClick?.action?.function).toBe('onCreateLifecycleRequest');
  });

  it("a leaver's email: the leaver template first, their address and last day", () => {
    const a = start(lifecycleRoutes());
    const form = openForm(a, 'leaver');
    expect(inputsOf(form)).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      personEmail: 'ada@acme.example',
      date: '2026-12-18',
      time: '17:00',
    });
    const [choice] = widgetsOf(form, 'selectionInput').filter((w) => w.name === 'templateId');
    expect(choice?.items.find((i) => i.selected)?.text).toBe('Leaver: Standard leaver');
  });

  it('creating: POST /lifecycle/requests with the form, a toast, the request card; bad input sends nothing', () => {
    const a = start(lifecycleRoutes());
    const bad = a.actionResponse(
      'onCreateLifecycleRequest',
      event('joiner', {
        templateId: '1',
        firstName: 'Grace',
        lastName: 'Hopper',
        personEmail: 'grace.hopper@acme.example',
        date: '7/12/2026',
      }),
    );
    expect(notificationOf(bad)).toMatch(/YYYY-MM-DD/);
    expect(a.fetches.filter((f) => f.method === 'POST')).toHaveLength(0);

    const done = a.actionResponse(
      'onCreateLifecycleRequest',
      event('joiner', {
        templateId: '1',
        firstName: 'Grace',
        lastName: 'Hopper',
        personEmail: 'Grace.Hopper@acme.example',
        date: '2026-12-07',
        time: '09:00',
        title: 'Rear Admiral of Compilers',
        department: 'Engineering',
        managerEmail: 'charles@acme.example',
      }),
    );
    expect(notificationOf(done)).toBe('Joiner request created: waiting for approval');
    const post = a.fetches.find((f) => f.method === 'POST');
    expect(post?.url).toBe(`${BACKEND}/api/v1/lifecycle/requests`);
    expect(JSON.parse(post?.payload ?? '{}')).toMatchObject({
      kind: 'onboarding',
      personEmail: 'grace.hopper@acme.example',
      templateId: 1,
      effectiveAt: '2026-12-07T09:00:00.000Z',
      person: {
        firstName: 'Grace',
        lastName: 'Hopper',
        title: 'Rear Admiral of Compilers',
        department: 'Engineering',
        managerEmail: 'charles@acme.example',
      },
    });
    expect(JSON.parse(post?.payload ?? '{}').notes).toContain('hr@acme.example');
    const [card] = navigatedCards(done);
    expect(card?.header?.title).toBe('Joiner: Grace Hopper');
    expect(textOf(card ?? { sections: [] })).toContain('Waiting for approval');
    expect(card?.fixedFooter?.primaryButton?.onClick?.openLink?.url).toBe(`${BACKEND}/lifecycle/requests/31`);
  });
});
