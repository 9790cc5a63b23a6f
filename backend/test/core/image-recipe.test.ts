// The production image's recipe, proven without Docker (images cannot be pulled here): the build
// context as .dockerignore leaves it, every RUN of the Dockerfile's build stage in order, then the
// image's CMD with its ENV and the HEALTHCHECK — so the production dependency set is complete.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, matchesGlob } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;

interface Stage {
  run: string[];
  env: Record<string, string>;
  cmd: string[];
  healthcheck: string[];
}

/** The instructions this test follows, per stage, with line continuations joined. */
function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [instruction = '', ...rest] = line.split(/\s+/);
    const args = line.slice(instruction.length).trim();
    const stage = stages.at(-1);
    if (instruction === 'FROM') stages.push({ run: [], env: {}, cmd: [], healthcheck: [] });
    else if (!stage) throw new Error(`${instruction} before FROM`);
    else if (instruction === 'RUN') stage.run.push(args);
    else if (instruction === 'ENV') {
      for (const pair of args.split(/\s+/)) {
        const [name, value] = pair.split('=');
        if (name && value !== undefined) stage.env[name] = value;
      }
    } else if (instruction === 'CMD') stage.cmd = JSON.parse(args) as string[];
    else if (instruction === 'HEALTHCHECK') {
      stage.healthcheck = JSON.parse(args.slice(args.indexOf('CMD') + 3).trim()) as string[];
    }
    void rest;
  }
  return stages;
}

/** Tracked files (what a fresh clone's build context holds) that .dockerignore lets through. */
function buildContext(): string[] {
  const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  return tracked.filter(
    (file) =>
      existsSync(join(root, file)) &&
      !ignored.some((pattern) => matchesGlob(file, pattern) || matchesGlob(file, `${pattern}/**`)),
  );
}

describe('the Dockerfile recipe', () => {
  const work = mkdtempSync(join(tmpdir(), 'helios-image-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs production dependencies only, serves the API and the console, and passes its HEALTHCHECK', async () => {
    const stages = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
    expect(stages).toHaveLength(2);
    const [build, runtime] = stages as [Stage, Stage];
    expect(build.run.some((r) => /npm ci .*--omit=dev/.test(r))).toBe(true);
    expect(runtime.cmd[0]).toBe('node');

    const app = join(work, 'app');
    const context = buildContext();
    expect(context).toContain('package-lock.json');
    expect(context.some((f) => f.startsWith('node_modules/') || f.startsWith('.git/'))).toBe(false);
    for (const file of context) {
      mkdirSync(dirname(join(app, file)), { recursive: true });
      cpSync(join(root, file), join(app, file));
    }
    // The image's node is Node 24: put this one (the test runs on it) first on PATH for npm too.
    const env = {
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
      HOME: process.env.HOME,
      npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? work, '.npm'),
    };
    for (const command of build.run) {
      const step = spawnSync('sh', ['-c', command], { cwd: app, env, encoding: 'utf8' });
      expect(step.status, `${command}\n${step.stderr}`).toBe(0);
    }
    // Only production dependencies: no test runner, linter or add-on bundler in the image.
    for (const devOnly of ['vitest', 'eslint', 'typescript', 'playwright-core', '@sparticuz/chromium']) {
      expect(existsSync(join(app, 'node_modules', devOnly)), devOnly).toBe(false);
    }
    expect(existsSync(join(app, 'web/dist/index.html'))).toBe(true);

    const dataDir = join(work, 'data');
    const server = spawn(process.execPath, runtime.cmd.slice(1), {
      cwd: app,
      env: { ...env, ...runtime.env, HELIOS_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /Helios is running at (http:\/\/\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        server.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        server.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
      });
      expect(out).not.toMatch(/building the web console/);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const page = await fetch(`${url}/`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">/);
      const key = /(helios_[0-9a-f]{12}_[A-Za-z0-9_-]{43})/.exec(out)?.[1];
      const me = await fetch(`${url}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
      expect(me.status).toBe(200);

      const port = new URL(url).port;
      const health = spawnSync(process.execPath, runtime.healthcheck.slice(1), {
        env: { ...env, PORT: port },
        encoding: 'utf8',
      });
      expect(health.status, health.stderr).toBe(0);

      const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      server.kill('SIGKILL');
    }
  }, 900_000);
});
