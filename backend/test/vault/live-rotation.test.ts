// The server-mode key rotation as the README tells an operator to do it, with a server running the
// whole time: every secret stays readable at every step, and at the end only the new key is needed.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '../support/databases.ts';
import {
  adminKey,
  replicaEnv,
  runCli,
  type ServerProcess,
  startServerProcess,
} from '../support/processes.ts';

const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('base64');

describe('rotating HELIOS_ENCRYPTION_KEY while servers run (PostgreSQL)', () => {
  const running: ServerProcess[] = [];
  const dropLater: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const server of running) server.child.kill('SIGKILL');
    for (const drop of dropLater) await drop();
  });

  it('keeps reveal working through every step of the documented procedure', async () => {
    const database = await createPostgresDatabase('live-rotation');
    dropLater.push(database.drop);
    const base = replicaEnv(database.url, { HELIOS_JOBS: 'false' });
    const withKeys = (current: string, previous?: string) => ({
      ...base,
      HELIOS_ENCRYPTION_KEY: current,
      ...(previous ? { HELIOS_ENCRYPTION_KEY_PREVIOUS: previous } : {}),
    });
    const start = async (env: NodeJS.ProcessEnv) => {
      const server = await startServerProcess(env);
      running.push(server);
      return server;
    };
    const stop = async (server: ServerProcess) => {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    };

    let server = await start(withKeys(oldKey));
    const key = adminKey(withKeys(oldKey));
    const call = (path: string, body?: unknown) =>
      fetch(`${server.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const createCredential = async (name: string, password: string) => {
      const response = await call('/credentials', { name, username: 'admin', password });
      expect(response.status).toBe(201);
      return ((await response.json()) as { data: { id: string } }).data.id;
    };
    const revealed = async (id: string) => {
      const response = await call(`/credentials/${id}/reveal`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { data: { password: string } }).data.password;
    };
    const before = await createCredential('Core switch', 'before-rotation');

    // 1. Every server learns the new key as one it accepts (decrypts with, never encrypts with).
    await stop(server);
    server = await start(withKeys(oldKey, newKey));
    expect(await revealed(before)).toBe('before-rotation');

    // 2. rotate-key with the new key current: the running server keeps reading every secret.
    const rotation = runCli(withKeys(newKey, oldKey), ['rotate-key']);
    expect(rotation.stderr).toBe('');
    expect(rotation.status).toBe(0);
    expect(await revealed(before)).toBe('before-rotation');
    // A secret written meanwhile is sealed under the old key by the not-yet-restarted server.
    const during = await createCredential('Firewall', 'during-rotation');
    expect(await revealed(during)).toBe('during-rotation');

    // 3. Servers restart with the new key current and the old one accepted; rotate-key again
    //    re-wraps what was written during step 2.
    await stop(server);
    server = await start(withKeys(newKey, oldKey));
    expect(await revealed(during)).toBe('during-rotation');
    const second = runCli(withKeys(newKey, oldKey), ['rotate-key']);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/credentials\.password_encrypted: 1 re-wrapped/);

    // 4. The old key is dropped: everything opens under the new key alone.
    await stop(server);
    server = await start(withKeys(newKey));
    expect(await revealed(before)).toBe('before-rotation');
    expect(await revealed(during)).toBe('during-rotation');
  }, 360_000);
});
