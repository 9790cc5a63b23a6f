import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/core/db/migrate.ts';
import {
  generateSchemaDoc,
  generateSchemaTypes,
  SCHEMA_DOC_FILE,
  SCHEMA_FILE,
} from '../../src/core/db/typegen.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/databases.ts';

// The kysely types are generated from the migrated catalog; this fails when a migration changed
// and `npm run db:types` was not run, so the types cannot drift from the schema.
describe.each(backends)('generated Database types on %s', (backend) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(backend, 'typegen');
    await migrateToLatest(t.handle.db);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('match backend/src/db/schema.ts exactly', async () => {
    const generated = await generateSchemaTypes(t.handle.db);
    const onDisk = await readFile(fileURLToPath(SCHEMA_FILE), 'utf8');
    expect(generated).toBe(onDisk);
    expect(generated).toContain('export interface Database {');
    expect(generated).toMatch(/ {2}organization_users: OrganizationUsers;/);
  });

  it('match docs/schema.md exactly, with a purpose line for every table', async () => {
    const doc = await generateSchemaDoc(t.handle.db);
    expect(doc).toBe(await readFile(fileURLToPath(SCHEMA_DOC_FILE), 'utf8'));
    const undocumented = doc.split('\n').filter((line) => /^\| `[a-z_]+` \| \|/.test(line));
    expect(undocumented).toEqual([]);
  });
});
