// Bundles the add-on for Apps Script: esbuild → one IIFE exposing `Helios`, then one top-level
// `function name(e) { return Helios.name(e) }` per export (Apps Script finds triggers and
// callbacks only as global functions), and the manifest beside it in dist/.
//
// HELIOS_ADDON_BACKEND_URL (default: a placeholder) is the backend the add-on may call: it goes into
// the manifest's urlFetchWhitelist (and its /tickets/ and /shared/tickets/ pages into
// openLinkUrlPrefixes) and becomes the default server address (Settings can override it within the
// allowlist). Google accepts only https prefixes there, so an http address — localhost included —
// fails the build. The manifest is checked before anything is written; a bad one fails the build.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const PLACEHOLDER = 'https://helios.example.com/';

const fail = (message) => {
  console.error(`appsscript/build.mjs: ${message}`);
  process.exit(1);
};

/** The backend origin as a urlFetchWhitelist entry: https, full host, path ending in "/". */
function whitelistEntry(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    fail(`HELIOS_ADDON_BACKEND_URL is not a URL: ${raw}`);
  }
  // Google refuses http allowlist entries, loopback included: a local backend is reached through
  // an https tunnel (or set in Settings of a test deployment, see the README).
  if (url.protocol !== 'https:') fail(`HELIOS_ADDON_BACKEND_URL must be https (Google requires it): ${raw}`);
  if (url.search || url.hash || url.username)
    fail(`HELIOS_ADDON_BACKEND_URL must be a plain origin/path: ${raw}`);
  const path = url.pathname.replace(/\/api\/v1\/?$/, '/').replace(/\/?$/, '/');
  return `${url.protocol}//${url.host}${path}`;
}

const backend = whitelistEntry(process.env.HELIOS_ADDON_BACKEND_URL || PLACEHOLDER);

// ——— Manifest: fill in the allowlist, then validate ———

const manifest = JSON.parse(readFileSync(join(here, 'appsscript.json'), 'utf8'));
manifest.urlFetchWhitelist = [backend];
// The links cards open: the console's ticket and lifecycle-request pages, the shared (requester)
// ticket view, and attachment downloads (the API's own route, which the console's sign-in cookie
// authorizes).
manifest.addOns.common.openLinkUrlPrefixes = [
  `${backend}tickets/`,
  `${backend}shared/tickets/`,
  `${backend}lifecycle/requests/`,
  `${backend}api/v1/tickets/`,
];

const SCOPE = 'https://www.googleapis.com/auth/';
/** What every build needs: UrlFetchApp, and ScriptApp.getIdentityToken() (openid + email). */
const ALWAYS = [`${SCOPE}script.external_request`, `${SCOPE}userinfo.email`, 'openid'];

/** The scopes the declared hosts and settings need (Google's manifest and scope references). */
function scopesNeeded(m) {
  const needed = new Set(ALWAYS);
  const gmail = m.addOns?.gmail;
  if (gmail) {
    needed.add(`${SCOPE}gmail.addons.execute`);
    // The contextual trigger reads the open message (body, attachments).
    if ((gmail.contextualTriggers ?? []).length > 0)
      needed.add(`${SCOPE}gmail.addons.current.message.readonly`);
    if (gmail.composeTrigger) needed.add(`${SCOPE}gmail.addons.current.action.compose`);
  }
  if (m.addOns?.drive?.onItemsSelectedTrigger) needed.add(`${SCOPE}drive.addons.metadata.readonly`);
  if (m.addOns?.calendar) needed.add(`${SCOPE}calendar.addons.execute`);
  if (m.addOns?.common?.useLocaleFromApp) needed.add(`${SCOPE}script.locale`);
  return needed;
}

