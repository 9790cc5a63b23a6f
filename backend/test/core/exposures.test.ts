import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, TEST_DOMAIN, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/** What must not leave the server, or reach a log (issue 11, #9). */
describe.each(backends)('exposures on %s', (backend) => {
  let h: ApiHarness;
  const logLines: string[] = [];
  beforeAll(async () => {
    h = await startApi(backend, { logLines });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('keeps public ticket keys and secrets in query strings out of the access log', async () => {
    const staff = await h.user('manager');
    const made = await h.api(staff.key, 'POST', '/tickets', { subject: 'Share me', details: 'x' });
    const urlKey = ((await made.json()) as { data: { urlKey: string } }).data.urlKey;
    expect(urlKey).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect((await fetch(`${h.url}/api/v1/tickets/shared/${urlKey}`)).status).toBe(200);
    await fetch(`${h.url}/api/v1/me?token=super-secret-token&q=fine`, {
      headers: { authorization: `Bearer ${staff.key}` },
    });
    const log = logLines.join('\n');
    expect(log).toContain('/tickets/shared/[redacted]');
    expect(log).not.toContain(urlKey);
    expect(log).not.toContain('super-secret-token');
    expect(log).toContain('q=fine');
    // The database holds no share key either.
    const stored = await h.t.handle.db.selectFrom('tickets').select('url_key').execute();
    expect(stored.every((t) => t.url_key === null)).toBe(true);
  });

  it("shows a plain user a colleague's name and email only, and themselves in full", async () => {
    const colleague = await h.user('user', `colleague@${TEST_DOMAIN}`, {
      title: 'CFO',
      department: 'Finance',
      phone: '+1 555 0100',
    });
    const me = await h.user('user', `me@${TEST_DOMAIN}`, { title: 'Analyst' });
    const theirs = (await (await h.api(me.key, 'GET', `/people/${colleague.user.email}/context`)).json()) as {
      data: { person: Record<string, unknown> };
    };
    expect(theirs.data.person).toMatchObject({
      email: colleague.user.email,
      role: null,
      title: null,
      department: null,
      phone: null,
      manager: null,
      orgUnit: null,
    });
    const mine = (await (await h.api(me.key, 'GET', `/people/${me.user.email}/context`)).json()) as {
      data: { person: Record<string, unknown> };
    };
    expect(mine.data.person).toMatchObject({ role: 'user', title: 'Analyst' });
  });

  it('serves uploads that could run in a browser as plain bytes', async () => {
    const staff = await h.user('manager');
    const upload = async (name: string, type: string, content: string) => {
      const form = new FormData();
      form.append('file', new Blob([content], { type }), name);
      const res = await fetch(`${h.url}/api/v1/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${staff.key}` },
        body: form,
      });
      expect(res.status).toBe(201);
      const { id } = ((await res.json()) as { data: { id: number } }).data;
      return fetch(`${h.url}/api/v1/files/${id}/download`, {
        headers: { authorization: `Bearer ${staff.key}` },
      });
    };
    for (const [name, type] of [
      ['page.html', 'text/html'],
      ['logo.svg', 'image/svg+xml'],
      ['data.xml', 'application/xml'],
      ['app.js', 'text/javascript'],
    ] as const) {
      const res = await upload(name, type, '<script>alert(1)</script>');
      expect(res.headers.get('content-type'), name).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition'), name).toMatch(/^attachment/);
    }
    const png = await upload('pixel.png', 'image/png', 'not really a png');
    expect(png.headers.get('content-type')).toBe('image/png');
  });
});
