#!/usr/bin/env node
// Builds the web console (web/ → web/dist) when its sources changed since the last build, so
// `npm install && npm start` and `npm test` always serve a current console without an extra
// command. The sources' hash (web/src, web/index.html, its configs, and shared/src, which the
// console imports) is kept in web/dist/.build-hash; an unchanged hash skips the build (~50 ms).
// Plain ESM JavaScript: `prepare` may run it on the machine's old node.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modernNode } from './node24.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const dist = join(web, 'dist');
const HASH_FILE = '.build-hash';
const INPUTS = [
  'web/src',
  'web/index.html',
  'web/vite.config.ts',
  'web/package.json',
  'shared/src',
  'shared/package.json',
];

function* files(path) {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) yield* files(join(path, name));
  } else yield path;
}

/** A hash of every input file's path and bytes. */
export function sourceHash() {
  // The recipe's version: bump it when the way of building changes, so old builds are redone.
  const hash = createHash('sha256').update('build-web v2\0');
  for (const input of INPUTS) {
    for (const file of files(join(root, input))) {
      hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

export function isCurrent(hash = sourceHash()) {
  const stamp = join(dist, HASH_FILE);
  return (
    existsSync(join(dist, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash
  );
}

/** Builds into a temporary folder, then swaps it in, so a server never sees half a build. */
export function buildWeb({ force = false, quiet = false } = {}) {
  const hash = sourceHash();
  if (!force && isCurrent(hash)) return false;
  const out = join(web, `dist.tmp-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  if (!quiet) process.stderr.write('helios: building the web console (web/ → web/dist)…\n');
  const started = Date.now();
  const result = spawnSync(
    modernNode(),
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--logLevel',
      quiet ? 'error' : 'warn',
      '--outDir',
      out,
    ],
    // Always a production build: a caller's NODE_ENV (vitest sets `test`) would make Vite bundle
    // React's development build, twice the size.
    { cwd: web, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (result.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
  }
  writeFileSync(join(out, HASH_FILE), `${hash}\n`);
  rmSync(dist, { recursive: true, force: true });
  renameSync(out, dist);
  if (!quiet)
    process.stderr.write(`helios: web console built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildWeb({ force: process.argv.includes('--force') });
  } catch (error) {
    process.stderr.write(`helios: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
