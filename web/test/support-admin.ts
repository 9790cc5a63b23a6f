import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../backend/src/core/config.ts';
import { createLogger } from '../../backend/src/core/logger.ts';
import { startServer } from '../../backend/src/server.ts';
import type { Backend, Console } from './support.ts';

const adminUrl = process.env.HELIOS_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * `startConsole` with background jobs on, as `npm start` runs: a sync queued from the console is
 * worked by this process against the demo's in-process Workspace simulator (support.ts's console
 * runs no jobs, so its runs would stay queued).
 */
export async function startConsoleWithJobs(backend: Backend): Promise<Console> {
  const dataDir = mkdtempSync(join(tmpdir(), 'helios-web-admin-'));
  let drop: (() => Promise<void>) | undefined;
  const env: NodeJS.ProcessEnv = {
    HELIOS_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    HELIOS_JOBS: 'true',
    HELIOS_SEED_DEMO: 'true',
  };
  if (backend === 'postgres') {
    const name = `t_web_admin_${randomBytes(4).toString('hex')}`;
    await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    env.HELIOS_ORG_DOMAIN = 'helios-demo.example';
    env.HELIOS_ENCRYPTION_KEY = randomBytes(32).toString('base64');
    drop = () =>
      withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  }
  const running = await startServer(
    {
      ...loadConfig(env),
      rateLimits: { perIpPerMinute: 100_000, perActorPerMinute: 100_000, authFailuresPer15Minutes: 100_000 },
    },
    createLogger('silent'),
  );
  return {
    url: running.url,
    running,
    async close() {
      await running.stop();
      await drop?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The API as a bearer-token client: status and `data` of each answer. */
export function bearerApi(url: string, key: string) {
  return async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; data: T; nextCursor?: string | null }> => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const json = (text ? JSON.parse(text) : {}) as { data: T; nextCursor?: string | null };
    return { status: res.status, data: json.data, nextCursor: json.nextCursor };
  };
}
