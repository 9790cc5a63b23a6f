// The console's live add-on preview: the BUILT add-on run on the server (a worker thread per call)
// as the signed-in person, against this very backend. Both databases.
import type { AddonPreview, AddonPreviewResult } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardJson } from '../../../appsscript/runtime/card-service.ts';
import {
  button,
  navigatedCards,
  notificationOf,
  parametersOf,
  textOf,
  widgetsOf,
} from '../../../appsscript/test/fakes/card-query.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

type Ok<T> = { data: T };
type Failure = { error: { code: string; message: string } };

describe.each(backends)('the add-on preview on %s', (backend) => {
  let h: ApiHarness;
  let staff: { key: string; id: number; email: string };
  let ada: { key: string; id: number };
  let contact: { key: string };
  let grace: { key: string };

  const preview = async (key: string): Promise<AddonPreview> => {
    const res = await h.api(key, 'GET', '/addon-preview');
    expect(res.status).toBe(200);
    return ((await res.json()) as Ok<AddonPreview>).data;
  };
  const call = async (key: string, body: object): Promise<AddonPreviewResult> => {
    const res = await h.api(key, 'POST', '/addon-preview/calls', body);
    if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
    const result = ((await res.json()) as Ok<AddonPreviewResult>).data;
    expect(result.error).toBeNull();
    return result;
  };

  beforeAll(async () => {
    h = await startApi(backend);
    const it = await h.user('manager', 'it@acme.example', { first_name: 'Ivan', last_name: 'Tech' });
    staff = { key: it.key, id: it.user.id, email: it.user.email };
    const a = await h.user('user', 'ada@acme.example', { first_name: 'Ada', last_name: 'Lovelace' });
    ada = { key: a.key, id: a.user.id };
    grace = {
      key: (await h.user('user', 'grace@acme.example', { first_name: 'Grace', last_name: 'Hopper' })).key,
    };
    contact = { key: (await h.user('contact', 'vendor@vendor.example')).key };
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('lists the triggers, the ⋮ menu and sample emails from colleagues (never from the caller)', async () => {
    const p = await preview(staff.key);
    expect(p).toMatchObject({
      available: true,
      unavailableReason: null,
      runsAs: staff.email,
      addonName: 'Helios',
      homepageTrigger: 'onHomepage',
      gmailTrigger: 'onGmailMessage',
      callLimitMs: 30_000,
    });
    expect(p.universalActions.map((a) => a.label)).toContain('My open tickets');
    expect(p.samples.map((s) => s.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/printer/i), expect.stringMatching(/laptop/i)]),
    );
    expect(p.samples.every((s) => s.fromEmail !== staff.email && s.fromEmail.endsWith('@acme.example'))).toBe(
      true,
    );
    // A user sees the same inbox, minus themselves.
    const mine = await preview(ada.key);
    expect(mine.samples.some((s) => s.fromEmail === 'ada@acme.example')).toBe(false);
  });

  it('files a ticket from a sample email through the add-on’s own cards: one ticket row, one audit row', async () => {
    const p = await preview(staff.key);
    const email = p.samples.find((s) => /printer/i.test(s.subject));
    if (!email) throw new Error('no printer sample');
    const opened = await call(staff.key, { function: p.gmailTrigger, messageId: email.id });
    const card = opened.cards?.[0] as CardJson;
    expect(card.header?.title).toBe(email.fromName);
    expect(opened.fetches).toBeGreaterThan(0);

    const fileButton = button(card, 'File a ticket');
    const form = await call(staff.key, {
      function: fileButton.onClick?.action?.function,
      messageId: email.id,
      parameters: parametersOf(fileButton.onClick?.action),
    });
    const [formCard] = navigatedCards(form.actionResponse as never);
    if (!formCard) throw new Error('no form card');
    const inputs = Object.fromEntries(widgetsOf(formCard, 'textInput').map((i) => [i.name, i.value ?? '']));
    expect(inputs.subject).toBe(email.subject);
    const submit = button(formCard, 'File ticket');
    const filed = await call(staff.key, {
      function: submit.onClick?.action?.function,
      messageId: email.id,
      parameters: parametersOf(submit.onClick?.action),
      formInputs: { subject: inputs.subject, details: inputs.details, priority: 'high' },
    });
    const toast = notificationOf(filed.actionResponse as never) ?? '';
    expect(toast).toMatch(/^Filed TKT-\d+/);

    const rows = await h.t.handle.db
      .selectFrom('tickets')
      .select(['id', 'subject', 'priority', 'created_by_user_id', 'source'])
      .where('gmail_thread_id', '=', email.threadId)
      .execute();
    expect(rows).toHaveLength(1);
    // The add-on acted as the caller, and no one else.
    expect(rows[0]).toMatchObject({
      subject: email.subject,
      priority: 'high',
      created_by_user_id: staff.id,
      source: 'addon',
    });
    const audits = await h.t.handle.db
      .selectFrom('audit_logs')
      .select(['action', 'entity_type'])
      .where('entity_id', '=', rows[0]?.id ?? 0)
      .where('action', '=', 'create')
      .execute();
    expect(audits.filter((a) => a.entity_type === 'ticket')).toHaveLength(1);

    // The same email again: the add-on finds the ticket it became.
    const again = await call(staff.key, { function: p.gmailTrigger, messageId: email.id });
    const text = textOf(again.cards?.[0] as CardJson);
    expect(text).toContain(/TKT-\d+/.exec(toast)?.[0] ?? 'TKT-?');
  });

  it('runs as the caller only: the homepage is theirs, and no field can name someone else', async () => {
    const p = await preview(ada.key);
    const home = await call(ada.key, { function: p.homepageTrigger });
    expect(home.cards?.[0]?.header?.subtitle).toBe('Ada Lovelace · user');
    const impersonate = await h.api(ada.key, 'POST', '/addon-preview/calls', {
      function: p.homepageTrigger,
      email: staff.email,
    });
    expect(impersonate.status).toBe(400);
    // The printer ticket is about Ada (she wrote the email): her tickets show it, Grace's do not.
    const adas = await call(ada.key, { function: 'onUniversalMyTickets' });
    expect(JSON.stringify(adas)).toMatch(/Printer on the 3rd floor/);
    const graces = await call(grace.key, { function: 'onUniversalMyTickets' });
    expect(JSON.stringify(graces)).not.toMatch(/Printer on the 3rd floor/);
  });

  it('refuses what is not the add-on’s: unknown functions, other emails, contacts', async () => {
    const unknown = await h.api(staff.key, 'POST', '/addon-preview/calls', { function: 'eval' });
    expect(unknown.status).toBe(400);
    const noEmail = await h.api(staff.key, 'POST', '/addon-preview/calls', {
      function: 'onGmailMessage',
      messageId: 'msg-of-someone-else',
    });
    expect(noEmail.status).toBe(404);
    const outsider = await h.api(contact.key, 'GET', '/addon-preview');
    expect(outsider.status).toBe(403);
    const anonymous = await h.api(undefined, 'GET', '/addon-preview');
    expect(anonymous.status).toBe(401);
  });

  it('the add-on’s Settings cannot make the server fetch another address (the allowlist)', async () => {
    const result = await call(staff.key, {
      function: 'onTestConnection',
      formInputs: { backendUrl: 'https://attacker.example/' },
    });
    // Refused before anything is sent, as Apps Script refuses a URL outside urlFetchWhitelist.
    expect(notificationOf(result.actionResponse as never)).toMatch(/urlFetchWhitelist/);
    expect(result.fetches).toBe(0);
  });
});

