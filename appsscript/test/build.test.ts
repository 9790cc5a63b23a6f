import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

interface Manifest {
  addOns: { common: { homepageTrigger: { runFunction: string } } };
}

describe('add-on build', () => {
  it('bundles Code.js whose globals include every trigger the manifest names', () => {
    execFileSync(process.execPath, [`${root}appsscript/build.mjs`], { cwd: root, stdio: 'pipe' });
    const code = readFileSync(`${root}appsscript/dist/Code.js`, 'utf8');
    const manifest = JSON.parse(readFileSync(`${root}appsscript/dist/appsscript.json`, 'utf8')) as Manifest;

    // A recording stand-in for CardService: enough to see the card the homepage builds.
    const record = (kind: string) => {
      const node: Record<string, unknown> = { kind };
      return new Proxy(node, {
        get(target, prop: string) {
          if (prop in target) return target[prop];
          if (prop === 'build') return () => target;
          return (value: unknown) => {
            target[prop.replace(/^(set|add)/, '').toLowerCase()] = value;
            return target;
          };
        },
      });
    };
    const CardService = new Proxy({}, { get: (_t, prop: string) => () => record(prop.replace(/^new/, '')) });
    const context: Record<string, unknown> = { CardService };
    runInNewContext(code, context);

    const trigger = manifest.addOns.common.homepageTrigger.runFunction;
    expect(typeof context[trigger]).toBe('function');
    const card = (context[trigger] as (e: unknown) => Record<string, unknown>)({});
    expect(card.kind).toBe('CardBuilder');
    expect(JSON.stringify(card)).toContain('Helios');
  });
});
