// The manifest, checked by a schema of our own (minimal scopes, an https allowlist that covers the
// configured backend, an unconditional Gmail trigger, V8), and the names Apps Script calls: every
// function the manifest names and every setFunctionName seen while exercising the add-on must be a
// global function of the built bundle.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  actionFunctions,
  bundlePath,
  driveEvent,
  gmailEvent,
  homepageEvent,
  loadAddon,
  navigatedCards,
  type ActionResponseJson,
  type Addon,
  type CardJson,
} from './harness.ts';
import { BACKEND, meAdmin, router, staffRoutes } from './support/fixtures.ts';

const ALLOWED_SCOPES = [
  'https://www.googleapis.com/auth/gmail.addons.execute',
  'https://www.googleapis.com/auth/gmail.addons.current.message.readonly',
  'https://www.googleapis.com/auth/drive.addons.metadata.readonly',
  'https://www.googleapis.com/auth/script.external_request',
  'https://www.googleapis.com/auth/script.locale',
  'https://www.googleapis.com/auth/userinfo.email',
  'openid',
] as const;

const fnName = z.string().regex(/^[A-Za-z_$][\w$]*$/);
const trigger = z.object({ runFunction: fnName, enabled: z.boolean().optional() }).strict();
const whitelistEntry = z
  .string()
  .regex(/^https:\/\/[A-Za-z0-9.-]+(:\d+)?\/\S*$/, 'https, a full host, and a path')
  .refine((u) => new URL(u).pathname.length >= 1 && u.endsWith('/'), 'path ends with /');

const manifestSchema = z
  .object({
    timeZone: z.string(),
    runtimeVersion: z.literal('V8'),
    exceptionLogging: z.literal('STACKDRIVER').optional(),
    oauthScopes: z
      .array(z.enum(ALLOWED_SCOPES))
      .refine((s) => new Set(s).size === s.length, 'no duplicate scopes')
      .refine((s) => ALLOWED_SCOPES.every((a) => s.includes(a)), 'exactly the allowed scopes'),
    urlFetchWhitelist: z.array(whitelistEntry).min(1),
    addOns: z
      .object({
        common: z
          .object({
            name: z.string().min(1),
            logoUrl: z.string().url().startsWith('https://'),
            layoutProperties: z.object({ primaryColor: z.string() }).optional(),
            homepageTrigger: trigger,
            universalActions: z.array(z.object({ label: z.string().min(1), runFunction: fnName }).strict()),
          })
          .strict(),
        gmail: z
          .object({
            contextualTriggers: z
              .array(z.object({ unconditional: z.object({}).strict(), onTriggerFunction: fnName }).strict())
              .length(1),
          })
          .strict(),
        drive: z
          .object({
            homepageTrigger: trigger,
            onItemsSelectedTrigger: z.object({ runFunction: fnName }).strict(),
          })
          .strict(),
        calendar: z.object({ homepageTrigger: trigger }).strict(),
      })
      .strict(),
  })
  .strict();
type Manifest = z.infer<typeof manifestSchema>;

function manifestFunctions(m: Manifest): string[] {
  const a = m.addOns;
  return [
    a.common.homepageTrigger.runFunction,
    ...a.common.universalActions.map((u) => u.runFunction),
    ...a.gmail.contextualTriggers.map((t) => t.onTriggerFunction),
    a.drive.homepageTrigger.runFunction,
    a.drive.onItemsSelectedTrigger.runFunction,
    a.calendar.homepageTrigger.runFunction,
  ];
}

let addon: Addon | undefined;
afterEach(() => addon?.close());

