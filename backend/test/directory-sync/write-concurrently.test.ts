// The engine's page scheduler for people (engine.ts `writeConcurrently`): pages written two at a
// time, a page that names a person still being written waits for that page, and a failure stops
// the listing only after the writes in flight have ended (no transaction outlives the phase).
import { describe, expect, it } from 'vitest';
import { writeConcurrently } from '../../src/modules/directory-sync/engine/engine.ts';

async function* pagesOf<T>(pages: T[][]): AsyncGenerator<T[]> {
  for (const page of pages) yield page;
}

/** A write that records when each page started and ended, finishing after `ms` (by first key). */
function recorder(delays: Record<string, number> = {}) {
  const events: string[] = [];
  let running = 0;
  let most = 0;
  const write = async (page: string[]) => {
    const name = page.join('+');
    events.push(`start ${name}`);
    running++;
    most = Math.max(most, running);
    await new Promise((resolve) => setTimeout(resolve, delays[page[0] ?? ''] ?? 5));
    running--;
    events.push(`end ${name}`);
  };
  return { events, write, most: () => most };
}

describe('writing pages of people concurrently', () => {
  it('writes up to the limit at once and every page exactly once', async () => {
    const r = recorder({ a: 30, b: 30, c: 5, d: 5 });
    await writeConcurrently(pagesOf([['a'], ['b'], ['c'], ['d']]), 2, (p) => p, r.write);
    expect(r.most()).toBe(2);
    expect(r.events.filter((e) => e.startsWith('start'))).toEqual([
      'start a',
      'start b',
      'start c',
      'start d',
    ]);
    expect(r.events.filter((e) => e.startsWith('end')).sort()).toEqual(['end a', 'end b', 'end c', 'end d']);
    // Two slow pages first: the third starts only once one of them ended.
    expect(r.events.indexOf('start c')).toBeGreaterThan(r.events.indexOf('end a'));
  });

  it('holds back a page naming a key that a page in flight names, until that page ended', async () => {
    const r = recorder({ x: 40, y: 5 });
    // The second page lists person x again (a delta may): it must not run beside the first.
    await writeConcurrently(pagesOf([['x'], ['y', 'x']]), 2, (p) => p, r.write);
    expect(r.events).toEqual(['start x', 'end x', 'start y+x', 'end y+x']);
    expect(r.most()).toBe(1);
  });

  it('throws the first failure after the writes in flight ended, and starts no later page', async () => {
    const events: string[] = [];
    const write = async (page: string[]) => {
      const name = page[0] ?? '';
      events.push(`start ${name}`);
      if (name === 'bad') {
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push('fail bad');
        throw new Error('page bad failed');
      }
      await new Promise((resolve) => setTimeout(resolve, 40));
      events.push(`end ${name}`);
    };
    await expect(
      writeConcurrently(pagesOf([['slow'], ['bad'], ['later'], ['last']]), 2, (p) => p, write),
    ).rejects.toThrow('page bad failed');
    // The slow page in flight ended before the failure surfaced; later pages never started.
    expect(events).toContain('end slow');
    expect(events).not.toContain('start last');
    expect(events.indexOf('end slow')).toBeGreaterThan(events.indexOf('fail bad'));
  });
});
