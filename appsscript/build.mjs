// Bundles the add-on for Apps Script: esbuild → one IIFE exposing `Helios`, then one top-level
// `function name(e) { return Helios.name(e) }` per export (Apps Script finds triggers and
// callbacks only as global functions), and the manifest beside it in dist/.
//
// HELIOS_ADDON_BACKEND_URL (default: a placeholder) is the backend the add-on may call: it goes into
// the manifest's urlFetchWhitelist and becomes the default server address (Settings can override it
// within the allowlist). The manifest is checked before anything is written; a bad one fails the build.
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
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !loopback) fail(`HELIOS_ADDON_BACKEND_URL must be https: ${raw}`);
  if (url.search || url.hash || url.username)
    fail(`HELIOS_ADDON_BACKEND_URL must be a plain origin/path: ${raw}`);
  const path = url.pathname.replace(/\/api\/v1\/?$/, '/').replace(/\/?$/, '/');
  return `${url.protocol}//${url.host}${path}`;
}

const backend = whitelistEntry(process.env.HELIOS_ADDON_BACKEND_URL || PLACEHOLDER);

// ——— Manifest: fill in the allowlist, then validate ———

const manifest = JSON.parse(readFileSync(join(here, 'appsscript.json'), 'utf8'));
manifest.urlFetchWhitelist = [backend];

const ALLOWED_SCOPES = new Set([
  'https://www.googleapis.com/auth/gmail.addons.execute',
  'https://www.googleapis.com/auth/gmail.addons.current.message.readonly',
  'https://www.googleapis.com/auth/drive.addons.metadata.readonly',
  'https://www.googleapis.com/auth/script.external_request',
  'https://www.googleapis.com/auth/script.locale',
  'https://www.googleapis.com/auth/userinfo.email',
  'openid',
]);
const REQUIRED_SCOPES = [
  'https://www.googleapis.com/auth/script.external_request',
  'https://www.googleapis.com/auth/userinfo.email',
  'openid',
];

function validateManifest(m, exported) {
  const problems = [];
  const isFn = (name, where) => {
    if (typeof name !== 'string' || !exported.has(name))
      problems.push(`${where} names "${name}", not an export of src/index.ts`);
  };
  if (m.runtimeVersion !== 'V8') problems.push('runtimeVersion must be V8');
  if (!Array.isArray(m.oauthScopes)) problems.push('oauthScopes must be listed explicitly');
  else {
    for (const s of m.oauthScopes)
      if (!ALLOWED_SCOPES.has(s)) problems.push(`scope not allowed (ask for nothing more): ${s}`);
    for (const s of REQUIRED_SCOPES) if (!m.oauthScopes.includes(s)) problems.push(`missing scope ${s}`);
    if (new Set(m.oauthScopes).size !== m.oauthScopes.length) problems.push('duplicate scopes');
  }
  if (!Array.isArray(m.urlFetchWhitelist) || m.urlFetchWhitelist.length === 0)
    problems.push('urlFetchWhitelist is empty');
  else
    for (const u of m.urlFetchWhitelist) {
      if (!/^(https:\/\/[^/\s*]+|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?)\/\S*$/.test(u))
        problems.push(`urlFetchWhitelist entry must be https with a full host and a path: ${u}`);
    }
  const common = m.addOns?.common;
  if (!common?.name || !common?.logoUrl) problems.push('addOns.common needs name and logoUrl');
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
  if (m.addOns?.gmail?.composeTrigger) problems.push('no compose trigger (it would need the compose scope)');
  isFn(m.addOns?.drive?.homepageTrigger?.runFunction, 'addOns.drive.homepageTrigger');
  isFn(m.addOns?.drive?.onItemsSelectedTrigger?.runFunction, 'addOns.drive.onItemsSelectedTrigger');
  isFn(m.addOns?.calendar?.homepageTrigger?.runFunction, 'addOns.calendar.homepageTrigger');
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
          enum: s.enum, null: s.null, literal: s.literal, iso, coerce,
        };
      `,
    }));
  },
};

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
