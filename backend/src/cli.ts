// `npm run helios -- <command>`: operations on the configured database (the same DATABASE_URL /
// HELIOS_DATA_DIR the server uses). In embedded mode the server must be stopped first: the data
// directory admits one process at a time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { createApiKey, revokeApiKeyCommand } from './modules/identity/commands/api-keys.ts';
import { bootstrapOrganization } from './bootstrap.ts';
import { rotateKey } from './modules/vault/commands/rotate-key.ts';
import { loadOrCreateKeyFile } from './core/crypto/key-file.ts';
import { syncGoogleFromCli } from './modules/directory-sync/cli/sync.ts';
import { refusal } from './core/auth/resolve-actor.ts';
import type { Database } from './core/db/schema.ts';
import { findApiKey, listApiKeys } from './core/queries/api-keys.ts';
import { findOrganization } from './core/queries/organizations.ts';
import { findUserByEmail } from './core/queries/users.ts';
import { ConfigError, loadConfig } from './core/config.ts';
import { openDatabase, openEmbeddedDatabase } from './core/db/connection.ts';
import { DataDirLockedError } from './core/db/data-dir-lock.ts';
import { migrateToLatest, rollback } from './core/db/migrate.ts';
import { generateSchemaDoc, generateSchemaTypes, SCHEMA_DOC_FILE, SCHEMA_FILE } from './core/db/typegen.ts';
import { seedDemoInto } from './modules/demo/seed-demo.ts';

const usage = `Usage: npm run helios -- <command> [options]

Commands:
  migrate                     apply pending migrations
  rollback [--steps N|--all]  undo the last N migrations (default 1), or all of them
  seed-demo                   add the demo organization's data (once)
  api-key create --email E [--name N] [--expires-in-days D]
                              create an API key acting as that user (printed once)
  api-key list                list API keys (never their secrets)
  api-key revoke --id ID      revoke a key
  sync google                 run a Google Workspace sync now, with a progress bar
  rotate-key                  re-encrypt every stored secret under a new key-encryption key
                              (embedded: a new key file is generated; server: set the new key in
                              HELIOS_ENCRYPTION_KEY and the old one in HELIOS_ENCRYPTION_KEY_PREVIOUS)
  generate-types [--check]    regenerate backend/src/db/schema.ts from the migrations
                              (--check: exit 1 if the file is out of date)
`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      steps: { type: 'string' },
      all: { type: 'boolean' },
      check: { type: 'boolean' },
      email: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      'expires-in-days': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (!command || values.help || command === 'help') {
    process.stdout.write(usage);
    return command ? 0 : 2;
  }

  if (command === 'generate-types') {
    // Always from a throwaway in-memory database, so no server or data directory is needed.
    const handle = await openEmbeddedDatabase({ dataDir: 'memory://' });
    try {
      await migrateToLatest(handle.db);
      const outputs = [
        { path: fileURLToPath(SCHEMA_FILE), text: await generateSchemaTypes(handle.db) },
        { path: fileURLToPath(SCHEMA_DOC_FILE), text: await generateSchemaDoc(handle.db) },
      ];
      if (values.check) {
        let stale = 0;
        for (const { path, text } of outputs) {
          const current = await readFile(path, 'utf8').catch(() => '');
          if (current !== text) {
            process.stderr.write(`${path} is out of date: run npm run db:types\n`);
            stale++;
          }
        }
        if (stale === 0) process.stdout.write('schema types and docs are up to date\n');
        return stale === 0 ? 0 : 1;
      }
      for (const { path, text } of outputs) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, text);
        process.stdout.write(`wrote ${path}\n`);
      }
      return 0;
    } finally {
      await handle.close();
    }
  }

  const config = loadConfig();
  const handle = await openDatabase(config);
  try {
    switch (command) {
      case 'migrate': {
        const applied = await migrateToLatest(handle.db);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'already up to date\n');
        return 0;
      }
      case 'rollback': {
        const steps = values.all ? 'all' : Number(values.steps ?? '1');
        if (steps !== 'all' && (!Number.isInteger(steps) || steps < 1)) {
          process.stderr.write('--steps must be a positive integer\n');
          return 2;
        }
        const undone = await rollback(handle.db, steps);
        process.stdout.write(
          undone.length ? `rolled back: ${undone.join(', ')}\n` : 'nothing to roll back\n',
        );
        return 0;
      }
      case 'seed-demo': {
        await migrateToLatest(handle.db);
        const boot = await bootstrapOrganization(handle.db, {
          name: config.orgName,
          primaryDomain: config.orgDomain,
          seedDemo: false,
        });
        const summary = await seedDemoInto(handle.db, boot.organization);
        process.stdout.write(
          summary
            ? `demo data added: ${JSON.stringify(summary)}\n`
            : 'demo data was already added; nothing to do\n',
        );
        return 0;
      }
      case 'sync': {
        if (positionals[0] !== 'google') {
          process.stderr.write('usage: sync google\n');
          return 2;
        }
        await migrateToLatest(handle.db);
        const key = config.encryptionKey ?? loadOrCreateKeyFile(config.dataDir);
        return await syncGoogleFromCli(
          handle.db,
          {
            encryptionKeys: { current: key, previous: config.previousEncryptionKeys },
            dataDir: config.dataDir,
          },
          config.googleApiOrigin,
        );
      }
      case 'api-key':
        return await apiKeyCommand(handle.db, config.orgDomain, positionals[0], values);
      case 'rotate-key': {
        await migrateToLatest(handle.db);
        const report = await rotateKey(handle.db, config);
        for (const c of report.columns) {
          process.stdout.write(
            `${c.table}.${c.column}: ${c.rewrapped} re-wrapped, ${c.alreadyCurrent} already current\n`,
          );
        }
        process.stdout.write(
          report.style === 'key-file'
            ? `all secrets are under the new key ${report.keyId} in ${config.dataDir}/encryption.key; back up the data directory now\n`
            : `all secrets are under HELIOS_ENCRYPTION_KEY (key ${report.keyId}); HELIOS_ENCRYPTION_KEY_PREVIOUS can be removed\n`,
        );
        return 0;
      }
      default:
        process.stderr.write(`unknown command: ${command}\n\n${usage}`);
        return 2;
    }
  } finally {
    await handle.close();
  }
}

