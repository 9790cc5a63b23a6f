// End to end (the BUILT bundle against a real backend, as e2e.test.ts) for the add-on's second pass
// (issue 12): the form that fills itself (assignee, category in use, the single device, CC'd
// watchers, tags); a later message of a ticketed thread never silently a second ticket; the ticket
// card's one-click status, priority and assignee and logged time; a plain user's "Report this email
// to IT"; the compose action's insert; "New ticket with these files" in Drive; an unknown sender's
// vendor and "Create contact". Each callback's backend round trips are counted (at most two).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateDraftJson } from '../runtime/card-service.ts';
import { startWorkerModule, type WorkerModule } from './fakes/worker-module.ts';
import {
  button,
  composeEvent,
  driveEvent,
  gmailEvent,
  homepageEvent,
  loadAddon,
  navigatedCards,
  notificationOf,
  parametersOf,
  textOf,
  widgetsOf,
  type Addon,
  type CardJson,
  type MessageFixture,
} from './harness.ts';
import type { Seeded } from './support/backend-worker.ts';

const THREAD = 'thread-second-1';
const FIRST = 'msg-second-1';
const LATER = 'msg-second-2';
const REPORTED = 'msg-second-3';
const VENDOR = 'msg-second-4';

const messages = (seed: Seeded): Record<string, MessageFixture> => ({
  [FIRST]: {
    threadId: THREAD,
    subject: 'Printer offline',
    from: `Ada Lovelace <${seed.emails.user}>`,
    to: seed.emails.manager,
    cc: `Grace Hopper <${seed.emails.other}>, outsider@elsewhere.example`,
    plainBody: 'The printer on floor 3 is offline.',
  },
  [LATER]: {
    threadId: THREAD,
    subject: 'Re: Printer offline',
    from: `Ada Lovelace <${seed.emails.user}>`,
    plainBody: 'Also my badge does not open the door.',
  },
  [REPORTED]: {
    threadId: 'thread-second-3',
    subject: 'Urgent: confirm your password',
    from: `Grace Hopper <${seed.emails.other}>`,
    to: seed.emails.user,
    plainBody: 'Click here to keep your account: http://phish.example/login',
  },
  [VENDOR]: {
    threadId: 'thread-second-4',
    subject: 'Your toner order',
    from: 'Sam Sales <sales@printers.example>',
    plainBody: 'Your order ships tomorrow.',
  },
});

