// The add-on's runtime outside Google, shared by the tests (appsscript/test) and the console's
// live preview (backend/src/modules/addon-preview): loads the BUILT add-on (appsscript/dist/Code.js,
// rebuilt first when missing or older than its sources) into a node:vm context whose globals are the recording fakes, and calls its triggers
// and callbacks the way Apps Script does: by global function name, with an event object, in a fresh
// execution each time (module-level state does not survive between calls, and the Gmail message
// access token must be set again in every callback). The fakes (cache, properties, fetch log,
// function names) live across calls, like Google's services do.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, runInContext, Script, type Context } from 'node:vm';
import { CardServiceFake, toRuntimeJson, type ActionResponseJson, type CardJson } from './card-service.ts';
import { contextRealm, hostRealm, type Realm } from './realm.ts';
import {
  CacheServiceFake,
  GmailAppFake,
  LogFake,
  PropertiesServiceFake,
  ScriptAppFake,
  SessionFake,
  UtilitiesFake,
  type MessageFixture,
} from './services.ts';
import { UrlFetchAppFake, type FetchRecord } from './url-fetch.ts';

export type { MessageFixture, AttachmentFixture } from './services.ts';
export type { FetchRecord, StubResponse, FetchStub } from './url-fetch.ts';
export type * from './card-service.ts';

const root = new URL('../../', import.meta.url).pathname;
export const bundlePath = join(root, 'appsscript/dist/Code.js');
export const manifestPath = join(root, 'appsscript/dist/appsscript.json');

export interface LoadOptions {
  /** ScriptApp.getIdentityToken(); a function is asked on every call. Unset → null. */
  token?: string | (() => string);
  /** ScriptApp.getOAuthToken() (default "ya29.fake-oauth-token"). */
  oauthToken?: string;
  /** GmailApp.getMessageById fixtures, by message id. */
  messages?: Record<string, MessageFixture>;
  scriptProperties?: Record<string, string>;
  userProperties?: Record<string, string>;
  /** Session.getActiveUser().getEmail() (default "user@example.com"). */
  userEmail?: string;
  /** Clock of CacheService TTLs (default Date.now). */
  now?: () => number;
  /** UrlFetchApp per-request limit in ms (default 30 000). */
  fetchTimeoutMs?: number;
  /** URL prefixes UrlFetchApp may call, like the manifest's urlFetchWhitelist (default: any). */
  urlFetchAllowlist?: readonly string[];
  /** A call taking longer than this throws (default 30 000 ms, Apps Script's callback budget). */
  callLimitMs?: number;
  /** Run the bundle afresh for every call, as Apps Script does (default true). */
  freshContextPerCall?: boolean;
  /** Echo the add-on's console/Logger output to the test's console (default false). */
  echoLogs?: boolean;
}

export interface Addon {
  /** The globals of the current execution (the vm context): the bundle's functions, `Helios`, the fakes. */
  readonly globals: Record<string, unknown>;
  /** Calls a global function with the event and returns its result as runtime JSON (see toRuntimeJson). */
  call(fnName: string, event?: unknown): unknown;
  /** Calls and returns the raw value (CardFake, ActionResponseFake, …) without conversion. */
  callRaw(fnName: string, event?: unknown): unknown;
  /** Calls and expects one card (a Card, or an array of exactly one Card). */
  card(fnName: string, event?: unknown): CardJson;
  /** Calls and expects a Card or Card[]; always returns an array. */
  cards(fnName: string, event?: unknown): CardJson[];
  /** Calls and expects an ActionResponse or UniversalActionResponse. */
  actionResponse(fnName: string, event?: unknown): ActionResponseJson;
  /** Every UrlFetchApp request so far (live array). */
  readonly fetches: FetchRecord[];
  /** Every name passed to setFunctionName so far, in first-use order. */
  functionNames(): string[];
  /** Evaluates JavaScript in the current execution's context (e.g. to probe realm behaviour). */
  evaluate(code: string): unknown;
  /** Names of every global function the bundle defines. */
  globalFunctions(): string[];
  /** The built manifest (dist/appsscript.json). */
  manifest(): unknown;
  /** Milliseconds the last call took. */
  readonly lastCallMs: number;
  readonly cardService: CardServiceFake;
  readonly urlFetch: UrlFetchAppFake;
  readonly scriptApp: ScriptAppFake;
  readonly gmail: GmailAppFake;
  /** `.user` and `.script` caches. */
  readonly cache: CacheServiceFake;
  /** `.script` and `.user` properties. */
  readonly properties: PropertiesServiceFake;
  readonly session: SessionFake;
  readonly utilities: UtilitiesFake;
  /** `.lines`: everything logged through console.* and Logger.log. */
  readonly log: LogFake;
  /** Stops UrlFetchApp's worker thread. */
  close(): void;
}

