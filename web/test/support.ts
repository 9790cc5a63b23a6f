import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import chromium from '@sparticuz/chromium';
import pg from 'pg';
import { type Browser, chromium as playwright, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig } from '../../backend/src/core/config.ts';
import { createLogger } from '../../backend/src/core/logger.ts';
import { startServer, type RunningServer } from '../../backend/src/server.ts';

export const backends = ['pglite', 'postgres'] as const;
export type Backend = (typeof backends)[number];

const root = new URL('../../', import.meta.url).pathname;
export const SCREENSHOTS = join(root, 'test-results', 'screenshots');
const adminUrl = process.env.HELIOS_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Real Chromium from the @sparticuz/chromium package (browsers cannot be downloaded here). Our own
 * arguments, not the package's defaults: those disable web security and force one process, which
 * would hide CSRF/CORS mistakes and break separate contexts.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = await chromium.executablePath();
  return playwright.launch({
    executablePath,
    args: ['--no-sandbox', '--no-zygote', '--disable-gpu'],
    headless: true,
  });
}

export interface Console {
  url: string;
  running: RunningServer;
  close(): Promise<void>;
}

/**
 * `npm start` as a newcomer runs it: the demo organization, the demo's simulated Google sign-in,
 * the built console — on PGlite in a temporary data directory, or on a fresh PostgreSQL database.
 */
export async function startConsole(
  backend: Backend,
  /** Extra environment, e.g. `{ HELIOS_JOBS: 'true' }` so queued syncs run in this process. */
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Console> {
  const dataDir = mkdtempSync(join(tmpdir(), 'helios-web-'));
  let drop: (() => Promise<void>) | undefined;
  const env: NodeJS.ProcessEnv = {
    HELIOS_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    HELIOS_JOBS: 'false',
    HELIOS_SEED_DEMO: 'true',
    ...extraEnv,
  };
  if (backend === 'postgres') {
    const name = `t_web_${randomBytes(4).toString('hex')}`;
    await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    // The demo domain (`.example`, never a real Workspace) switches the demo sign-in on.
    env.HELIOS_ORG_DOMAIN = 'helios-demo.example';
    env.HELIOS_ENCRYPTION_KEY = randomBytes(32).toString('base64');
    drop = () =>
      withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);
  }
  const config = loadConfig(env);
  const running = await startServer(
    {
      ...config,
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

/**
 * Signs in the way a person does: the console's Google button, then, on the simulator's page, the
 * first person of a group (`Admins`, `Managers (IT staff)`, `Users`, `Contacts …`). Returns their email.
 */
export async function signInAs(page: Page, url: string, group: RegExp): Promise<string> {
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: 'Sign in with API key' }).waitFor();
  await page.getByRole('link', { name: 'Sign in with Google (demo)' }).click();
  await page.getByRole('heading', { name: 'Choose an account' }).waitFor();
  const person = page.getByRole('region', { name: group }).getByRole('button').first();
  const email = (await person.locator('.email').textContent()) ?? '';
  await person.click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  return email;
}

/** axe-core on the page as it is now: no violations at all. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('; ')}`,
  );
  expect(summary, `axe on ${label}`).toEqual([]);
}

export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: options.fullPage ?? true });
}

/** The API as a bearer-token client: status and `data` of each answer. */
export function bearerApi(url: string, key: string) {
  return async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; data: T; nextCursor?: string | null; text: string }> => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const json = (text ? safeJson(text) : {}) as { data: T; nextCursor?: string | null };
    return { status: res.status, data: json.data, nextCursor: json.nextCursor, text };
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
