// The manifest against what Google requires (the Apps Script manifest and allowlist references,
// the add-on scope reference): allowlist prefixes are https URLs with a full domain and a non-empty
// path, every link a card opens is under addOns.common.openLinkUrlPrefixes, each declared host and
// trigger has its scopes and no scope is asked for that nothing needs, script.locale comes with
// useLocaleFromApp. And the names Apps Script calls: every function the manifest names and every
// setFunctionName seen while exercising the add-on must be a global function of the built bundle.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  actionFunctions,
  bundlePath,
  driveEvent,
  gmailEvent,
  homepageEvent,
  loadAddon,
  manifestPath,
  navigatedCards,
  onClicks,
  type ActionResponseJson,
  type Addon,
  type CardJson,
} from './harness.ts';
import { BACKEND, meAdmin, ok, router, staffRoutes, ticket42 } from './support/fixtures.ts';

const root = new URL('../../', import.meta.url).pathname;
const S = 'https://www.googleapis.com/auth/';

interface Trigger {
  runFunction?: string;
}
interface Manifest {
  runtimeVersion?: string;
  oauthScopes?: string[];
  urlFetchWhitelist?: string[];
  addOns: {
    common: {
      name?: string;
      logoUrl?: string;
      useLocaleFromApp?: boolean;
      openLinkUrlPrefixes?: string[];
      homepageTrigger?: Trigger;
      universalActions?: { label?: string; runFunction?: string }[];
    };
    gmail?: {
      homepageTrigger?: Trigger;
      contextualTriggers?: { unconditional?: object; onTriggerFunction?: string }[];
      composeTrigger?: { selectActions?: { runFunction?: string }[] };
    };
    drive?: { homepageTrigger?: Trigger; onItemsSelectedTrigger?: Trigger };
    calendar?: { homepageTrigger?: Trigger; eventOpenTrigger?: Trigger; eventUpdateTrigger?: Trigger };
  };
}

/** Google's prefix rules: a valid URL, https://, a full domain, a non-empty path ("/" at least). */
function prefixProblem(prefix: string): string | null {
  let url: URL;
  try {
    url = new URL(prefix);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:') return 'not https';
  if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/i.test(url.host)) return 'not a full domain';
  if (!/^https:\/\/[^/]+\/\S*$/i.test(prefix)) return 'empty path';
  return null;
}

/** The scopes a manifest needs, from what it declares (Google's add-on scope reference). */
function scopesNeeded(m: Manifest): Set<string> {
  // UrlFetchApp; ScriptApp.getIdentityToken() (the backend's Bearer token) needs openid + email.
  const needed = new Set([`${S}script.external_request`, `${S}userinfo.email`, 'openid']);
  const { gmail, drive, calendar, common } = m.addOns;
  if (gmail) needed.add(`${S}gmail.addons.execute`);
  if ((gmail?.contextualTriggers ?? []).length > 0) needed.add(`${S}gmail.addons.current.message.readonly`);
  if (gmail?.composeTrigger) needed.add(`${S}gmail.addons.current.action.compose`);
  if (drive?.onItemsSelectedTrigger) needed.add(`${S}drive.addons.metadata.readonly`);
  if (calendar) needed.add(`${S}calendar.addons.execute`);
  if (common.useLocaleFromApp) needed.add(`${S}script.locale`);
  return needed;
}