describe.each(backends)('the add-on preview’s limits on %s', (backend) => {
  let h: ApiHarness;
  let key: string;
  beforeAll(async () => {
    h = await startApi(backend, { addonPreview: { callLimitMs: 150 } });
    key = (await h.user('admin')).key;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a call past its limit is stopped with a clear 504, and the server answers others meanwhile', async () => {
    const slow = h.api(key, 'POST', '/addon-preview/calls', { function: 'onHomepage' });
    const started = performance.now();
    const me = await h.api(key, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
    const res = await slow;
    expect(res.status).toBe(504);
    const body = (await res.json()) as Failure;
    expect(body.error.code).toBe('timed_out');
    expect(body.error.message).toMatch(
      /onHomepage ran longer than .* Apps Script’s limit|Apps Script's limit/,
    );
  });

  it('without an ID-token issuer (no demo) the preview says why and runs nothing', async () => {
    const off = await startApi(backend, { addonPreview: false });
    try {
      const admin = await off.user('admin');
      const res = await off.api(admin.key, 'GET', '/addon-preview');
      const p = ((await res.json()) as Ok<AddonPreview>).data;
      expect(p.available).toBe(false);
      expect(p.unavailableReason).toMatch(/HELIOS_DEMO_SIGN_IN/);
      const refused = await off.api(admin.key, 'POST', '/addon-preview/calls', { function: 'onHomepage' });
      expect(refused.status).toBe(409);
    } finally {
      await off.close();
    }
  });
});
