import { savedViewSchema, type SavedView } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const body = async <T>(res: Response): Promise<T> => ((await res.json()) as { data: T }).data;

describe.each(backends)('saved views of the ticket queue on %s', (backend) => {
  let h: ApiHarness;
  let agent: Awaited<ReturnType<ApiHarness['user']>>;
  let alice: Awaited<ReturnType<ApiHarness['user']>>;

  beforeAll(async () => {
    h = await startApi(backend);
    agent = await h.user('manager');
    alice = await h.user('user');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('saves, lists by name, replaces by name and deletes — each person only their own', async () => {
    const first = await h.api(agent.key, 'POST', '/me/saved-views', {
      name: 'My urgent',
      query: 'assignedTo=me&priority=urgent&cursor=abc&limit=10',
    });
    expect(first.status).toBe(201);
    const view = savedViewSchema.parse(await body(first));
    expect(view).toMatchObject({
      scope: 'tickets',
      name: 'My urgent',
      query: 'assignedTo=me&priority=urgent',
    });
    expect(
      (
        await h.api(agent.key, 'POST', '/me/saved-views', {
          name: 'Backlog',
          query: 'status=open&sort=oldest',
        })
      ).status,
    ).toBe(201);
    const replaced = await h.api(agent.key, 'POST', '/me/saved-views', {
      name: 'My urgent',
      query: 'priority=high',
    });
    expect(replaced.status).toBe(200);
    expect((await body<SavedView>(replaced)).id).toBe(view.id);

    const mine = await body<SavedView[]>(await h.api(agent.key, 'GET', '/me/saved-views'));
    expect(mine.map((v) => [v.name, v.query])).toEqual([
      ['Backlog', 'status=open&sort=oldest'],
      ['My urgent', 'priority=high'],
    ]);
    // Another person sees none of them and cannot delete them.
    expect(await body<SavedView[]>(await h.api(alice.key, 'GET', '/me/saved-views?scope=tickets'))).toEqual(
      [],
    );
    expect((await h.api(alice.key, 'DELETE', `/me/saved-views/${view.id}`)).status).toBe(404);
    expect((await h.api(agent.key, 'DELETE', `/me/saved-views/${view.id}`)).status).toBe(204);
    expect((await h.api(agent.key, 'DELETE', `/me/saved-views/${view.id}`)).status).toBe(404);
    const rows = await h.t.handle.db.selectFrom('saved_views').select(['user_id', 'name']).execute();
    expect(rows).toEqual([{ user_id: agent.user.id, name: 'Backlog' }]);
  });

  it('refuses a query the queue would refuse, a blank name and an unknown scope, and requires sign-in', async () => {
    for (const bad of [
      { name: 'Bad', query: 'status=sideways' },
      { name: 'Bad', query: 'colour=blue' },
      { name: ' ', query: 'status=open' },
      { name: 'Bad', query: 'status=open', scope: 'assets' },
    ])
      expect((await h.api(alice.key, 'POST', '/me/saved-views', bad)).status).toBe(400);
    expect((await h.api(undefined, 'GET', '/me/saved-views')).status).toBe(401);
    expect((await h.api(alice.key, 'GET', '/me/saved-views?scope=assets')).status).toBe(400);
  });
});