describe('manifest', () => {
  it('passes our schema: minimal scopes, https allowlist with a path, unconditional trigger, V8', () => {
    addon = loadAddon();
    const manifest = manifestSchema.parse(addon.manifest());
    expect([...manifest.oauthScopes].sort()).toEqual([...ALLOWED_SCOPES].sort());
    expect(manifest.addOns.gmail.contextualTriggers[0]?.unconditional).toEqual({});
  });

  it('the schema refuses extra scopes, http, a bare origin and a conditional trigger', () => {
    addon = loadAddon();
    const good = manifestSchema.parse(addon.manifest());
    const bad = (patch: (m: Manifest) => void): boolean => {
      const m = structuredClone(good);
      patch(m);
      return manifestSchema.safeParse(m).success;
    };
    const unsafe = (m: Manifest): Record<string, unknown> => m as unknown as Record<string, unknown>;
    expect(bad(() => undefined)).toBe(true);
    expect(bad((m) => m.oauthScopes.push('https://www.googleapis.com/auth/gmail.readonly' as never))).toBe(
      false,
    );
    expect(bad((m) => m.oauthScopes.pop())).toBe(false);
    expect(bad((m) => (m.urlFetchWhitelist = ['http://helios.example.com/']))).toBe(false);
    expect(bad((m) => (m.urlFetchWhitelist = ['https://helios.example.com']))).toBe(false);
    expect(bad((m) => (m.urlFetchWhitelist = ['https://*.example.com/']))).toBe(false);
    expect(
      bad((m) => {
        const t = m.addOns.gmail.contextualTriggers[0];
        if (t) Object.assign(t, { unconditional: { x: 1 } });
      }),
    ).toBe(false);
    expect(bad((m) => Object.assign(unsafe(m), { runtimeVersion: 'DEPRECATED_ES5' }))).toBe(false);
    expect(bad((m) => Object.assign(m.addOns.gmail, { composeTrigger: {} }))).toBe(false);
  });

  it('the allowlist covers the configured backend', () => {
    addon = loadAddon();
    const manifest = manifestSchema.parse(addon.manifest());
    // The configured backend (HELIOS_ADDON_BACKEND_URL at build, else the placeholder) is baked
    // into the bundle as its default server address.
    const baked = (process.env.HELIOS_ADDON_BACKEND_URL || 'https://helios.example.com/').replace(/\/$/, '');
    expect(readFileSync(bundlePath, 'utf8')).toContain(JSON.stringify(baked));
    const covered = (url: string) => manifest.urlFetchWhitelist.some((prefix) => url.startsWith(prefix));
    expect(covered(`${baked.replace(/\/$/, '')}/api/v1/me`)).toBe(true);
    // And every request the add-on makes to that backend is inside the allowlist.
    const base = manifest.urlFetchWhitelist[0]?.replace(/\/$/, '') ?? '';
    addon.close();
    addon = loadAddon({ token: 'tok', scriptProperties: { HELIOS_BACKEND_URL: base } });
    addon.urlFetch.stub(router(staffRoutes()));
    addon.cards('onHomepage', homepageEvent());
    expect(addon.fetches.length).toBeGreaterThan(0);
    for (const f of addon.fetches) expect(covered(f.url), f.url).toBe(true);
  });
});

describe('function names', () => {
  it('every function the manifest names is a global of the bundle', () => {
    addon = loadAddon();
    const globals = addon.globalFunctions();
    for (const name of manifestFunctions(manifestSchema.parse(addon.manifest())))
      expect(globals).toContain(name);
  });

  it('every setFunctionName seen while exercising the add-on is a global of the bundle', () => {
    const messages = {
      'msg-1': {
        threadId: 'thread-1',
        subject: 'Laptop will not boot',
        from: 'Ada Lovelace <ada@acme.example>',
        to: 'it@acme.example',
        date: '2026-03-01T10:00:00Z',
        plainBody: 'Black screen.',
        accessToken: 'gmail-access-token',
      },
    };
    addon = loadAddon({ token: 'tok', messages, scriptProperties: { HELIOS_BACKEND_URL: BACKEND } });
    addon.urlFetch.stub(router(staffRoutes(meAdmin)));
    const gmail = (parameters?: Record<string, string>) =>
      gmailEvent({ messageId: 'msg-1', threadId: 'thread-1', ...(parameters ? { parameters } : {}) });
    const seen: CardJson[] = [];
    const collect = (r: ActionResponseJson) => seen.push(...navigatedCards(r));
    seen.push(...addon.cards('onHomepage', homepageEvent()));
    seen.push(addon.card('onGmailMessage', gmail()));
    seen.push(
      addon.card(
        'onDriveItemsSelected',
        driveEvent({ selectedItems: [{ id: 'f1', title: 'Spec.pdf', mimeType: 'application/pdf' }] }),
      ),
    );
    for (const u of ['onUniversalMyTickets', 'onUniversalSearch', 'onUniversalSettings'])
      collect(addon.actionResponse(u, homepageEvent()));
    collect(addon.actionResponse('onShowTicketForm', gmail({ messageId: 'msg-1', threadId: 'thread-1' })));
    collect(addon.actionResponse('onShowAddToTicket', gmail({ messageId: 'msg-1', threadId: 'thread-1' })));
    collect(addon.actionResponse('onOpenTicket', homepageEvent({ parameters: { ticketId: '42' } })));
    collect(addon.actionResponse('onShowReportForm', homepageEvent()));

    const globals = addon.globalFunctions();
    const names = addon.functionNames();
    expect(names.length).toBeGreaterThan(10);
    expect(names).toEqual(expect.arrayContaining(['onFileTicket', 'onDriveAttach', 'onShowTicketForm']));
    for (const name of names) expect(globals, name).toContain(name);
    for (const card of seen) for (const name of actionFunctions(card)) expect(globals, name).toContain(name);
  });

  it('a bare Apps Script run of every global wrapper returns without throwing', () => {
    addon = loadAddon({ scriptProperties: {} });
    for (const name of ['onHomepage', 'onUniversalSettings'])
      expect(() => addon?.call(name, {})).not.toThrow();
  });
});
