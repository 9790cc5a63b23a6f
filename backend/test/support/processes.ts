// Helios as separate operating-system processes on one PostgreSQL database: what a deployment of
// several replicas is. Each process is the server entry run by this Node (24) directly — as the
// production image runs it — so signals and kill -9 reach the server itself.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;
const serverEntry = join(root, 'backend/src/server.ts');
const cliEntry = join(root, 'backend/src/cli.ts');

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output(): string;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
}

/** The environment of a server-mode replica (no demo, no Google). */
export function replicaEnv(databaseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: databaseUrl,
    HELIOS_ORG_DOMAIN: 'acme.example',
    HELIOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'helios-replica-')),
    HELIOS_LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
    ...extra,
  };
}

/** Starts a server process and resolves once it listens. */
export function startServerProcess(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, [serverEntry], { cwd: root, env });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Helios is running at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1], output: () => out, exited });
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
}

/** Runs `npm run helios -- …` (the CLI entry) and returns its exit code and output. */
export function runCli(
  env: NodeJS.ProcessEnv,
  args: string[],
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliEntry, ...args], { cwd: root, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Creates an admin and an API key for them through the CLI; returns the key. */
export function adminKey(env: NodeJS.ProcessEnv, email = 'it-lead@acme.example'): string {
  const admin = runCli(env, ['admin', 'create', '--email', email]);
  if (admin.status !== 0) throw new Error(`admin create failed: ${admin.stderr}`);
  const key = runCli(env, ['api-key', 'create', '--email', email, '--name', 'test']);
  const printed = /(helios_[0-9a-f]{12}_[A-Za-z0-9_-]{43})/.exec(key.stdout)?.[1];
  if (!printed) throw new Error(`api-key create printed no key: ${key.stderr}`);
  return printed;
}
