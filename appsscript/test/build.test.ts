import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

interface Manifest {
  urlFetchWhitelist: string[];
  addOns: {
    common: { homepageTrigger: { runFunction: string }; universalActions: { runFunction: string }[] };
    gmail: { contextualTriggers: { onTriggerFunction: string }[] };
    drive: { homepageTrigger: { runFunction: string }; onItemsSelectedTrigger: { runFunction: string } };
  };
}

describe('add-on build', () => {
  it('bundles Code.js whose globals include every trigger the manifest names', () => {
    execFileSync(process.execPath, [`${root}appsscript/build.mjs`], { cwd: root, stdio: 'pipe' });
    const code = readFileSync(`${root}appsscript/dist/Code.js`, 'utf8');
    const manifest = JSON.parse(readFileSync(`${root}appsscript/dist/appsscript.json`, 'utf8')) as Manifest;
    expect(manifest.urlFetchWhitelist).toEqual(['https://helios.example.com/']);

    // A recording stand-in for CardService: enough to see the card the homepage builds.
    const record = (kind: string): Record<string, unknown> => {
      const node: Record<string, unknown> = { kind };
      const proxy: Record<string, unknown> = new Proxy(node, {
        get(target, prop: string) {
          if (prop in target) return target[prop];
          if (prop === 'build') return () => target;
          return (...values: unknown[]) => {
            const key = prop.replace(/^(set|add)/, '').toLowerCase();
            const value = values.length > 1 ? values : values[0];
            if (prop.startsWith('add'))
              target[key] = [...((target[key] as unknown[] | undefined) ?? []), value];
            else target[key] = value;
            return proxy;
          };
        },
      });
      return proxy;
    };
    const CardService = new Proxy(
      {},
      {
        get: (_t, prop: string) =>
          prop.startsWith('new')
            ? () => record(prop.replace(/^new/, ''))
            : new Proxy({}, { get: (_e, value: string) => `${prop}.${value}` }),
      },
    );
    const PropertiesService = {
      getScriptProperties: () => ({ getProperty: () => null, setProperty: () => null }),
    };
    const context: Record<string, unknown> = { CardService, PropertiesService, console };
    runInNewContext(code, context);

    const named = [
      manifest.addOns.common.homepageTrigger.runFunction,
      ...manifest.addOns.common.universalActions.map((a) => a.runFunction),
      ...manifest.addOns.gmail.contextualTriggers.map((t) => t.onTriggerFunction),
      manifest.addOns.drive.homepageTrigger.runFunction,
      manifest.addOns.drive.onItemsSelectedTrigger.runFunction,
    ];
    for (const name of named) expect(typeof context[name], name).toBe('function');

    // Not connected yet (placeholder backend, no script property): the homepage is the setup card.
    const trigger = manifest.addOns.common.homepageTrigger.runFunction;
    const card = (context[trigger] as (e: unknown) => Record<string, unknown>)({});
    expect(card.kind).toBe('CardBuilder');
    expect(JSON.stringify(card)).toContain('Helios');
    expect(JSON.stringify(card)).toContain('backendUrl');
  });
});