/** Everything Google would refuse or we would over-ask for; empty when the manifest is right. */
function problems(m: Manifest): string[] {
  const out: string[] = [];
  if (m.runtimeVersion !== 'V8') out.push('runtimeVersion');
  const scopes = m.oauthScopes ?? [];
  if (new Set(scopes).size !== scopes.length) out.push('duplicate scopes');
  const needed = scopesNeeded(m);
  for (const s of needed) if (!scopes.includes(s)) out.push(`missing ${s}`);
  for (const s of scopes) if (!needed.has(s)) out.push(`unneeded ${s}`);
  if (scopes.includes(`${S}script.locale`) && m.addOns.common.useLocaleFromApp !== true)
    out.push('script.locale without useLocaleFromApp');
  for (const [field, list] of [
    ['urlFetchWhitelist', m.urlFetchWhitelist],
    ['openLinkUrlPrefixes', m.addOns.common.openLinkUrlPrefixes],
  ] as const) {
    if (!list || list.length === 0) out.push(`${field} empty`);
    for (const p of list ?? []) {
      const problem = prefixProblem(p);
      if (problem) out.push(`${field} ${p}: ${problem}`);
    }
  }
  for (const t of m.addOns.gmail?.contextualTriggers ?? [])
    if (!t.unconditional || Object.keys(t.unconditional).length > 0) out.push('conditional Gmail trigger');
  return out;
}

function manifestFunctions(m: Manifest): string[] {
  const a = m.addOns;
  return [
    a.common.homepageTrigger?.runFunction,
    ...(a.common.universalActions ?? []).map((u) => u.runFunction),
    ...(a.gmail?.contextualTriggers ?? []).map((t) => t.onTriggerFunction),
    ...(a.gmail?.composeTrigger?.selectActions ?? []).map((t) => t.runFunction),
    a.drive?.homepageTrigger?.runFunction,
    a.drive?.onItemsSelectedTrigger?.runFunction,
    a.calendar?.homepageTrigger?.runFunction,
    a.calendar?.eventOpenTrigger?.runFunction,
    a.calendar?.eventUpdateTrigger?.runFunction,
  ].filter((n): n is string => typeof n === 'string');
}

const built = (a: Addon): Manifest => a.manifest() as Manifest;

let addon: Addon | undefined;
afterEach(() => addon?.close());

