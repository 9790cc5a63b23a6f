// `npm run fuzz [-- RUNS]`: the route fuzzer of backend/test/core/fuzz.test.ts, long (20 000
// hostile requests per database unless told otherwise), on PostgreSQL and PGlite.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = process.argv[2] ?? '20000';
if (!/^\d+$/.test(runs)) {
  process.stderr.write('usage: npm run fuzz [-- RUNS]\n');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', 'backend/test/core/fuzz.test.ts'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, HELIOS_FUZZ_RUNS: runs } },
);
process.exit(result.status ?? 1);
