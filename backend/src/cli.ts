// `npm run helios -- <command>`: operations on the configured database (the same DATABASE_URL /
// HELIOS_DATA_DIR the server uses). In embedded mode the server must be stopped first: the data
// directory admits one process at a time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bootstrapOrganization } from './commands/bootstrap-organization.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase, openEmbeddedDatabase } from './db/connection.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { migrateToLatest, rollback } from './db/migrate.ts';
import { generateSchemaDoc, generateSchemaTypes, SCHEMA_DOC_FILE, SCHEMA_FILE } from './db/typegen.ts';
import { seedDemoInto } from './demo/seed-demo.ts';

const usage = `Usage: npm run helios -- <command> [options]

Commands:
  migrate                     apply pending migrations
  rollback [--steps N|--all]  undo the last N migrations (default 1), or all of them
  seed-demo                   add the demo organization's data (once)
  generate-types [--check]    regenerate backend/src/db/schema.ts from the migrations
                              (--check: exit 1 if the file is out of date)
`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      steps: { type: 'string' },
      all: { type: 'boolean' },
      check: { type: 'boolean' },
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
      default:
        process.stderr.write(`unknown command: ${command}\n\n${usage}`);
        return 2;
    }
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