describe('the add-on’s second pass on a real backend', { timeout: 90_000 }, () => {
  let backend: WorkerModule;
  let seed: Seeded;
  let extras: { tagId: number; vendorId: number };
  let staff: Addon;
  const addons: Addon[] = [];
  let ticketId = 0;
  let displayNumber = '';

  const addonFor = (token: string, email: string): Addon => {
    const addon = loadAddon({
      token,
      userEmail: email,
      messages: messages(seed),
      scriptProperties: { HELIOS_BACKEND_URL: seed.url },
    });
    addons.push(addon);
    return addon;
  };
  const count = async (): Promise<number> => (await backend.call('ticketCount')) as number;

  beforeAll(async () => {
    backend = await startWorkerModule(new URL('./support/backend-worker.ts', import.meta.url));
    seed = (await backend.call('start', 'pglite')) as Seeded;
    extras = (await backend.call('seedExtras')) as { tagId: number; vendorId: number };
    staff = addonFor(seed.tokens.manager, seed.emails.manager);
    // Starting a real backend (migrations on a fresh database) takes long on a loaded machine.
  }, 180_000);

  afterAll(async () => {
    for (const addon of addons) addon.close();
    await backend?.call('stop').catch(() => undefined);
    await backend?.close();
  });

  /** Runs one callback and counts its backend round trips (a fetchAll is one). */
  function measured<T>(addon: Addon, run: () => T): { value: T; roundTrips: number; requests: string } {
    const from = addon.fetches.length;
    const value = run();
    const mine = addon.fetches.slice(from).filter((f) => f.url.startsWith(seed.url));
    return {
      value,
      roundTrips: new Set(mine.map((f) => f.roundTrip)).size,
      requests: mine.map((f) => `${f.roundTrip} ${f.method} ${f.url.slice(seed.url.length)}`).join('\n'),
    };
  }
  const event = (
    messageId: string,
    extra: Omit<Parameters<typeof gmailEvent>[0], 'messageId' | 'threadId'> = {},
  ) => gmailEvent({ messageId, threadId: messages(seed)[messageId]?.threadId ?? '', ...extra });
  const only = (cards: CardJson[]): CardJson => {
    const [card] = cards;
    if (!card) throw new Error('no card');
    return card;
  };
  const choiceOf = (card: CardJson, name: string) => {
    const found = widgetsOf(card, 'selectionInput').find((w) => w.name === name);
    if (!found) throw new Error(`no ${name} on the card: ${textOf(card)}`);
    return found;
  };

  it('the form fills itself: any staff assignee, a category in use, the single device, CC watchers, tags', async () => {
    const card = measured(staff, () => staff.card('onGmailMessage', event(FIRST)));
    expect(card.roundTrips).toBe(1);
    expect(card.value.fixedFooter?.primaryButton?.text).toBe('File a ticket');
    // The real totals beside the lists.
    expect(card.value.sections.map((s) => s.header)).toEqual(
      expect.arrayContaining(['Devices (1)', 'Licenses (1)', 'Open tickets (0)']),
    );
    const shown = measured(staff, () =>
      staff.actionResponse(
        'onShowTicketForm',
        event(FIRST, { parameters: parametersOf(card.value.fixedFooter?.primaryButton?.onClick?.action) }),
      ),
    );
    expect(shown.roundTrips, shown.requests).toBeLessThanOrEqual(1);
    const form = only(navigatedCards(shown.value));
    const assignee = choiceOf(form, 'assignee');
    expect(assignee.items.find((i) => i.selected)?.text).toBe('Me');
    const admin = assignee.items.find((i) => i.text === 'Ann Admin');
    expect(admin).toBeDefined();
    expect(choiceOf(form, 'categoryChoice').items.map((i) => i.text)).toContain('Printing');
    expect(choiceOf(form, 'assetIds').items).toEqual([
      expect.objectContaining({ value: String(seed.ids.asset), selected: true }),
    ]);
    expect(choiceOf(form, 'watcherEmails').items.map((i) => [i.value, i.selected])).toEqual([
      [seed.emails.other, true],
      ['outsider@elsewhere.example', true],
    ]);
    expect(choiceOf(form, 'tagIds').items.map((i) => i.text)).toEqual(['printer']);

    const filed = measured(staff, () =>
      staff.actionResponse(
        'onFileTicket',
        event(FIRST, {
          parameters: parametersOf(button(form, 'File ticket').onClick?.action),
          formInputs: {
            subject: 'Printer offline',
            details: 'The printer on floor 3 is offline.',
            priority: 'high',
            assignee: admin?.value ?? '',
            categoryChoice: 'Printing',
            assetIds: [String(seed.ids.asset)],
            watcherEmails: [seed.emails.other, 'outsider@elsewhere.example'],
            tagIds: [String(extras.tagId)],
          },
        }),
      ),
    );
    expect(filed.roundTrips, filed.requests).toBeLessThanOrEqual(2);
    displayNumber = /TKT-\d+/.exec(notificationOf(filed.value) ?? '')?.[0] ?? '';
    expect(notificationOf(filed.value)).toBe(`Filed ${displayNumber}`);
    const rows = (await backend.call('ticketsForThread', THREAD)) as Array<{ id: number }>;
    expect(rows).toHaveLength(1);
    ticketId = rows[0]?.id ?? 0;
    const row = (await backend.call('ticketRow', ticketId)) as {
      assigned_to_user_id: number;
      category: string;
    };
    expect(row).toMatchObject({ assigned_to_user_id: Number(admin?.value), category: 'Printing' });
    expect(await backend.call('ticketLinksOf', ticketId)).toEqual({
      watchers: [seed.ids.other],
      tags: [extras.tagId],
      assets: [seed.ids.asset],
    });
  });

  it('a later message of the ticketed thread: "Add to TKT-n" first, a second ticket only when asked', async () => {
    const card = staff.card('onGmailMessage', event(LATER));
    expect(card.fixedFooter?.primaryButton?.text).toBe(`Add to ${displayNumber}`);
    expect(card.fixedFooter?.secondaryButton?.text).toBe('File a ticket');
    const form = only(
      navigatedCards(
        staff.actionResponse(
          'onShowTicketForm',
          event(LATER, { parameters: parametersOf(card.fixedFooter?.secondaryButton?.onClick?.action) }),
        ),
      ),
    );
    expect(choiceOf(form, 'separate').items.map((i) => i.text)).toEqual(['File a separate ticket']);
    const submit = (formInputs: Record<string, string | string[]>) =>
      measured(staff, () =>
        staff.actionResponse(
          'onFileTicket',
          event(LATER, { parameters: parametersOf(button(form, 'File ticket').onClick?.action), formInputs }),
        ),
      );
    const typed = {
      subject: 'Badge does not open the door',
      details: 'Also my badge does not open the door.',
    };

    const before = await count();
    const refused = submit(typed);
    expect(refused.roundTrips, refused.requests).toBeLessThanOrEqual(2);
    expect(notificationOf(refused.value)).toMatch(
      new RegExp(`already ${displayNumber}: add the email to it, or tick “File a separate ticket”`),
    );
    // The form again, in place, with what was typed.
    const again = refused.value.renderActions.action.navigations?.[0]?.updateCard;
    expect(again?.header?.title).toBe('File a ticket from this email');
    expect(widgetsOf(again ?? { sections: [] }, 'textInput').find((i) => i.name === 'subject')?.value).toBe(
      typed.subject,
    );
    expect(await count()).toBe(before);

    const separate = submit({ ...typed, separate: ['yes'] });
    expect(notificationOf(separate.value)).toMatch(/^Filed TKT-\d+$/);
    expect(notificationOf(separate.value)).not.toBe(`Filed ${displayNumber}`);
    expect(await count()).toBe(before + 1);
    expect((await backend.call('ticketsForThread', THREAD)) as unknown[]).toHaveLength(2);
  });

  it('the ticket card: status, priority and assignee save on selection; time is logged with a note', async () => {
    const open = () =>
      only(
        navigatedCards(
          staff.actionResponse('onOpenTicket', event(FIRST, { parameters: { ticketId: String(ticketId) } })),
        ),
      );
    const card = open();
    const statuses = (await backend.call('statusIds')) as Record<string, number>;
    const target = Object.entries(statuses).find(([name]) => !/new|open|closed/i.test(name)) ?? [
      'Closed',
      statuses.Closed ?? 0,
    ];
    const change = (fnName: string | undefined, formInputs: Record<string, string>) =>
      measured(staff, () =>
        staff.actionResponse(
          fnName ?? '',
          event(FIRST, { parameters: { ticketId: String(ticketId) }, formInputs }),
        ),
      );
    const status = change(choiceOf(card, 'statusId').onChangeAction?.function, {
      statusId: String(target[1]),
    });
    expect(status.roundTrips).toBeLessThanOrEqual(2);
    expect(notificationOf(status.value)).toBe(`${displayNumber} is now ${target[0]}`);
    const priority = change(choiceOf(card, 'priority').onChangeAction?.function, { priority: 'urgent' });
    expect(notificationOf(priority.value)).toBe(`${displayNumber} is now urgent priority`);
    const reassigned = change(choiceOf(card, 'assignee').onChangeAction?.function, {
      assignee: String(seed.ids.manager),
    });
    expect(notificationOf(reassigned.value)).toBe(`${displayNumber} is assigned to you`);
    const noted = change('onTicketReply', {
      reply: 'Replaced the fuser.',
      replyType: 'internal',
      timeSpentMinutes: '15',
    });
    expect(notificationOf(noted.value)).toBe('Internal note added (15 min logged)');
    expect(await backend.call('ticketRow', ticketId)).toMatchObject({
      status_id: target[1],
      priority: 'urgent',
      assigned_to_user_id: seed.ids.manager,
      time_spent_minutes: 15,
    });
    const after = only(navigatedCards(noted.value));
    expect(textOf(after)).toContain('🔒 INTERNAL NOTE · Ivan Tech');
    expect(textOf(after)).toContain('Visible to IT staff only');
    expect(textOf(after)).toContain('15 min');
  });

  it('a plain user reports a colleague’s email to IT: a ticket as themselves with the email quoted', async () => {
    const ada = addonFor(seed.tokens.user, seed.emails.user);
    const card = measured(ada, () => ada.card('onGmailMessage', event(REPORTED)));
    expect(card.roundTrips).toBeLessThanOrEqual(2);
    expect(card.value.header?.title).toBe('Helios');
    expect(textOf(card.value)).not.toContain('Grace Hopper');
    expect(card.value.fixedFooter?.primaryButton?.text).toBe('Report this email to IT');
    const form = only(
      navigatedCards(
        ada.actionResponse(
          'onShowTicketForm',
          event(REPORTED, {
            parameters: parametersOf(card.value.fixedFooter?.primaryButton?.onClick?.action),
          }),
        ),
      ),
    );
    expect(form.header?.title).toBe('Report this email to IT');
    const inputs = Object.fromEntries(widgetsOf(form, 'textInput').map((i) => [i.name, i.value ?? '']));
    expect(inputs.details).toContain('---- Reported email ----');
    expect(inputs.details).toContain(`From: Grace Hopper <${seed.emails.other}>`);
    expect(inputs.details).toContain('> Click here to keep your account');
    // No staff fields for a user.
    expect(widgetsOf(form, 'selectionInput').map((w) => w.name)).toEqual(['priority']);
    const sent = ada.actionResponse(
      'onFileTicket',
      event(REPORTED, {
        parameters: parametersOf(button(form, 'Send to IT').onClick?.action),
        formInputs: { subject: inputs.subject ?? '', details: inputs.details ?? '', priority: 'high' },
      }),
    );
    expect(notificationOf(sent)).toMatch(/^Filed TKT-\d+$/);
    const [row] = (await backend.call('ticketsForThread', 'thread-second-3')) as Array<{ id: number }>;
    expect(await backend.call('ticketRow', row?.id ?? 0)).toMatchObject({
      created_by_user_id: seed.ids.user,
      related_user_id: seed.ids.user,
    });
    // Their own open tickets now list it.
    const again = ada.card('onGmailMessage', event(REPORTED));
    expect(again.sections[0]?.header).toBe('This thread is a ticket');
  });

  it('compose: inserts a canned reply naming the ticket, with its public link, into the draft', () => {
    const card = measured(staff, () => staff.card('onGmailCompose', composeEvent({ threadId: THREAD })));
    expect(card.roundTrips).toBe(1);
    const tickets = choiceOf(card.value, 'ticketId');
    expect(tickets.items[0]?.text).toMatch(new RegExp(`^TKT-\\d+ `));
    expect(tickets.items.some((i) => i.value === String(ticketId))).toBe(true);
    const inserted = measured(staff, () =>
      staff.call(
        'onComposeInsert',
        composeEvent({ formInputs: { ticketId: String(ticketId), template: 'received' } }),
      ),
    );
    expect(inserted.roundTrips).toBe(1);
    const update = (inserted.value as UpdateDraftJson).renderActions.hostAppAction.gmailAction
      .updateDraftActionMarkup.updateBody;
    expect(update.type).toBe('IN_PLACE_INSERT');
    expect(update.insertContents[0]?.contentType).toBe('MUTABLE_HTML');
    const html = update.insertContents[0]?.content ?? '';
    expect(html).toContain(`${displayNumber}: Printer offline`);
    expect(html).toContain(`href="${seed.url}/shared/tickets/`);
    expect(html).toContain('we have your request');
  });

  it('Drive: "New ticket with these files" files one ticket with the files attached, in two round trips', async () => {
    const files = [
      { id: 'drive-file-second-1', title: 'Floor plan.pdf', mimeType: 'application/pdf' },
      { id: 'drive-file-second-2', title: 'Printer log.txt', mimeType: 'text/plain' },
    ];
    const card = staff.card('onDriveItemsSelected', driveEvent({ selectedItems: files }));
    const shown = staff.actionResponse(
      'onDriveShowNewTicket',
      driveEvent({
        selectedItems: files,
        parameters: parametersOf(button(card, 'New ticket with these files').onClick?.action),
      }),
    );
    const form = only(navigatedCards(shown));
    expect(form.header?.title).toBe('New ticket with these files');
    const inputs = Object.fromEntries(widgetsOf(form, 'textInput').map((i) => [i.name, i.value ?? '']));
    expect(inputs.details).toContain('https://drive.google.com/file/d/drive-file-second-1/view');
    const before = await count();
    const filed = measured(staff, () =>
      staff.actionResponse(
        'onDriveFileTicket',
        driveEvent({
          selectedItems: files,
          parameters: parametersOf(button(form, 'File ticket').onClick?.action),
          formInputs: { subject: inputs.subject ?? '', details: inputs.details ?? '', priority: 'low' },
        }),
      ),
    );
    expect(filed.roundTrips, filed.requests).toBeLessThanOrEqual(2);
    const toast = notificationOf(filed.value) ?? '';
    expect(toast).toMatch(/^Filed TKT-\d+ with 2 files$/);
    expect(await count()).toBe(before + 1);
    const ticket = only(navigatedCards(filed.value));
    expect(textOf(ticket)).toContain('Attachments (2)');
    const id = Number(parametersOf(button(ticket, 'Send reply').onClick?.action).ticketId);
    const attachments = (await backend.call('attachmentsOf', id)) as Array<{ name: string }>;
    expect(attachments.map((a) => a.name).sort()).toEqual(['Floor plan.pdf', 'Printer log.txt']);
  });

  it('an unknown sender at a vendor’s domain: the vendor, and Create contact makes them a contact', async () => {
    const card = staff.card('onGmailMessage', event(VENDOR));
    expect(card.header?.title).toBe('Sam Sales');
    expect(card.sections.map((s) => s.header)).toContain('Vendor: Printers Inc');
    const created = staff.actionResponse(
      'onCreateContact',
      event(VENDOR, { parameters: parametersOf(button(card, 'Create contact').onClick?.action) }),
    );
    expect(notificationOf(created)).toBe('sales@printers.example is now a contact in Helios');
    expect(await backend.call('userByEmail', 'sales@printers.example')).toMatchObject({ role: 'contact' });
    expect(navigatedCards(created)[0]?.header?.title).toBe('Sam Sales');
  });

  it('an admin lookup offers "File a ticket for this person": the form is theirs, the ticket names them', async () => {
    const looked = staff.actionResponse(
      'onLookupUser',
      homepageEvent({ formInputs: { lookupEmail: seed.emails.user } }),
    );
    const card = only(navigatedCards(looked));
    expect(card.fixedFooter?.primaryButton?.text).toBe('File a ticket for this person');
    const shown = measured(staff, () =>
      staff.actionResponse(
        'onShowReportForm',
        homepageEvent({ parameters: parametersOf(card.fixedFooter?.primaryButton?.onClick?.action) }),
      ),
    );
    expect(shown.roundTrips, shown.requests).toBeLessThanOrEqual(1);
    const form = only(navigatedCards(shown.value));
    expect(form.header?.subtitle).toContain(seed.emails.user);
    // Their devices, not the filer's: the person's one device is offered and ticked.
    expect(choiceOf(form, 'assetIds').items).toEqual([
      expect.objectContaining({ value: String(seed.ids.asset), selected: true }),
    ]);
    const before = await count();
    const filed = staff.actionResponse(
      'onFileReport',
      homepageEvent({
        parameters: parametersOf(button(form, 'File ticket').onClick?.action),
        formInputs: { subject: 'Laptop battery swells', details: 'Seen at the desk.', priority: 'high' },
      }),
    );
    const number = /TKT-\d+/.exec(notificationOf(filed) ?? '')?.[0];
    expect(notificationOf(filed)).toBe(`Filed ${number}`);
    expect(await count()).toBe(before + 1);
    const id = Number(number?.split('-')[1]);
    const row = (await backend.call('ticketRow', id)) as {
      related_user_id: number | null;
      created_by_user_id: number;
    };
    expect(row).toMatchObject({ related_user_id: seed.ids.user, created_by_user_id: seed.ids.manager });
  });
});
