// "New joiner / leaver from this email": offered to IT staff on the sender's card (never to a plain
// user), the form prefilled from HR's message (names, work email, date, title, department,
// manager; the likely kind's template first), and the request POSTed with what the form holds.
// The backend is stubbed with answers parsed by the shared schemas; the bundle is the built one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
import { startWorkerModule, type WorkerModule } from './fakes/worker-module.ts';
import type { Seeded } from './support/backend-worker.ts';
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

// The same flow against a REAL backend (support/backend-worker.ts: the API on loopback, PGlite, the
// organization's default templates): HR's email becomes a pending joiner request; the same form
// again makes no second one, and a plain user is neither offered the action nor able to file.
describe('New joiner from this email, end to end on a real backend', { timeout: 60_000 }, () => {
  let backend: WorkerModule;
  let seed: Seeded;
  const opened: Addon[] = [];

  beforeAll(async () => {
    backend = await startWorkerModule(new URL('./support/backend-worker.ts', import.meta.url));
    seed = (await backend.call('start', 'pglite')) as Seeded;
  }, 60_000);
  afterAll(async () => {
    for (const a of opened) a.close();
    await backend?.call('stop').catch(() => undefined);
    await backend?.close();
  });

  const hrMail = (): Record<string, MessageFixture> => {
    const domain = seed.emails.user.split('@')[1] ?? '';
    return {
      hr: {
        threadId: 'thread-hr-e2e',
        subject: 'New starter: Alan Turing',
        from: `Grace Hopper <${seed.emails.other}>`,
        to: `it@${domain}`,
        date: '2026-11-20T10:00:00Z',
        plainBody: `Alan Turing joins on 2026-12-07.\nEmail: alan.turing@${domain}\nDepartment: Research\nManager: Ada Lovelace <${seed.emails.user}>`,
        headers: { 'Message-ID': '<hr-e2e@mail.example>' },
        accessToken: 'gmail-access-token',
      },
    };
  };
  const addonAs = (who: 'manager' | 'user'): Addon => {
    const a = loadAddon({
      token: seed.tokens[who],
      userEmail: seed.emails[who],
      messages: hrMail(),
      scriptProperties: { HELIOS_BACKEND_URL: seed.url },
    });
    opened.push(a);
    return a;
  };
  const hrEvent = (formInputs?: Record<string, string>) =>
    gmailEvent({
      messageId: 'hr',
      threadId: 'thread-hr-e2e',
      parameters: { messageId: 'hr', threadId: 'thread-hr-e2e' },
      ...(formInputs ? { formInputs } : {}),
    });

  it('IT staff file the joiner from the form; the same form again files nothing more', () => {
    const staff = addonAs('manager');
    const [form] = navigatedCards(staff.actionResponse('onShowLifecycleForm', hrEvent()));
    if (!form) throw new Error('no form');
    const inputs = inputsOf(form);
    expect(inputs).toMatchObject({
      firstName: 'Alan',
      lastName: 'Turing',
      date: '2026-12-07',
      department: 'Research',
    });
    expect(inputs.managerEmail).toBe(seed.emails.user);
    const [choice] = widgetsOf(form, 'selectionInput').filter((w) => w.name === 'templateId');
    const joiner = choice?.items.find((i) => i.selected);
    expect(joiner?.text).toBe('Joiner: Default onboarding');

    const submit = () =>
      staff.actionResponse(
        'onCreateLifecycleRequest',
        hrEvent({ ...inputs, templateId: joiner?.value ?? '' }),
      );
    const first = submit();
    expect(notificationOf(first)).toBe('Joiner request created: waiting for approval');
    const [card] = navigatedCards(first);
    expect(card?.header).toMatchObject({ title: 'Joiner: Alan Turing', subtitle: 'Waiting for approval' });
    const link = card?.fixedFooter?.primaryButton?.onClick?.openLink?.url ?? '';
    expect(link).toMatch(new RegExp(`^${seed.url}/lifecycle/requests/\\d+$`));
    // Filing the same email twice makes no second joiner: the backend names the open request.
    const second = submit();
    expect(notificationOf(second)).toMatch(/already has an open onboarding request/);
    expect(navigatedCards(second)).toHaveLength(0);
  });

  it('a plain user is not offered the action, and a crafted callback files nothing', () => {
    const user = addonAs('user');
    const card = user.card('onGmailMessage', gmailEvent({ messageId: 'hr', threadId: 'thread-hr-e2e' }));
    expect(buttons(card).map((b) => b.text)).not.toContain('New joiner / leaver from this email');
    const refused = user.actionResponse(
      'onCreateLifecycleRequest',
      hrEvent({
        templateId: '1',
        firstName: 'Alan',
        lastName: 'Turing',
        personEmail: 'x@example.com',
        date: '2026-12-07',
      }),
    );
    expect(notificationOf(refused)).toMatch(/IT staff/);
    expect(user.fetches.filter((f) => f.method === 'POST')).toHaveLength(0);
  });
});
