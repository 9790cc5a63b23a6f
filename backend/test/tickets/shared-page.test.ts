import { ticketSchema, type Ticket } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const body = async <T>(res: Response): Promise<T> => ((await res.json()) as { data: T }).data;

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"';

describe.each(backends)('the shared ticket page, list sort and own devices on %s', (backend) => {
  let h: ApiHarness;
  let agent: Awaited<ReturnType<ApiHarness['user']>>;
  let alice: Awaited<ReturnType<ApiHarness['user']>>;
  let ticket: Ticket;

  beforeAll(async () => {
    h = await startApi(backend);
    agent = await h.user('manager');
    alice = await h.user('user');
    ticket = ticketSchema.parse(
      await body(
        await h.api(alice.key, 'POST', '/tickets', {
          subject: `Laptop ${HOSTILE}`,
          details: 'Line one\nline two',
        }),
      ),
    );
    for (const [reply, type] of [
      [`Public answer ${HOSTILE}`, 'public'],
      ['Internal: the vendor owes us a refund', 'internal'],
    ] as const)
      expect((await h.api(agent.key, 'POST', `/tickets/${ticket.id}/replies`, { reply, type })).status).toBe(
        201,
      );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('serves public replies as escaped HTML under a strict policy, without sign-in', async () => {
    const res = await fetch(`${h.url}/shared/tickets/${ticket.urlKey}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain(
      `<h1>Laptop &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;`,
    );
    expect(html).toContain('Public answer &lt;script&gt;');
    expect(html).toContain('&amp; &quot;quotes&quot;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('refund');
    expect(html).not.toContain(agent.user.email); // nobody's email
    expect(html).not.toContain(alice.user.email);
    expect(html).toContain('name="viewport"');
    expect(html).toContain(ticket.displayNumber);
  });

  it('answers a wrong, malformed or revoked key with the same 404 page, and keeps the JSON route', async () => {
    for (const key of ['x'.repeat(40), 'not a key', `${ticket.urlKey ?? ''}A`]) {
      const res = await fetch(`${h.url}/shared/tickets/${encodeURIComponent(key)}`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('This ticket link does not work');
    }
    const json = await fetch(`${h.url}/api/v1/tickets/shared/${ticket.urlKey}`);
    expect(json.status).toBe(200);
    const data = await body<{ replies: { reply: string }[] }>(json);
    expect(data.replies.map((r) => r.reply)).toEqual([`Public answer ${HOSTILE}`]);
    // An archived ticket's link stops working.
    expect((await h.api(agent.key, 'POST', `/tickets/${ticket.id}/archive`)).status).toBe(200);
    expect((await fetch(`${h.url}/shared/tickets/${ticket.urlKey}`)).status).toBe(404);
    expect((await h.api(agent.key, 'POST', `/tickets/${ticket.id}/restore`)).status).toBe(200);
  });

  it('lists oldest first with sort=oldest, keyset-paged in that order', async () => {
    for (const n of [1, 2, 3])
      await h.api(alice.key, 'POST', '/tickets', { subject: `Sort ${n}`, details: 'x' });
    const walk = async (sort: string) => {
      const ids: number[] = [];
      let cursor: string | null | undefined;
      do {
        const res = await h.api(
          agent.key,
          'GET',
          `/tickets?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        const page = (await res.json()) as { data: Ticket[]; nextCursor: string | null };
        ids.push(...page.data.map((t) => t.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    const oldest = await walk('oldest');
    const newest = await walk('newest');
    expect(oldest).toHaveLength(4);
    expect(oldest).toEqual([...oldest].sort((a, b) => a - b));
    expect(newest).toEqual([...oldest].reverse());
    expect((await h.api(agent.key, 'GET', '/tickets?sort=sideways')).status).toBe(400);
  });

  it('lets a user link their own devices to a ticket they file, never a colleague’s', async () => {
    const bob = await h.user('user');
    const asset = async (name: string, owner: number) =>
      (
        await body<{ id: number }>(
          await h.api(agent.key, 'POST', '/assets', { name, assetType: 'computer', assignedToUserId: owner }),
        )
      ).id;
    const mine = await asset('Alice laptop', alice.user.id);
    const bobs = await asset('Bob laptop', bob.user.id);
    const ok = await h.api(alice.key, 'POST', '/tickets', {
      subject: 'Fan noise',
      details: 'x',
      assetIds: [mine],
    });
    expect(ok.status).toBe(201);
    expect(ticketSchema.parse(await body(ok)).assetIds).toEqual([mine]);
    const refused = await h.api(alice.key, 'POST', '/tickets', {
      subject: 'Not mine',
      details: 'x',
      assetIds: [mine, bobs],
    });
    expect(refused.status).toBe(403);
  });
});
