import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../src/core/db/data-dir-lock.ts';

const lockModule = new URL('../../src/core/db/data-dir-lock.ts', import.meta.url).pathname;

/** Another process (another "container" for all the lock can tell) that takes the lock and holds it. */
function holder(dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `import(${JSON.stringify(lockModule)}).then((m) => m.lockDataDir(${JSON.stringify(dataDir)}))` +
        `.then(() => { console.log('locked'); setInterval(() => {}, 1000); }, (e) => { console.error(e.message); process.exit(3); });`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOSTNAME: 'another-container' } },
  );
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('the embedded data directory lock', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'helios-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses while a live process holds it, and names that process', async () => {
    const dataDir = freshDir();
    const other = await holder(dataDir);
    children.push(other);
    const refused = await lockDataDir(dataDir).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as DataDirLockedError).holderPid).toBe(other.pid);
    expect((refused as Error).message).toContain(dataDir);
  });

  it('is taken over once its holder died by kill -9, whatever host or pid it had', async () => {
    const dataDir = freshDir();
    const other = await holder(dataDir);
    other.kill('SIGKILL');
    await exited(other);
    // The dead holder left its socket file behind, as a killed container does on its volume.
    expect(statSync(join(dataDir, 'helios.lock')).isSocket()).toBe(true);
    const lock = await lockDataDir(dataDir);
    // And now it is ours: a further process is refused until we release it.
    await expect(holder(dataDir)).rejects.toThrow(/exited with 3/);
    await lock.release();
    expect(existsSync(join(dataDir, 'helios.lock'))).toBe(false);
    children.push(await holder(dataDir));
  });

  it('lets exactly one of several processes racing for a stale lock win', async () => {
    const dataDir = freshDir();
    const first = await holder(dataDir);
    first.kill('SIGKILL');
    await exited(first);
    const racers = await Promise.allSettled([holder(dataDir), holder(dataDir), holder(dataDir)]);
    for (const racer of racers) if (racer.status === 'fulfilled') children.push(racer.value);
    expect(racers.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});