// ---------------------------------------------------------------------------------------------------
// Building

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when dist/Code.js is missing or older than anything it is built from. */
export function bundleIsStale(): boolean {
  if (!existsSync(bundlePath) || !existsSync(manifestPath)) return true;
  const built = Math.min(statSync(bundlePath).mtimeMs, statSync(manifestPath).mtimeMs);
  const sources = Math.max(
    newestMtime(join(root, 'appsscript/src')),
    newestMtime(join(root, 'appsscript/build.mjs')),
    newestMtime(join(root, 'appsscript/appsscript.json')),
    newestMtime(join(root, 'shared/src')),
  );
  return sources > built;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `node appsscript/build.mjs` when the bundle is stale (or always, with force). Test files run in
 * parallel workers, so builds take a lock directory outside the repository.
 */
export function ensureBuilt(force = false): void {
  if (!force && !bundleIsStale()) return;
  const lock = join(
    tmpdir(),
    `helios-addon-build-${createHash('sha1').update(root).digest('hex').slice(0, 12)}.lock`,
  );
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another worker builds; a lock older than two minutes is left over from a crash.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the add-on build lock ${lock}`);
      sleepSync(100);
    }
  }
  try {
    if (force || bundleIsStale()) {
      execFileSync(process.execPath, [join(root, 'appsscript/build.mjs')], { cwd: root, stdio: 'pipe' });
    }
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`appsscript/build.mjs failed:\n${stderr || String(error)}`, { cause: error });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The global functions of the built bundle: the one-line wrappers build.mjs appends per export
 * (triggers and callbacks). Nothing else in the bundle can be called by name from outside.
 */
export function bundleFunctions(): string[] {
  ensureBuilt();
  const code = readFileSync(bundlePath, 'utf8');
  return [
    ...code.matchAll(/^function ([A-Za-z_$][\w$]*)\(e\) \{ (?:Helios\.__setViewer\(e\); )?return Helios\./gm),
  ].map((m) => m[1] ?? '');
}

/** The built manifest (dist/appsscript.json), parsed. */
export function readManifest(): unknown {
  ensureBuilt();
  return JSON.parse(readFileSync(manifestPath, 'utf8')) as unknown;
}

// ---------------------------------------------------------------------------------------------------
// Loading

function asCardJson(value: unknown, what: string): CardJson {
  if (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { sections?: unknown }).sections)
  ) {
    return value as CardJson;
  }
  throw new Error(`${what} did not return a Card: ${JSON.stringify(value)}`);
}

export function loadAddon(options: LoadOptions = {}): Addon {
  ensureBuilt();
  const code = readFileSync(bundlePath, 'utf8');
  const script = new Script(code, { filename: bundlePath });

  // The fakes outlive executions; errors and values they make belong to the current execution's realm.
  let current: Realm = hostRealm;
  const realm: Realm = {
    clone: (value) => current.clone(value),
    date: (ms) => current.date(ms),
    error: (message, name) => current.error(message, name),
  };
  const cardService = new CardServiceFake(realm);
  const urlFetch = new UrlFetchAppFake({
    realm,
    timeoutMs: options.fetchTimeoutMs,
    allowlist: options.urlFetchAllowlist,
  });
  const scriptApp = new ScriptAppFake({ token: options.token, oauthToken: options.oauthToken });
  const gmail = new GmailAppFake(options.messages ?? {}, realm);
  const cache = new CacheServiceFake(options.now ?? Date.now, realm);
  const properties = new PropertiesServiceFake(options.scriptProperties, options.userProperties, realm);
  const session = new SessionFake({ userEmail: options.userEmail });
  const utilities = new UtilitiesFake(realm);
  const log = new LogFake();
  log.echo = options.echoLogs ?? false;
  const fresh = options.freshContextPerCall ?? true;
  const callLimitMs = options.callLimitMs ?? 30_000;

  let sandbox: Record<string, unknown> = {};
  let context: Context = createContext({});
  const execute = (): void => {
    sandbox = {
      CardService: cardService,
      UrlFetchApp: urlFetch,
      ScriptApp: scriptApp,
      GmailApp: gmail,
      CacheService: cache,
      PropertiesService: properties,
      Session: session,
      Utilities: utilities,
      Logger: log.Logger,
      console: log.console,
    };
    context = createContext(sandbox, { name: 'Helios add-on' });
    current = contextRealm(context);
    script.runInContext(context);
  };
  execute();

  let lastCallMs = 0;
  let calls = 0;
  const callRaw = (fnName: string, event?: unknown): unknown => {
    if (fresh && calls > 0) execute();
    calls += 1;
    gmail.currentToken = undefined;
    const fn = sandbox[fnName];
    if (typeof fn !== 'function') throw new Error(`${fnName} is not a global function of the bundle`);
    const started = performance.now();
    const result: unknown = Reflect.apply(fn, undefined, [current.clone(event)]);
    lastCallMs = performance.now() - started;
    if (lastCallMs > callLimitMs) {
      throw new Error(
        `${fnName} took ${Math.round(lastCallMs)} ms, over the ${callLimitMs} ms callback limit`,
      );
    }
    return result;
  };
  const call = (fnName: string, event?: unknown): unknown => toRuntimeJson(callRaw(fnName, event));

  return {
    get globals() {
      return sandbox;
    },
    call,
    callRaw,
    card(fnName, event) {
      const result = call(fnName, event);
      if (Array.isArray(result)) {
        if (result.length !== 1) throw new Error(`${fnName} returned ${result.length} cards, expected one`);
        return asCardJson(result[0], fnName);
      }
      return asCardJson(result, fnName);
    },
    cards(fnName, event) {
      const result = call(fnName, event);
      return (Array.isArray(result) ? result : [result]).map((c: unknown) => asCardJson(c, fnName));
    },
    actionResponse(fnName, event) {
      const result = call(fnName, event);
      if (typeof result === 'object' && result !== null && 'renderActions' in result) {
        return result as ActionResponseJson;
      }
      throw new Error(`${fnName} did not return an ActionResponse: ${JSON.stringify(result)}`);
    },
    fetches: urlFetch.fetches,
    functionNames: () => [...cardService.functionNames],
    evaluate: (code) => runInContext(code, context) as unknown,
    globalFunctions: () => Object.keys(sandbox).filter((k) => typeof sandbox[k] === 'function'),
    manifest: () => JSON.parse(readFileSync(manifestPath, 'utf8')) as unknown,
    get lastCallMs() {
      return lastCallMs;
    },
    cardService,
    urlFetch,
    scriptApp,
    gmail,
    cache,
    properties,
    session,
    utilities,
    log,
    close: () => urlFetch.close(),
  };
}

// ---------------------------------------------------------------------------------------------------
// Event objects (the commonEventObject shape, plus the legacy fields Apps Script still sends)

/** A form value: text(s), or a date / date-time picker value in ms since the epoch. */
export type FormValue = string | string[] | { date: number } | { dateTime: number };

export interface EventOptions {
  formInputs?: Record<string, FormValue>;
  parameters?: Record<string, string>;
  userLocale?: string;
  timeZone?: string;
}

export interface DriveItem {
  id: string;
  title: string;
  mimeType: string;
  iconUrl?: string;
}

function commonFormInputs(inputs: Record<string, FormValue>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, v]) => {
      if (typeof v === 'string') return [name, { stringInputs: { value: [v] } }];
      if (Array.isArray(v)) return [name, { stringInputs: { value: [...v] } }];
      if ('date' in v) return [name, { dateInput: { msSinceEpoch: v.date } }];
      return [name, { dateTimeInput: { msSinceEpoch: v.dateTime, hasDate: true, hasTime: true } }];
    }),
  );
}

function legacyFormInputs(inputs: Record<string, FormValue>): {
  formInput: Record<string, unknown>;
  formInputs: Record<string, unknown[]>;
} {
  const formInput: Record<string, unknown> = {};
  const formInputs: Record<string, unknown[]> = {};
  for (const [name, v] of Object.entries(inputs)) {
    const values: unknown[] =
      typeof v === 'string'
        ? [v]
        : Array.isArray(v)
          ? [...v]
          : [{ msSinceEpoch: 'date' in v ? v.date : v.dateTime }];
    formInput[name] = values[0];
    formInputs[name] = values;
  }
  return { formInput, formInputs };
}

function baseEvent(hostApp: string, options: EventOptions): Record<string, unknown> {
  const locale = options.userLocale ?? 'en';
  const zone = options.timeZone ?? 'Etc/UTC';
  const common: Record<string, unknown> = {
    userLocale: locale,
    hostApp,
    platform: 'WEB',
    timeZone: { id: zone, offset: 0 },
  };
  const event: Record<string, unknown> = {
    commonEventObject: common,
    hostApp: hostApp.toLowerCase(),
    clientPlatform: 'web',
    userLocale: locale,
    userCountry: 'US',
    userTimezone: { id: zone, offSet: '0' },
  };
  if (options.formInputs) {
    common.formInputs = commonFormInputs(options.formInputs);
    Object.assign(event, legacyFormInputs(options.formInputs));
  }
  if (options.parameters) {
    common.parameters = { ...options.parameters };
    event.parameters = { ...options.parameters };
  }
  return event;
}

/** A Gmail contextual-trigger or Gmail callback event. */
export function gmailEvent(
  options: { messageId: string; threadId: string; accessToken?: string } & EventOptions,
): Record<string, unknown> {
  const accessToken = options.accessToken ?? 'gmail-access-token';
  const gmail = { messageId: options.messageId, threadId: options.threadId, accessToken };
  return { ...baseEvent('GMAIL', options), gmail, messageMetadata: { ...gmail } };
}

/**
 * A Gmail compose-trigger (or compose callback) event: `draftAccess: NONE` sends no draft metadata;
 * a reply draft carries its thread.
 */
export function composeEvent(options: { threadId?: string } & EventOptions = {}): Record<string, unknown> {
  return {
    ...baseEvent('GMAIL', options),
    ...(options.threadId ? { gmail: { threadId: options.threadId } } : {}),
  };
}

/** A Drive onItemsSelected (or Drive callback) event. */
export function driveEvent(options: { selectedItems: DriveItem[] } & EventOptions): Record<string, unknown> {
  const items = options.selectedItems.map((i) => ({ ...i }));
  return { ...baseEvent('DRIVE', options), drive: { selectedItems: items, activeCursorItem: items[0] } };
}

/** A homepage-trigger (or homepage callback / universal action) event. */
export function homepageEvent(
  options: { hostApp?: 'GMAIL' | 'DRIVE' | 'CALENDAR' | 'DOCS' | 'SHEETS' | 'SLIDES' } & EventOptions = {},
): Record<string, unknown> {
  return baseEvent(options.hostApp ?? 'GMAIL', options);
}