describe('manifest: what Google requires', () => {
  it('the built manifest has no problem: https prefixes with paths, the scopes its hosts need and no more', () => {
    addon = loadAddon();
    const m = built(addon);
    expect(problems(m)).toEqual([]);
    // The compose action reads nothing of the draft: only the compose scope, no draft metadata.
    expect(m.addOns.gmail?.composeTrigger).toMatchObject({
      draftAccess: 'NONE',
      selectActions: [{ runFunction: 'onGmailCompose' }],
    });
    expect(m.oauthScopes?.filter((s) => s.includes('compose'))).toEqual([
      `${S}gmail.addons.current.action.compose`,
    ]);
    // No Calendar host: the add-on has no Calendar trigger, so it asks for no Calendar scope.
    expect(m.addOns.calendar).toBeUndefined();
    expect(m.addOns.common.useLocaleFromApp).toBe(true);
  });

  it('the checks catch what Google refuses', () => {
    addon = loadAddon();
    const good = built(addon);
    const patched = (patch: (m: Manifest) => void): string[] => {
      const m = structuredClone(good);
      patch(m);
      return problems(m);
    };
    expect(patched((m) => (m.urlFetchWhitelist = ['http://localhost:3000/']))).toEqual([
      'urlFetchWhitelist http://localhost:3000/: not https',
    ]);
    expect(patched((m) => (m.urlFetchWhitelist = ['https://helios.example.com']))).toEqual([
      'urlFetchWhitelist https://helios.example.com: empty path',
    ]);
    expect(patched((m) => (m.addOns.common.openLinkUrlPrefixes = ['https://localhost/']))).toEqual([
      'openLinkUrlPrefixes https://localhost/: not a full domain',
    ]);
    expect(patched((m) => (m.addOns.calendar = { homepageTrigger: { runFunction: 'onHomepage' } }))).toEqual([
      `missing ${S}calendar.addons.execute`,
    ]);
    expect(patched((m) => m.oauthScopes?.push(`${S}gmail.readonly`))).toEqual([
      `unneeded ${S}gmail.readonly`,
    ]);
    expect(patched((m) => (m.addOns.common.useLocaleFromApp = false))).toEqual([
      `unneeded ${S}script.locale`,
      'script.locale without useLocaleFromApp',
    ]);
    expect(
      patched((m) => (m.oauthScopes = m.oauthScopes?.filter((s) => !s.endsWith('action.compose')))),
    ).toEqual([`missing ${S}gmail.addons.current.action.compose`]);
    expect(patched((m) => delete m.addOns.gmail?.composeTrigger)).toEqual([
      `unneeded ${S}gmail.addons.current.action.compose`,
    ]);
  });

  it('build.mjs refuses an http backend, localhost included, and writes nothing', () => {
    addon = loadAddon();
    const before = statSync(manifestPath).mtimeMs;
    for (const url of [
      'http://localhost:3000',
      'http://127.0.0.1:3000/api/v1',
      'http://helios.example.com',
    ]) {
      let stderr = '';
      try {
        execFileSync(process.execPath, [`${root}appsscript/build.mjs`], {
          cwd: root,
          stdio: 'pipe',
          env: { ...process.env, HELIOS_ADDON_BACKEND_URL: url },
        });
      } catch (error) {
        stderr = String((error as { stderr?: Buffer }).stderr ?? '');
      }
      expect(stderr, url).toMatch(/must be https/);
    }
    expect(statSync(manifestPath).mtimeMs).toBe(before);
  });

  it('the allowlists cover the configured backend: every request, every link a card opens', () => {
    addon = loadAddon();
    const m = built(addon);
    // The configured backend (HELIOS_ADDON_BACKEND_URL at build, else the placeholder) is baked
    // into the bundle as its default server address.
    const baked = (process.env.HELIOS_ADDON_BACKEND_URL || 'https://helios.example.com/').replace(/\/$/, '');
    expect(readFileSync(bundlePath, 'utf8')).toContain(JSON.stringify(baked));
    const under = (list: string[] | undefined, url: string) => (list ?? []).some((p) => url.startsWith(p));
    expect(under(m.urlFetchWhitelist, `${baked}/api/v1/me`)).toBe(true);
    expect(under(m.addOns.common.openLinkUrlPrefixes, `${baked}/tickets/42`)).toBe(true);
    expect(under(m.addOns.common.openLinkUrlPrefixes, `${baked}/shared/tickets/abc`)).toBe(true);
    // Attachment downloads (the API's route, the console's sign-in), and nothing else of the API.
    expect(
      under(m.addOns.common.openLinkUrlPrefixes, `${baked}/api/v1/tickets/42/attachments/7/download`),
    ).toBe(true);
    expect(under(m.addOns.common.openLinkUrlPrefixes, `${baked}/api/v1/me`)).toBe(false);
    // Against the allowlisted backend, every request and every link the cards open is allowed.
    const base = m.urlFetchWhitelist?.[0]?.replace(/\/$/, '') ?? '';
    addon.close();
    addon = loadAddon({
      token: 'tok',
      scriptProperties: { HELIOS_BACKEND_URL: base },
      urlFetchAllowlist: m.urlFetchWhitelist ?? [],
    });
    addon.urlFetch.stub(
      router({
        ...staffRoutes(),
        'GET tickets/42': ok({ ...ticket42, urlKey: 'k3y', attachments: [], replies: [] }),
      }),
    );
    const cards = [
      ...addon.cards('onHomepage', homepageEvent()),
      ...navigatedCards(
        addon.actionResponse('onOpenTicket', homepageEvent({ parameters: { ticketId: '42' } })),
      ),
    ];
    expect(addon.fetches.length).toBeGreaterThan(0);
    for (const f of addon.fetches) expect(under(m.urlFetchWhitelist, f.url), f.url).toBe(true);
    const links = cards.flatMap((c) => onClicks(c)).flatMap((o) => (o.openLink?.url ? [o.openLink.url] : []));
    expect(links.length).toBeGreaterThan(0);
    for (const url of links) expect(under(m.addOns.common.openLinkUrlPrefixes, url), url).toBe(true);
  });
});

describe('function names', () => {
  it('every function the manifest names is a global of the bundle', () => {
    addon = loadAddon();
    const globals = addon.globalFunctions();
    for (const name of manifestFunctions(built(addon))) expect(globals).toContain(name);
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
