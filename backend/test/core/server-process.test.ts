import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';

// `npm start` runs exactly this: the Node 24 launcher with the server entry.
const root = new URL('../../../', import.meta.url).pathname;
const launcher = join(root, 'scripts/node24.mjs');
const entry = join(root, 'backend/src/server.ts');

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
}

function start(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [launcher, entry], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HELIOS_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      HELIOS_LOG_LEVEL: 'info',
      ...extraEnv,
    },
  });
}

function waitForUrl(child: ChildProcessWithoutNullStreams): Promise<Started> {
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Helios is running at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1], output: () => out });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

/** POSTs a two-byte JSON body in two halves, running `between` after the first; returns the status. */
function slowRequest(base: string, between: () => Promise<void>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/nothing-here`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '2' },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.write('{');
    req.flushHeaders();
    void sleep(300)
      .then(between)
      .then(() => req.end('}'));
  });
}

describe('npm start as a process (embedded PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'helios-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, refuses a second process on the same data dir, stops on SIGTERM, and starts again', async () => {
    const first = await waitForUrl(start(dataDir));
    try {
      const ready = await fetch(`${first.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(first.output()).toMatch(/created the organization/);
      // First start with the demo prints a working admin key, once.
      const printed = /(helios_[0-9a-f]{12}_[A-Za-z0-9_-]{43})/.exec(first.output())?.[1];
      expect(printed).toBeDefined();
      const me = await fetch(`${first.url}/api/v1/me`, { headers: { authorization: `Bearer ${printed}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ data: { role: 'admin', email: 'admin@helios-demo.example' } });
      expect(existsSync(join(dataDir, 'helios.lock'))).toBe(true);
      expect(existsSync(join(dataDir, 'encryption.key'))).toBe(true);

      const second = await exitOf(start(dataDir));
      expect(second.code).not.toBe(0);
      expect(second.stderr).toMatch(/in use by another Helios process/);
      expect(second.stderr).toContain(dataDir);

      // A request in flight when SIGTERM arrives still gets its answer: its body is still arriving
      // when the signal is sent, and only completes after.
      const exited = exitOf(first.child);
      const inFlight = slowRequest(first.url, async () => {
        first.child.kill('SIGTERM');
        await sleep(300);
      });
      expect(await inFlight).toBe(404);
      expect((await exited).code).toBe(0);
      expect(existsSync(join(dataDir, 'helios.lock'))).toBe(false);
    } finally {
      first.child.kill('SIGKILL');
    }

    // With the server stopped, the CLI can make a key on the same data directory.
    const cli = spawnSync(
      process.execPath,
      [
        launcher,
        join(root, 'backend/src/cli.ts'),
        'api-key',
        'create',
        '--email',
        'ADMIN@helios-demo.example',
        '--name',
        'ops',
      ],
      {
        cwd: root,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, HELIOS_DATA_DIR: dataDir },
        encoding: 'utf8',
      },
    );
    expect(cli.status).toBe(0);
    const cliKey = /(helios_[0-9a-f]{12}_[A-Za-z0-9_-]{43})/.exec(cli.stdout)?.[1];
    expect(cliKey).toBeDefined();

    // The directory is still a healthy database: the next start comes up on it without re-seeding.
    const again = await waitForUrl(start(dataDir));
    try {
      expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
      expect(again.output()).not.toMatch(/created the organization/);
      expect(again.output()).not.toMatch(/helios_[0-9a-f]{12}_/);
      const me = await fetch(`${again.url}/api/v1/me`, { headers: { authorization: `Bearer ${cliKey}` } });
      expect(me.status).toBe(200);
      const exited = exitOf(again.child);
      again.child.kill('SIGTERM');
      expect((await exited).code).toBe(0);
    } finally {
      again.child.kill('SIGKILL');
    }
  }, 240_000);
});

/** Pids of a process's direct children (Linux /proc), to find the launcher's server. */
function childrenOf(pid: number): number[] {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout;
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => Number(line));
}

/** A failed test must not leave a server behind holding the next test's data directory. */
const onFailed = (cleanup: () => void) => onTestFailed(cleanup);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

describe('npm start under a supervisor', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'helios-supervised-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HELIOS_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    HELIOS_LOG_LEVEL: 'info',
  };

  it('shuts the whole tree down gracefully (exit 0) on a SIGTERM sent to npm alone', async () => {
    const npm = await waitForUrl(spawn('npm', ['start', '--silent'], { cwd: root, env }));
    onFailed(() => {
      for (const pid of [...childrenOf(npm.child.pid ?? 0).flatMap((p) => [...childrenOf(p), p])])
        if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      npm.child.kill('SIGKILL');
    });
    const launcherPid = childrenOf(npm.child.pid ?? 0)[0];
    expect(launcherPid).toBeDefined();
    const serverPid = childrenOf(launcherPid ?? 0)[0];
    expect(serverPid).toBeDefined();
    const exited = exitOf(npm.child);
    process.kill(npm.child.pid ?? 0, 'SIGTERM'); // the npm process only, as a supervisor does
    expect((await exited).code).toBe(0);
    expect(await gone(serverPid ?? 0, 10_000)).toBe(true);
    expect(await gone(launcherPid ?? 0, 10_000)).toBe(true);
    expect(npm.output()).toMatch(/"msg":"stopped"/);
    await expect(fetch(`${npm.url}/healthz`)).rejects.toThrow();
    expect(existsSync(join(dataDir, 'helios.lock'))).toBe(false);
  }, 240_000);

  it('stops an orphaned server when its launcher is killed with SIGKILL, and a kill -9 of the server leaves a directory the next start takes over', async () => {
    const first = await waitForUrl(start(dataDir));
    const serverPid = childrenOf(first.child.pid ?? 0)[0];
    expect(serverPid).toBeDefined();
    onFailed(() => {
      if (serverPid && isAlive(serverPid)) process.kill(serverPid, 'SIGKILL');
    });
    first.child.kill('SIGKILL');
    expect(await gone(serverPid ?? 0, 10_000)).toBe(true);

    const second = await waitForUrl(start(dataDir));
    const secondServer = childrenOf(second.child.pid ?? 0)[0] ?? 0;
    process.kill(secondServer, 'SIGKILL'); // no shutdown code runs: the lock socket stays behind
    await exitOf(second.child);
    const third = await waitForUrl(start(dataDir));
    try {
      expect((await fetch(`${third.url}/readyz`)).status).toBe(200);
      const exited = exitOf(third.child);
      third.child.kill('SIGTERM');
      expect((await exited).code).toBe(0);
    } finally {
      third.child.kill('SIGKILL');
    }
  }, 240_000);
});
