import { createHash } from 'node:crypto';
import { mkdirSync, realpathSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Raised when another live process holds the data directory. */
export class DataDirLockedError extends Error {
  readonly dataDir: string;
  readonly holderPid: number | undefined;
  constructor(dataDir: string, holder: LockHolder | undefined) {
    const who = holder ? `pid ${holder.pid} on ${holder.hostname}` : 'a live process';
    super(
      `The data directory ${dataDir} is in use by another Helios process (${who}). ` +
        'Two processes must never open one embedded database: stop the other one, or set ' +
        'HELIOS_DATA_DIR to a different directory, or set DATABASE_URL to use a PostgreSQL server.',
    );
    this.name = 'DataDirLockedError';
    this.dataDir = dataDir;
    this.holderPid = holder?.pid;
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

interface LockHolder {
  pid: number;
  hostname: string;
  token: string;
}

/** Linux's sun_path holds 108 bytes; leave room for the terminating NUL. */
const MAX_SOCKET_PATH = 100;

/**
 * Where the lock socket lives: in the data directory, so every process that mounts the same volume
 * (another container, another hostname, a recycled pid) meets the same lock. A data directory whose
 * path is too long for a Unix socket falls back to the temp directory, keyed by the directory's real
 * path — that still excludes a second process on this machine, the case that corrupts PGlite.
 */
function socketPath(dataDir: string): string {
  const inDir = join(dataDir, 'helios.lock');
  if (Buffer.byteLength(inDir) <= MAX_SOCKET_PATH) return inDir;
  const key = createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 24);
  return join(tmpdir(), `helios-${key}.lock`);
}

/** Asks whoever listens on the socket who they are; undefined when nobody does (a stale socket). */
function askHolder(path: string): Promise<LockHolder | undefined> {
  return new Promise((resolve) => {
    const socket = connect(path);
    let body = '';
    const done = (holder: LockHolder | undefined) => {
      socket.destroy();
      resolve(holder);
    };
    socket.setTimeout(2_000, () => done({ pid: 0, hostname: 'unknown (did not answer)', token: '' }));
    socket.on('data', (chunk: Buffer) => (body += chunk.toString()));
    socket.on('end', () => {
      try {
        done(JSON.parse(body) as LockHolder);
      } catch {
        // Someone is listening but does not speak the protocol: still a live holder.
        done({ pid: 0, hostname: 'unknown', token: '' });
      }
    });
    // ECONNREFUSED (socket file left by a dead process) or ENOENT (just removed): nobody holds it.
    socket.on('error', () => resolve(undefined));
  });
}

function listen(server: Server, path: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => resolve(error);
    server.once('error', onError);
    server.listen(path, () => {
      server.off('error', onError);
      resolve(undefined);
    });
  });
}

/**
 * Takes the data directory's lock: a Unix domain socket that this process listens on. PGlite has no
 * inter-process locking and two processes writing one directory corrupt it, so a second Helios must
 * refuse to start. The operating system closes the socket when the holder dies however it dies
 * (kill -9, OOM, a container stopped), so a lock is never left behind for a live process to respect:
 * a socket file nobody answers on is stale and taken over — whatever the hostname or pid was — while a
 * holder that answers is alive and refused. After a takeover the winner checks that the socket it
 * answers on is really its own, so two processes racing for a stale lock cannot both win.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  const path = socketPath(dataDir);
  const me: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    token: createHash('sha256').update(`${process.pid}:${Date.now()}:${Math.random()}`).digest('hex'),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    const server = createServer((socket) => socket.end(JSON.stringify(me)));
    const error = await listen(server, path);
    if (!error) {
      // The lock must not keep a CLI command's event loop alive once its work is done.
      server.unref();
      if (attempt > 0) {
        // A rival that found the same stale socket may have removed ours and bound its own just
        // after we bound: give such a race time to happen, then see whose socket answers.
        await new Promise((resolve) => setTimeout(resolve, 250));
        const answering = await askHolder(path);
        if (answering?.token !== me.token) {
          server.close();
          throw new DataDirLockedError(dataDir, answering);
        }
      }
      let released: Promise<void> | undefined;
      return {
        path,
        release() {
          released ??= new Promise<void>((resolve) => server.close(() => resolve()));
          return released;
        },
      };
    }
    if (error.code !== 'EADDRINUSE') throw error;
    const holder = await askHolder(path);
    if (holder) throw new DataDirLockedError(dataDir, holder);
    rmSync(path, { force: true });
  }
  throw new Error(`Could not take the lock ${path}`);
}
