// `npm run db:new -- <name>`: creates migrations/<UTC timestamp>_<name>.ts with up/down, and adds it
// to the static list in migrations/index.ts (kept in order, so the migrator sees it).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const name = (process.argv[2] ?? '').trim();
if (!/^[a-z][a-z0-9_]*$/.test(name)) {
  process.stderr.write('usage: npm run db:new -- <name in snake_case>\n');
  process.exit(2);
}
const dir = new URL('../migrations/', import.meta.url).pathname;
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const id = `${stamp}_${name}`;
const file = join(dir, `${id}.ts`);
if (existsSync(file)) {
  process.stderr.write(`${file} exists\n`);
  process.exit(1);
}
writeFileSync(
  file,
  `// ${name.replace(/_/g, ' ')}. Frozen in time once merged: never import app code here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql\`SELECT 1\`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql\`SELECT 1\`.execute(db);
}
`,
);

const indexPath = join(dir, 'index.ts');
const index = readFileSync(indexPath, 'utf8');
const withImport = index.replace(/(\nexport const migrations)/, `import * as m${id} from './${id}.ts';\n$1`);
const updated = withImport.replace(/\n};\s*$/, `\n  '${id}': m${id},\n};\n`);
writeFileSync(indexPath, updated);
process.stdout.write(`created ${file}\nthen: write up/down, npm run db:types, npm test\n`);
