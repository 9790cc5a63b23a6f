import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapOrganization } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/core/config.ts';
import { migrateToLatest } from '../../src/core/db/migrate.ts';
import { createLogger } from '../../src/core/logger.ts';
import type { CliContext } from '../../src/core/module.ts';
import { findUserByEmail, insertUser } from '../../src/core/queries/users.ts';
import { adminCommands } from '../../src/modules/identity/cli/admins.ts';
import { registry } from '../../src/modules/index.ts';
import { startServer } from '../../src/server.ts';
import { createPostgresDatabase, createTestDatabase } from '../support/databases.ts';

const sink = () => {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
};

describe('the first admin of a fresh install', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('`admin create` creates an admin on a database nobody started yet, promotes, and refuses leavers', async () => {
    const t = await createTestDatabase('postgres', 'admin-create');
    try {
      const config = loadConfig({ HELIOS_ORG_DOMAIN: 'acme.example', HELIOS_SEED_DEMO: 'false' });
      const out = sink();
      const err = sink();
      const ctx: CliContext = {
        db: t.handle.db,
        config,
        encryptionKeys: { current: randomBytes(32).toString('base64'), previous: [] },
        registry,
        async bootstrap() {
          await migrateToLatest(t.handle.db);
          return (
            await bootstrapOrganization(t.handle.db, {
              name: 'Acme',
              primaryDomain: 'acme.example',
              seedDemo: false,
            })
          ).organization;
        },
        out: out.stream,
        err: err.stream,
      };
      const create = adminCommands.find((c) => c.name.join(' ') === 'admin create');
      if (!create) throw new Error('no admin create command');

      expect(await create.run(ctx, { email: 'not-an-email' }, [])).toBe(2);
      expect(await create.run(ctx, { email: 'Root@Acme.example', name: 'Ada Lovelace' }, [])).toBe(0);
      expect(out.text()).toMatch(/root@acme\.example created/);
      const org = (await t.handle.db.selectFrom('organizations').selectAll().executeTakeFirstOrThrow()).id;
      const root = await findUserByEmail(t.handle.db, org, 'root@acme.example');
      expect(root).toMatchObject({ role: 'admin', first_name: 'Ada', last_name: 'Lovelace' });
      expect(await create.run(ctx, { email: 'root@acme.example' }, [])).toBe(0);
      expect(out.text()).toMatch(/already an admin/);

      await insertUser(t.handle.db, { organization_id: org, email: 'sam@acme.example', role: 'user' });
      expect(await create.run(ctx, { email: 'sam@acme.example' }, [])).toBe(0);
      expect((await findUserByEmail(t.handle.db, org, 'sam@acme.example'))?.role).toBe('admin');

      await insertUser(t.handle.db, {
        organization_id: org,
        email: 'gone@acme.example',
        role: 'user',
        archived_at: new Date(),
      });
      expect(await create.run(ctx, { email: 'gone@acme.example' }, [])).toBe(1);
      expect(err.text()).toMatch(/archived or deactivated/);

      const audit = await t.handle.db.selectFrom('audit_logs').select(['action', 'description']).execute();
      expect(audit.map((a) => a.description)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/created as admin/),
          expect.stringMatching(/promoted to admin/),
        ]),
      );
    } finally {
      await t.drop();
    }
  });

  it('HELIOS_BOOTSTRAP_ADMIN_EMAIL creates that admin at the first start on PostgreSQL', async () => {
    const pg = await createPostgresDatabase('bootstrap-admin');
    const dataDir = mkdtempSync(join(tmpdir(), 'helios-boot-'));
    dirs.push(dataDir);
    try {
      const config = loadConfig({
        DATABASE_URL: pg.url,
        HELIOS_ORG_DOMAIN: 'acme.example',
        HELIOS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        HELIOS_BOOTSTRAP_ADMIN_EMAIL: 'it-lead@acme.example',
        HELIOS_DATA_DIR: dataDir,
        HELIOS_JOBS: 'false',
        PORT: '0',
        HOST: '127.0.0.1',
      });
      expect(config.demoSignIn).toBe(false);
      const running = await startServer(config, createLogger('silent'));
      try {
        const answer = (await (await fetch(`${running.url}/api/v1/auth/config`)).json()) as { data: unknown };
        expect(answer.data).toMatchObject({ demo: null, google: null, apiKey: true });
      } finally {
        await running.stop();
      }
      const t = await import('../../src/core/db/connection.ts').then((m) =>
        m.openServerDatabase({ connectionString: pg.url }),
      );
      try {
        const users = await t.db.selectFrom('organization_users').select(['email', 'role']).execute();
        expect(users).toEqual([{ email: 'it-lead@acme.example', role: 'admin' }]);
      } finally {
        await t.close();
      }
    } finally {
      await pg.drop();
    }
  });
});
