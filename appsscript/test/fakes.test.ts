// Tests of the Apps Script fakes themselves and of the loader: builders produce the runtime's card
// JSON exactly; UrlFetchApp is synchronous yet real (against a loopback server that runs in a worker
// thread, since the test's own thread is blocked while a fetch waits); caches honour their TTL; the
// built bundle loads and its homepage returns a card.
import { createServer } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardServiceFake } from '../runtime/card-service.ts';
import { BlobFake } from '../runtime/blob.ts';
import { CacheFake, GmailAppFake, PropertiesFake, UtilitiesFake, formatDate } from '../runtime/services.ts';
import { UrlFetchAppFake } from '../runtime/url-fetch.ts';
import { startWorkerModule } from './fakes/worker-module.ts';
import {
  actionFunctions,
  bundlePath,
  button,
  driveEvent,
  gmailEvent,
  homepageEvent,
  loadAddon,
  parametersOf,
  textOf,
} from './harness.ts';

describe('CardService fake', () => {
  it('builds the card JSON of the add-on runtime', () => {
    const cs = new CardServiceFake();
    const file = cs.newAction().setFunctionName('onFileTicket').setParameters({ messageId: 'm1' });
    const card = cs
      .newCardBuilder()
      .setName('person')
      .setHeader(
        cs
          .newCardHeader()
          .setTitle('Ada Lovelace')
          .setSubtitle('Engineering')
          .setImageUrl('https://example.com/a.png')
          .setImageStyle(cs.ImageStyle.CIRCLE),
      )
      .addSection(
        cs
          .newCardSection()
          .setHeader('Devices')
          .setCollapsible(true)
          .setNumUncollapsibleWidgets(1)
          .addWidget(
            cs
              .newDecoratedText()
              .setTopLabel('Laptop')
              .setText('MacBook Pro')
              .setBottomLabel('SN C02XYZ')
              .setWrapText(true)
              .setStartIcon(cs.newIconImage().setIcon(cs.Icon.BOOKMARK))
              .setButton(
                cs.newTextButton().setText('Open').setOpenLink(cs.newOpenLink().setUrl('https://h/a/1')),
              )
              .setOnClickAction(cs.newAction().setFunctionName('onAsset').setParameters({ id: '1' })),
          )
          .addWidget(cs.newTextParagraph().setText('<b>2</b> open tickets'))
          .addWidget(cs.newDivider())
          .addWidget(cs.newImage().setImageUrl('https://example.com/p.png').setAltText('photo')),
      )
      .addSection(
        cs
          .newCardSection()
          .addWidget(
            cs
              .newTextInput()
              .setFieldName('subject')
              .setTitle('Subject')
              .setValue('VPN down')
              .setHint('Short')
              .setMultiline(false),
          )
          .addWidget(cs.newTextInput().setFieldName('details').setTitle('Details').setMultiline(true))
          .addWidget(
            cs
              .newSelectionInput()
              .setType(cs.SelectionInputType.DROPDOWN)
              .setFieldName('priority')
              .setTitle('Priority')
              .addItem('Low', 'low', false)
              .addItem('High', 'high', true),
          )
          .addWidget(
            cs.newDatePicker().setFieldName('due').setTitle('Due').setValueInMsSinceEpoch(1_700_000_000_000),
          )
          .addWidget(cs.newDateTimePicker().setFieldName('at').setTitle('At'))
          .addWidget(
            cs
              .newButtonSet()
              .addButton(
                cs
                  .newTextButton()
                  .setText('File')
                  .setOnClickAction(file)
                  .setTextButtonStyle(cs.TextButtonStyle.FILLED),
              )
              .addButton(
                cs
                  .newTextButton()
                  .setText('Cancel')
                  .setOnClickAction(cs.newAction().setFunctionName('onBack')),
              ),
          ),
      )
      .setFixedFooter(
        cs.newFixedFooter().setPrimaryButton(cs.newTextButton().setText('Save').setOnClickAction(file)),
      )
      .build();

    expect(JSON.parse(card.printJson())).toEqual({
      header: {
        title: 'Ada Lovelace',
        subtitle: 'Engineering',
        imageUrl: 'https://example.com/a.png',
        imageType: 'CIRCLE',
      },
      sections: [
        {
          header: 'Devices',
          collapsible: true,
          uncollapsibleWidgetsCount: 1,
          widgets: [
            {
              decoratedText: {
                topLabel: 'Laptop',
                text: 'MacBook Pro',
                bottomLabel: 'SN C02XYZ',
                startIcon: { knownIcon: 'BOOKMARK' },
                wrapText: true,
                button: { text: 'Open', onClick: { openLink: { url: 'https://h/a/1' } } },
                onClick: { action: { function: 'onAsset', parameters: [{ key: 'id', value: '1' }] } },
              },
            },
            { textParagraph: { text: '<b>2</b> open tickets' } },
            { divider: {} },
            { image: { imageUrl: 'https://example.com/p.png', altText: 'photo' } },
          ],
        },
        {
          widgets: [
            {
              textInput: {
                name: 'subject',
                label: 'Subject',
                value: 'VPN down',
                hintText: 'Short',
                type: 'SINGLE_LINE',
              },
            },
            { textInput: { name: 'details', label: 'Details', type: 'MULTIPLE_LINE' } },
            {
              selectionInput: {
                name: 'priority',
                label: 'Priority',
                type: 'DROPDOWN',
                items: [
                  { text: 'Low', value: 'low', selected: false },
                  { text: 'High', value: 'high', selected: true },
                ],
              },
            },
            {
              dateTimePicker: { name: 'due', label: 'Due', type: 'DATE_ONLY', valueMsEpoch: '1700000000000' },
            },
            { dateTimePicker: { name: 'at', label: 'At', type: 'DATE_AND_TIME' } },
            {
              buttonList: {
                buttons: [
                  {
                    text: 'File',
                    type: 'FILLED',
                    onClick: {
                      action: { function: 'onFileTicket', parameters: [{ key: 'messageId', value: 'm1' }] },
                    },
                  },
                  { text: 'Cancel', onClick: { action: { function: 'onBack' } } },
                ],
              },
            },
          ],
        },
      ],
      fixedFooter: {
        primaryButton: {
          text: 'Save',
          onClick: { action: { function: 'onFileTicket', parameters: [{ key: 'messageId', value: 'm1' }] } },
        },
      },
      name: 'person',
    });
    expect(cs.functionNames).toEqual(['onFileTicket', 'onAsset', 'onBack']);
    expect(cs.cards).toHaveLength(1);
    const json = cs.cards[0];
    if (!json) throw new Error('no card');
    expect(textOf(json)).toContain('MacBook Pro');
    expect(parametersOf(button(json, 'File').onClick?.action)).toEqual({ messageId: 'm1' });
    expect(actionFunctions(json).sort()).toEqual(['onAsset', 'onBack', 'onFileTicket']);
  });

  it('builds action responses: navigations, notification, universal actions', () => {
    const cs = new CardServiceFake();
    const card = cs
      .newCardBuilder()
      .addSection(cs.newCardSection().addWidget(cs.newTextParagraph().setText('TKT-1042')))
      .build();
    const response = cs
      .newActionResponseBuilder()
      .setNavigation(cs.newNavigation().popToRoot().pushCard(card).updateCard(card).popCard())
      .setNotification(cs.newNotification().setText('Ticket filed'))
      .setStateChanged(true)
      .build();
    const cardJson = { sections: [{ widgets: [{ textParagraph: { text: 'TKT-1042' } }] }] };
    expect(JSON.parse(response.printJson())).toEqual({
      renderActions: {
        action: {
          navigations: [{ popToRoot: true }, { pushCard: cardJson }, { updateCard: cardJson }, { pop: true }],
          notification: { text: 'Ticket filed' },
        },
      },
      stateChanged: true,
    });
    const universal = cs.newUniversalActionResponseBuilder().displayAddOnCards([card]).build();
    expect(universal.json).toEqual({ renderActions: { action: { navigations: [{ pushCard: cardJson }] } } });
    expect(cs.responses).toHaveLength(2);
  });

  it('rejects what the real service rejects', () => {
    const cs = new CardServiceFake();
    expect(() => cs.newCardBuilder().build()).toThrow(/at least one section/);
    expect(() => cs.newCardBuilder().addSection(cs.newCardSection()).build()).toThrow(/at least one widget/);
    expect(() => cs.newAction().setParameters({ id: 7 })).toThrow(/not a string/);
    expect(() => cs.newCardSection().addWidget({ text: 'x' })).toThrow(/Invalid argument: widget/);
    const noName = cs.newCardSection().addWidget(cs.newTextInput().setTitle('Subject'));
    expect(() => cs.newCardBuilder().addSection(noName).build()).toThrow(/field name/);
    const noAction = cs.newButtonSet().addButton(cs.newTextButton().setText('Go'));
    expect(() => cs.newCardBuilder().addSection(cs.newCardSection().addWidget(noAction)).build()).toThrow(
      /action or a link/,
    );
    expect(() => cs.newActionResponseBuilder().build()).toThrow(/ActionResponse/);
  });
});