interface ApiKeyOptions {
  email?: string | undefined;
  name?: string | undefined;
  id?: string | undefined;
  'expires-in-days'?: string | undefined;
}

async function apiKeyCommand(
  db: Kysely<Database>,
  orgDomain: string,
  sub: string | undefined,
  options: ApiKeyOptions,
): Promise<number> {
  await migrateToLatest(db);
  const organization = await findOrganization(db);
  if (!organization) {
    process.stderr.write('no organization yet: start Helios once (npm start) first\n');
    return 1;
  }
  const ctx = { organizationId: organization.id, actor: undefined, ip: null, userAgent: 'helios-cli' };
  switch (sub) {
    case 'create': {
      if (!options.email) {
        process.stderr.write('api-key create needs --email <user email>\n');
        return 2;
      }
      const user = await findUserByEmail(db, organization.id, options.email);
      if (!user || refusal(user)) {
        process.stderr.write(`no active user ${options.email} in ${orgDomain}\n`);
        return 1;
      }
      const days = options['expires-in-days'] === undefined ? undefined : Number(options['expires-in-days']);
      if (days !== undefined && (!Number.isFinite(days) || days <= 0)) {
        process.stderr.write('--expires-in-days must be a positive number\n');
        return 2;
      }
      const expiresAt = days ? new Date(Date.now() + days * 86_400_000) : null;
      const { row, key } = await createApiKey(db, ctx, { name: options.name ?? 'CLI', user, expiresAt });
      process.stdout.write(
        `API key for ${user.email} (${user.role}), id ${row.id}${expiresAt ? `, expires ${expiresAt.toISOString()}` : ''}.\n` +
          `It is shown once; store it now:\n\n  ${key}\n\nUse it as: Authorization: Bearer ${key}\n`,
      );
      return 0;
    }
    case 'list': {
      for (const k of await listApiKeys(db, organization.id)) {
        const state = k.revoked_at
          ? 'revoked'
          : k.expires_at && k.expires_at < new Date()
            ? 'expired'
            : 'active';
        process.stdout.write(`${k.id}\t${k.prefix}\t${k.user_email}\t${k.name}\t${state}\n`);
      }
      return 0;
    }
    case 'revoke': {
      const key = options.id ? await findApiKey(db, organization.id, Number(options.id)) : undefined;
      if (!key) {
        process.stderr.write('api-key revoke needs --id of an existing key\n');
        return 2;
      }
      await revokeApiKeyCommand(db, ctx, key);
      process.stdout.write(`revoked ${key.prefix}\n`);
      return 0;
    }
    default:
      process.stderr.write(`usage: api-key create|list|revoke\n`);
      return 2;
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`helios: ${error.message}\n`);
    process.exitCode = error instanceof ConfigError ? 78 : 75;
  } else {
    process.stderr.write(
      `helios: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
