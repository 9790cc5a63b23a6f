// Bundles the add-on for Apps Script: esbuild → one IIFE exposing `Helios`, then one top-level
// `function name(e) { return Helios.name(e) }` per export (Apps Script finds triggers and
// callbacks only as global functions), and the manifest beside it in dist/.
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
mkdirSync(dist, { recursive: true });

const common = {
  entryPoints: [join(here, 'src/index.ts')],
  bundle: true,
  target: 'es2020',
  platform: 'neutral',
  write: false,
  legalComments: 'none',
};
// esbuild reports export names only for ESM output: ask it once, then build the IIFE.
const probe = await build({ ...common, format: 'esm', metafile: true });
const exports = Object.values(probe.metafile.outputs)[0]?.exports ?? [];
const result = await build({
  ...common,
  format: 'iife',
  globalName: 'Helios',
});
const wrappers = exports
  .filter((name) => name !== 'default')
  .map((name) => `function ${name}(e) { return Helios.${name}(e); }`)
  .join('\n');
const code = `${result.outputFiles[0].text}\n${wrappers}\n`;
writeFileSync(join(dist, 'Code.js'), code);
copyFileSync(join(here, 'appsscript.json'), join(dist, 'appsscript.json'));
const size = statSync(join(dist, 'Code.js')).size;
console.log(`appsscript/dist/Code.js: ${(size / 1024).toFixed(1)} KiB, entry points: ${exports.join(', ')}`);