// A loopback HTTP server in a worker thread: the test thread blocks in Atomics.wait during a fetch,
// so a server on this thread could never answer.
const SERVER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.url === '/json') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Helios': 'yes' });
      res.end(JSON.stringify({ ok: true }));
    } else if (req.url.startsWith('/status/')) {
      res.writeHead(Number(req.url.slice(8)), { 'Content-Type': 'text/plain' });
      res.end('nope: ' + req.url);
    } else if (req.url === '/echo') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, headers: req.headers, body }));
    } else if (req.url === '/redirect') {
      res.writeHead(302, { Location: '/json' });
      res.end();
    } else if (req.url === '/slow') {
      setTimeout(() => { res.writeHead(200); res.end('late'); }, 3000);
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('UrlFetchApp fake', () => {
  let worker: Worker;
  let base = '';
  const fetcher = new UrlFetchAppFake();

  beforeAll(async () => {
    worker = new Worker(SERVER_SOURCE, { eval: true });
    const port = await new Promise<number>((resolve) => worker.once('message', resolve));
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    fetcher.close();
    await worker.terminate();
  });

  it('fetches synchronously: status, body, headers', () => {
    const response = fetcher.fetch(`${base}/json`);
    expect(response.getResponseCode()).toBe(200);
    expect(JSON.parse(response.getContentText())).toEqual({ ok: true });
    expect(response.getHeaders()['Content-Type']).toBe('application/json');
    expect(response.getHeaders()['X-Helios']).toBe('yes');
  });

  it('sends method, headers and payload, and records the request', () => {
    const response = fetcher.fetch(`${base}/echo`, {
      method: 'post',
      headers: { Authorization: 'Bearer tok' },
      contentType: 'application/json',
      payload: JSON.stringify({ a: 1 }),
    });
    const echo = JSON.parse(response.getContentText()) as {
      method: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(echo.method).toBe('POST');
    expect(echo.headers.authorization).toBe('Bearer tok');
    expect(echo.headers['content-type']).toBe('application/json');
    expect(echo.body).toBe('{"a":1}');
    expect(fetcher.fetches.at(-1)).toMatchObject({
      url: `${base}/echo`,
      method: 'POST',
      headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json' },
      payload: '{"a":1}',
      status: 200,
    });
  });

  it('sends an object with a blob as multipart/form-data', () => {
    const blob = new BlobFake('hello', 'text/plain', 'a.txt');
    const response = fetcher.fetch(`${base}/echo`, { method: 'post', payload: { note: 'hi', file: blob } });
    const echo = JSON.parse(response.getContentText()) as { headers: Record<string, string>; body: string };
    expect(echo.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(echo.body).toContain('name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello');
    expect(echo.body).toContain('name="note"\r\n\r\nhi');
  });

  it('throws on HTTP errors like Apps Script unless muteHttpExceptions', () => {
    expect(() => fetcher.fetch(`${base}/status/404`)).toThrow(
      `Request failed for ${base}/status/404 returned code 404. Truncated server response: nope: /status/404`,
    );
    const muted = fetcher.fetch(`${base}/status/503`, { muteHttpExceptions: true });
    expect(muted.getResponseCode()).toBe(503);
    expect(muted.getContentText()).toBe('nope: /status/503');
  });

  it('follows redirects', () => {
    expect(fetcher.fetch(`${base}/redirect`).getResponseCode()).toBe(200);
    expect(fetcher.fetch(`${base}/redirect`, { followRedirects: false }).getResponseCode()).toBe(302);
  });

  it('fetchAll runs requests together and returns responses in order', () => {
    const [a, b] = fetcher.fetchAll([
      `${base}/json`,
      { url: `${base}/status/418`, muteHttpExceptions: true },
    ]);
    expect(a?.getResponseCode()).toBe(200);
    expect(b?.getResponseCode()).toBe(418);
  });

  it('a refused connection throws "Address unavailable"', async () => {
    const port = await refusedPort();
    let error: unknown;
    try {
      fetcher.fetch(`http://127.0.0.1:${port}/me`);
    } catch (e) {
      error = e;
    }
    expect(String(error)).toBe(`Exception: Address unavailable: http://127.0.0.1:${port}/me`);
    expect(fetcher.fetches.at(-1)?.error).toMatch(/Address unavailable/);
  });

  it('gives up after the time limit', () => {
    const quick = new UrlFetchAppFake({ timeoutMs: 300 });
    const started = Date.now();
    expect(() => quick.fetch(`${base}/slow`)).toThrow(`Timeout: ${base}/slow`);
    expect(Date.now() - started).toBeLessThan(2_500);
    // The worker is replaced after a timeout; the next request works.
    expect(quick.fetch(`${base}/json`).getResponseCode()).toBe(200);
    quick.close();
  });

  it('stubs answer without the network', () => {
    const stubbed = new UrlFetchAppFake();
    stubbed.stub((r) =>
      r.url.endsWith('/me') ? { status: 401, body: '{"error":"unauthorized"}' } : undefined,
    );
    expect(() => stubbed.fetch('https://helios.invalid/me')).toThrow(/returned code 401/);
    expect(stubbed.fetch('https://helios.invalid/me', { muteHttpExceptions: true }).getResponseCode()).toBe(
      401,
    );
  });
});

describe('other services', () => {
  it('CacheService honours the TTL on the injected clock', () => {
    let now = 1_000_000;
    const cache = new CacheFake(() => now);
    cache.put('k', 'v', 60);
    cache.put('d', 'default ttl');
    expect(cache.get('k')).toBe('v');
    now += 59_999;
    expect(cache.get('k')).toBe('v');
    now += 1;
    expect(cache.get('k')).toBeNull();
    expect(cache.get('d')).toBe('default ttl');
    now += 600_000;
    expect(cache.get('d')).toBeNull();
    cache.put('x', 'y', 100_000); // clamped to 6 h
    now += 21_600_000;
    expect(cache.get('x')).toBeNull();
    cache.put('r', '1');
    cache.remove('r');
    expect(cache.get('r')).toBeNull();
    expect(() => cache.put('big', 'x'.repeat(100 * 1024 + 1))).toThrow(/too large/);
  });

  it('PropertiesService', () => {
    const props = new PropertiesFake({ a: '1' });
    props.setProperty('b', '2');
    expect(props.getProperty('a')).toBe('1');
    expect(props.getProperty('missing')).toBeNull();
    props.deleteProperty('a');
    expect(props.getProperties()).toEqual({ b: '2' });
  });

  it('GmailApp needs the access token and serves the fixture', () => {
    const gmail = new GmailAppFake({
      m1: {
        threadId: 't1',
        subject: 'Printer',
        from: 'Ada Lovelace <ada@example.com>',
        to: 'it@example.com',
        date: '2024-03-01T10:00:00Z',
        plainBody: 'It jams.',
        headers: { 'Message-ID': '<m1@mail.example.com>' },
        attachments: [{ name: 'a.txt', contentType: 'text/plain', data: 'hi' }],
        accessToken: 'tok',
      },
    });
    expect(() => gmail.getMessageById('m1')).toThrow(/Missing access token/);
    gmail.setCurrentMessageAccessToken('wrong');
    expect(() => gmail.getMessageById('m1')).toThrow(/Invalid access token/);
    gmail.setCurrentMessageAccessToken('tok');
    const m = gmail.getMessageById('m1');
    expect(m.getId()).toBe('m1');
    expect(m.getThread().getId()).toBe('t1');
    expect(m.getFrom()).toBe('Ada Lovelace <ada@example.com>');
    expect(m.getDate().toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(m.getHeader('message-id')).toBe('<m1@mail.example.com>');
    expect(m.getBody()).toBe('<div dir="ltr">It jams.</div>');
    const [a] = m.getAttachments();
    expect(a?.getName()).toBe('a.txt');
    expect(a?.getContentType()).toBe('text/plain');
    expect(a?.getBytes()).toEqual([104, 105]);
    expect(a?.copyBlob().getDataAsString()).toBe('hi');
    expect(gmail.tokens).toEqual(['wrong', 'tok']);
  });

  it('Utilities', () => {
    const u = new UtilitiesFake();
    expect(u.base64Encode('héllo')).toBe(Buffer.from('héllo').toString('base64'));
    expect(u.base64Decode(u.base64Encode([-1, 0, 127]))).toEqual([-1, 0, 127]);
    expect(u.newBlob('x', 'text/plain', 'x.txt').getName()).toBe('x.txt');
    const d = new Date('2024-03-05T07:08:09Z');
    expect(u.formatDate(d, 'Etc/UTC', "yyyy-MM-dd'T'HH:mm:ss")).toBe('2024-03-05T07:08:09');
    expect(formatDate(d, 'America/New_York', 'MMM d, yyyy h:mm a')).toBe('Mar 5, 2024 2:08 AM');
  });
});

describe('harness', () => {
  it('loads the built bundle, calls the homepage and records function names', () => {
    const addon = loadAddon({ token: 'id-token', userEmail: 'ada@example.com' });
    try {
      expect(addon.globalFunctions()).toContain('onHomepage');
      expect(typeof addon.globals.Helios).toBe('object');
      const cards = addon.cards('onHomepage', homepageEvent({ hostApp: 'GMAIL' }));
      expect(cards.length).toBeGreaterThan(0);
      expect(cards[0]?.sections.length).toBeGreaterThan(0);
      expect(bundlePath).toMatch(/appsscript\/dist\/Code\.js$/);

      // Names given to setFunctionName from inside the context are recorded too.
      const cs = addon.globals.CardService as CardServiceFake;
      cs.newAction().setFunctionName('onHomepage');
      expect(addon.functionNames()).toContain('onHomepage');
      for (const name of addon.functionNames()) expect(addon.globalFunctions()).toContain(name);
    } finally {
      addon.close();
    }
  });

  it('runs each call in a fresh execution with realm-native values and errors', () => {
    const addon = loadAddon();
    try {
      const first = addon.globals;
      addon.call('onHomepage', homepageEvent());
      addon.call('onHomepage', homepageEvent());
      expect(addon.globals).not.toBe(first);
      // An error thrown by a fake is an Error of the bundle's realm (so `instanceof Error` holds there).
      expect(
        addon.evaluate(
          'try { GmailApp.getMessageById("x"); "no error" } catch (e) { (e instanceof Error) + " " + String(e) }',
        ),
      ).toBe('true Exception: Access denied: : Missing access token for per message scope authorization.');
    } finally {
      addon.close();
    }
  });

  it('makes event objects in the commonEventObject shape', () => {
    const e = gmailEvent({
      messageId: 'm1',
      threadId: 't1',
      accessToken: 'tok',
      formInputs: { subject: 'Hi', assets: ['a1', 'a2'], due: { date: 86_400_000 } },
      parameters: { ticket: 'TKT-1' },
    });
    expect(e).toMatchObject({
      commonEventObject: {
        hostApp: 'GMAIL',
        formInputs: {
          subject: { stringInputs: { value: ['Hi'] } },
          assets: { stringInputs: { value: ['a1', 'a2'] } },
          due: { dateInput: { msSinceEpoch: 86_400_000 } },
        },
        parameters: { ticket: 'TKT-1' },
      },
      gmail: { messageId: 'm1', threadId: 't1', accessToken: 'tok' },
      messageMetadata: { messageId: 'm1', accessToken: 'tok' },
    });
    const d = driveEvent({ selectedItems: [{ id: 'f1', title: 'Spec.pdf', mimeType: 'application/pdf' }] });
    expect(d).toMatchObject({
      commonEventObject: { hostApp: 'DRIVE' },
      drive: { selectedItems: [{ id: 'f1', title: 'Spec.pdf', mimeType: 'application/pdf' }] },
    });
    expect(homepageEvent({ hostApp: 'CALENDAR' })).toMatchObject({
      commonEventObject: { hostApp: 'CALENDAR' },
    });
  });
});

describe('startWorkerModule', () => {
  it('runs a TypeScript module in a worker thread and calls its exports', async () => {
    const mod = await startWorkerModule(new URL('../runtime/services.ts', import.meta.url));
    try {
      const text = await mod.call('formatDate', new Date('2024-03-05T07:08:09Z'), 'Etc/UTC', 'yyyy-MM-dd');
      expect(text).toBe('2024-03-05');
      await expect(mod.call('nope')).rejects.toThrow(/not an exported function/);
    } finally {
      await mod.close();
    }
  });
});
