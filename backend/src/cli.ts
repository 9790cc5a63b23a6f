// `npm run helios -- <command>`: operations on the configured database (the same DATABASE_URL /
// HELIOS_DATA_DIR the server uses). In embedded mode the server must be stopped first: the data
// directory admits one process at a time. The database commands live here; every other command
// comes from a module of the registry.
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bootstrapOrganization } from './bootstrap.ts';
import { ConfigError, loadConfig } from './core/config.ts';
import { loadOrCreateKeyFile } from './core/crypto/key-file.ts';
import { openDatabase, openEmbeddedDatabase } from './core/db/connection.ts';
import { DataDirLockedError } from './core/db/data-dir-lock.ts';
import { migrateToLatest, rollback } from './core/db/migrate.ts';
import { generateSchemaDoc, generateSchemaTypes, SCHEMA_DOC_FILE, SCHEMA_FILE } from './core/db/typegen.ts';
import type { CliCommand, CliContext } from './core/module.ts';
import { registry } from './modules/index.ts';

const databaseCommands: CliCommand[] = [
  {
    name: ['migrate'],
    usage: '',
    summary: 'apply pending migrations',
    async run({ db, out }) {
      const applied = await migrateToLatest(db);
      out.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'already up to date\n');
      return 0;
    },
  },
  {
    name: ['rollback'],
    usage: '[--steps N|--all]',
    summary: 'undo the last N migrations (default 1), or all of them',
    options: { steps: { type: 'string' }, all: { type: 'boolean' } },
    async run({ db, out, err }, values) {
      const steps = values.all ? 'all' : Number(values.steps ?? '1');
      if (steps !== 'all' && (!Number.isInteger(steps) || steps < 1)) {
        err.write('--steps must be a positive integer\n');
        return 2;
      }
      const undone = await rollback(db, steps);
      out.write(undone.length ? `rolled back: ${undone.join(', ')}\n` : 'nothing to roll back\n');
      return 0;
    },
  },
];

/** Needs no configuration and no data directory: the types come from a throwaway database. */
async function generateTypes(check: boolean): Promise<number> {
  const handle = await openEmbeddedDatabase({ dataDir: 'memory://' });
  try {
    await migrateToLatest(handle.db);
    const outputs = [
      { path: fileURLToPath(SCHEMA_FILE), text: await generateSchemaTypes(handle.db) },
      { path: fileURLToPath(SCHEMA_DOC_FILE), text: await generateSchemaDoc(handle.db) },
    ];
    if (check) {
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

const commands: CliCommand[] = [...databaseCommands, ...registry.modules.flatMap((m) => m.commands ?? [])];

function usage(): string {
  const lines = commands.map((c) => {
    const head = `  ${[...c.name, c.usage].filter(Boolean).join(' ')}`;
    return head.length < 30 ? `${head.padEnd(30)}${c.summary}` : `${head}\n${' '.repeat(30)}${c.summary}`;
  });
  return [
    'Usage: npm run helios -- <command> [options]',
    '',
    'Commands:',
    ...lines,
    `  ${'generate-types [--check]'.padEnd(28)}regenerate backend/src/core/db/schema.ts from the migrations`,
    `  ${''.padEnd(28)}(--check: exit 1 if the file is out of date)`,
    '',
  ].join('\n');
}

/** The command named by the longest matching run of leading words. */
function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | undefined {
  let best: { command: CliCommand; rest: string[] } | undefined;
  for (const command of commands) {
    const n = command.name.length;
    if (command.name.every((word, i) => argv[i] === word) && (!best || n > best.command.name.length)) {
      best = { command, rest: argv.slice(n) };
    }
  }
  return best;
}

async function run(argv: string[]): Promise<number> {
  const [first] = argv;
  if (!first || first === 'help' || first === '--help' || first === '-h') {
    process.stdout.write(usage());
    return first ? 0 : 2;
  }
  if (first === 'generate-types') {
    const { values } = parseArgs({
      args: argv.slice(1),
      options: { check: { type: 'boolean' } },
      strict: true,
    });
    return generateTypes(values.check === true);
  }
  const found = findCommand(argv);
  if (!found) {
    process.stderr.write(`unknown command: ${argv.join(' ')}\n\n${usage()}`);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: found.rest,
    allowPositionals: true,
    options: { ...found.command.options, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      `npm run helios -- ${[...found.command.name, found.command.usage].join(' ')}\n  ${found.command.summary}\n`,
    );
    return 0;
  }

  const config = loadConfig(process.env, found.command.needs ?? []);
  const handle = await openDatabase(config);
  try {
    const ctx: CliContext = {
      db: handle.db,
      config,
      get encryptionKeys() {
        // A command that forgot to declare `needs: ['encryptionKey']` must not invent a key file
        // beside a server database: that would seal secrets no server can open.
        if (config.databaseMode === 'server' && !config.encryptionKey) {
          throw new ConfigError(['HELIOS_ENCRYPTION_KEY: this command needs it when DATABASE_URL is set']);
        }
        return {
          current: config.encryptionKey ?? loadOrCreateKeyFile(config.dataDir),
          previous: config.previousEncryptionKeys,
        };
      },
      registry,
      async bootstrap() {
        await migrateToLatest(handle.db);
        const boot = await bootstrapOrganization(handle.db, {
          name: config.orgName,
          primaryDomain: config.orgDomain,
          seedDemo: false,
        });
        return boot.organization;
      },
      out: process.stdout,
      err: process.stderr,
    };
    return await found.command.run(ctx, values as Record<string, string | boolean | undefined>, positionals);
  } finally {
    await handle.close();
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