/** Google's rules for allowlist prefixes: a URL, https, a full domain, a non-empty path. */
function prefixProblem(u) {
  let url;
  try {
    url = new URL(u);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:') return 'must use https://';
  if (!/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?$/.test(url.host)) return 'needs a full domain';
  if (!/^https:\/\/[^/]+\/\S*$/.test(u)) return 'needs a non-empty path (at least "/")';
  return null;
}

function validateManifest(m, exported) {
  const problems = [];
  const isFn = (name, where) => {
    if (typeof name !== 'string' || !exported.has(name))
      problems.push(`${where} names "${name}", not an export of src/index.ts`);
  };
  if (m.runtimeVersion !== 'V8') problems.push('runtimeVersion must be V8');
  if (!Array.isArray(m.oauthScopes)) problems.push('oauthScopes must be listed explicitly');
  else {
    const needed = scopesNeeded(m);
    for (const s of needed) if (!m.oauthScopes.includes(s)) problems.push(`missing scope ${s}`);
    for (const s of m.oauthScopes)
      if (!needed.has(s)) problems.push(`scope no host or setting needs (ask for nothing more): ${s}`);
    if (new Set(m.oauthScopes).size !== m.oauthScopes.length) problems.push('duplicate scopes');
  }
  const common = m.addOns?.common;
  for (const [field, list] of [
    ['urlFetchWhitelist', m.urlFetchWhitelist],
    ['addOns.common.openLinkUrlPrefixes', common?.openLinkUrlPrefixes],
  ]) {
    if (!Array.isArray(list) || list.length === 0) problems.push(`${field} is empty`);
    else
      for (const u of list) {
        const problem = prefixProblem(u);
        if (problem) problems.push(`${field} entry ${u}: ${problem}`);
      }
  }
  if (!common?.name || !common?.logoUrl) problems.push('addOns.common needs name and logoUrl');
  if (m.oauthScopes?.includes(`${SCOPE}script.locale`) && common?.useLocaleFromApp !== true)
    problems.push('script.locale is requested: set addOns.common.useLocaleFromApp');
  isFn(common?.homepageTrigger?.runFunction, 'addOns.common.homepageTrigger');
  for (const [i, a] of (common?.universalActions ?? []).entries()) {
    if (!a.label) problems.push(`universalActions[${i}] needs a label`);
    isFn(a.runFunction, `universalActions[${i}]`);
  }
  const triggers = m.addOns?.gmail?.contextualTriggers ?? [];
  if (triggers.length === 0) problems.push('addOns.gmail.contextualTriggers is empty');
  for (const t of triggers) {
    if (!t.unconditional) problems.push('gmail contextual trigger must be unconditional');
    isFn(t.onTriggerFunction, 'addOns.gmail.contextualTriggers');
  }
  const compose = m.addOns?.gmail?.composeTrigger;
  if (compose) {
    if (!Array.isArray(compose.selectActions) || compose.selectActions.length === 0)
      problems.push('addOns.gmail.composeTrigger needs selectActions');
    for (const [i, a] of (compose.selectActions ?? []).entries()) {
      if (!a.text) problems.push(`composeTrigger.selectActions[${i}] needs a text`);
      isFn(a.runFunction, `composeTrigger.selectActions[${i}]`);
    }
    if (!['NONE', 'METADATA'].includes(compose.draftAccess ?? 'NONE'))
      problems.push('composeTrigger.draftAccess must be NONE or METADATA');
    // METADATA reads the draft's recipients: a scope this add-on does not ask for.
    if (compose.draftAccess === 'METADATA')
      problems.push('composeTrigger.draftAccess METADATA needs a scope we do not ask for');
  }
  isFn(m.addOns?.drive?.homepageTrigger?.runFunction, 'addOns.drive.homepageTrigger');
  isFn(m.addOns?.drive?.onItemsSelectedTrigger?.runFunction, 'addOns.drive.onItemsSelectedTrigger');
  if (m.addOns?.calendar)
    isFn(m.addOns.calendar.homepageTrigger?.runFunction, 'addOns.calendar.homepageTrigger');
  if (problems.length > 0) fail(`invalid manifest:\n  - ${problems.join('\n  - ')}`);
}

// ——— zod, slimmed: the shared schemas `import { z } from 'zod'`, whose namespace object drags in
// every locale, JSON-schema conversion and more (~450 KiB). Resolve it to a `z` built from the
// named exports the schemas use, so esbuild can drop the rest. ———

const zodRoot = dirname(fileURLToPath(import.meta.resolve('zod')));
const zodSlim = {
  name: 'zod-slim',
  setup(b) {
    b.onResolve({ filter: /^zod$/ }, () => ({ path: 'zod-slim', namespace: 'zod-slim' }));
    b.onLoad({ filter: /.*/, namespace: 'zod-slim' }, () => ({
      resolveDir: join(zodRoot, 'v4'),
      loader: 'js',
      contents: `
        import * as s from './classic/schemas.js';
        import * as iso from './classic/iso.js';
        import * as coerce from './classic/coerce.js';
        import { config } from './core/index.js';
        import en from './locales/en.js';
        config(en());
        export const z = {
          object: s.object, string: s.string, number: s.number, boolean: s.boolean, array: s.array,
          record: s.record, union: s.union, unknown: s.unknown, email: s.email, url: s.url,
          enum: s.enum, null: s.null, literal: s.literal, discriminatedUnion: s.discriminatedUnion, iso, coerce,
        };
      `,
    }));
  },
};

// The entry: src/index.ts (each export sets the viewer's locale itself, see src/actions/entry.ts).
const common = {
  entryPoints: [join(here, 'src/index.ts')],
  bundle: true,
  target: 'es2020',
  platform: 'neutral',
  write: false,
  legalComments: 'none',
  plugins: [zodSlim],
  define: { HELIOS_DEFAULT_BACKEND_URL: JSON.stringify(backend.replace(/\/$/, '')) },
};
// esbuild reports export names only for ESM output: ask it once, then build the IIFE.
const probe = await build({ ...common, format: 'esm', metafile: true });
const exports = (Object.values(probe.metafile.outputs)[0]?.exports ?? []).filter(
  (name) => name !== 'default',
);
validateManifest(manifest, new Set(exports));

const result = await build({
  ...common,
  format: 'iife',
  globalName: 'Helios',
  // Fully minified (the size is mostly zod); our own log lines say where a failure happened.
  minify: true,
});
const wrappers = exports.map((name) => `function ${name}(e) { return Helios.${name}(e); }`).join('\n');
const code = `${result.outputFiles[0].text}\n${wrappers}\n`;
mkdirSync(dist, { recursive: true });
writeFileSync(join(dist, 'Code.js'), code);
writeFileSync(join(dist, 'appsscript.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const size = statSync(join(dist, 'Code.js')).size;
console.log(
  `appsscript/dist/Code.js: ${(size / 1024).toFixed(1)} KiB, backend ${backend}, entry points: ${exports.join(', ')}`,
);
