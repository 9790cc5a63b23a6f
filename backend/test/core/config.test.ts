import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_DOMAIN, loadConfig } from '../../src/core/config.ts';

const serverEntry = new URL('../../src/server.ts', import.meta.url).pathname;

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('defaults to embedded mode with demo data on port 8080', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseMode: 'embedded',
      port: 8080,
      orgDomain: DEMO_DOMAIN,
      seedDemo: true,
      googleAudiences: [],
      // The demo domain can never be a real Workspace: its sign-in is the simulator's.
      demoSignIn: true,
      googleWebClientId: undefined,
      sessionHours: 12,
    });
    expect(config.dataDir).toMatch(/\.helios$/);
  });

  it('turns the demo sign-in off for a real domain or a real web client id, and refuses both at once', () => {
    expect(loadConfig({ HELIOS_ORG_DOMAIN: 'example.com' }).demoSignIn).toBe(false);
    const web = loadConfig({
      HELIOS_GOOGLE_WEB_CLIENT_ID: '123-abc.apps.googleusercontent.com',
      HELIOS_SESSION_HOURS: '8',
    });
    expect(web).toMatchObject({
      demoSignIn: false,
      googleWebClientId: '123-abc.apps.googleusercontent.com',
      sessionHours: 8,
    });
    expect(loadConfig({ HELIOS_ORG_DOMAIN: 'example.com', HELIOS_DEMO_SIGN_IN: 'true' }).demoSignIn).toBe(
      true,
    );
    expect(
      problemsOf({
        HELIOS_DEMO_SIGN_IN: 'true',
        HELIOS_GOOGLE_WEB_CLIENT_ID: '1-a.apps.googleusercontent.com',
      }),
    ).toEqual([expect.stringMatching(/^HELIOS_DEMO_SIGN_IN:/)]);
    expect(problemsOf({ HELIOS_GOOGLE_WEB_CLIENT_ID: 'not-a-client' })).toEqual([
      expect.stringMatching(/^HELIOS_GOOGLE_WEB_CLIENT_ID/),
    ]);
    expect(problemsOf({ HELIOS_SESSION_HOURS: '0' })).toEqual([
      expect.stringMatching(/^HELIOS_SESSION_HOURS/),
    ]);
  });

  it('parses every variable it knows', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/helios',
      HELIOS_DATA_DIR: '/var/lib/helios',
      PORT: '9000',
      HELIOS_ORG_DOMAIN: 'Example.COM',
      HELIOS_GOOGLE_AUDIENCES: ' a.apps.googleusercontent.com , b.apps.googleusercontent.com ',
      HELIOS_GOOGLE_API_ORIGIN: 'http://127.0.0.1:4010/ignored/path',
      HELIOS_MICROSOFT_LOGIN_ORIGIN: 'https://127.0.0.1:4011/ignored',
      HELIOS_MICROSOFT_GRAPH_ORIGIN: 'https://127.0.0.1:4012',
      HELIOS_DEMO_MICROSOFT_USERS: '300',
      HELIOS_ENCRYPTION_KEY: key,
      HELIOS_BOOTSTRAP_ADMIN_EMAIL: 'Boss@Example.com',
    });
    expect(config).toMatchObject({
      databaseMode: 'server',
      dataDir: '/var/lib/helios',
      port: 9000,
      orgDomain: 'example.com',
      googleAudiences: ['a.apps.googleusercontent.com', 'b.apps.googleusercontent.com'],
      googleApiOrigin: 'http://127.0.0.1:4010',
      microsoftLoginOrigin: 'https://127.0.0.1:4011',
      microsoftGraphOrigin: 'https://127.0.0.1:4012',
      demoMicrosoftUsers: 300,
      encryptionKey: key,
      bootstrapAdminEmail: 'boss@example.com',
      seedDemo: false,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ HELIOS_ORG_DOMAIN: 'not a domain' }, 'HELIOS_ORG_DOMAIN'],
    [{ HELIOS_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'HELIOS_ENCRYPTION_KEY'],
    [{ HELIOS_BOOTSTRAP_ADMIN_EMAIL: 'nobody' }, 'HELIOS_BOOTSTRAP_ADMIN_EMAIL'],
    [{ HELIOS_GOOGLE_API_ORIGIN: 'ftp://x' }, 'HELIOS_GOOGLE_API_ORIGIN'],
    // msal-node refuses http authorities: Microsoft's origins must be https.
    [{ HELIOS_MICROSOFT_LOGIN_ORIGIN: 'http://127.0.0.1:4011' }, 'HELIOS_MICROSOFT_LOGIN_ORIGIN'],
    [{ HELIOS_MICROSOFT_GRAPH_ORIGIN: 'http://127.0.0.1:4011' }, 'HELIOS_MICROSOFT_GRAPH_ORIGIN'],
    [{ HELIOS_DEMO_MICROSOFT_USERS: '0' }, 'HELIOS_DEMO_MICROSOFT_USERS'],
    [{ HELIOS_SEED_DEMO: 'maybe' }, 'HELIOS_SEED_DEMO'],
    [{ DATABASE_URL: 'postgres://db/helios', HELIOS_ORG_DOMAIN: 'example.com' }, 'HELIOS_ENCRYPTION_KEY'],
  ])('names the bad variable in %j', (env, variable) => {
    const problems = problemsOf(env);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it('exits non-zero from the real entry point with a message naming the variable', () => {
    const result = spawnSync(process.execPath, [serverEntry], {
      env: {
        PATH: process.env.PATH,
        PORT: 'not-a-port',
        HELIOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'helios-cfg-')),
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBeNull();
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/Invalid configuration/);
  });
});
