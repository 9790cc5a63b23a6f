import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  backends,
  bearerApi,
  type Console,
  expectAccessible,
  launchBrowser,
  screenshot,
  signInAs,
  startConsole,
} from './support.ts';

interface Run {
  id: number;
  status: string;
  trigger: string;
  provider: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One browser for the file; one console (with background jobs, as `npm start` runs) per backend.
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(backends)('the admin console on %s', (backend) => {
  let app: Console;
  let admin: ReturnType<typeof bearerApi>;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // Jobs on, as `npm start` runs: a sync queued from the console is worked in this process.
    app = await startConsole(backend, { HELIOS_JOBS: 'true' });
    // The first start of the demo hands out an API key for its admin (printed once): the test's
    // window onto the API's state after each UI action.
    const key = app.running.devApiKey?.key;
    if (!key) throw new Error('the demo start made no admin API key');
    admin = bearerApi(app.url, key);
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });

  /** Waits until no sync run is queued or running (the demo queues one at start). */
  async function syncIdle(): Promise<Run[]> {
    for (let i = 0; i < 90; i++) {
      const { data } = await admin<Run[]>('GET', '/sync/runs');
      if (data.every((r) => r.status === 'succeeded' || r.status === 'failed')) return data;
      await sleep(1000);
    }
    throw new Error('the sync runs never finished');
  }

  it('an admin signs in through the simulated Google sign-in, runs a sync against the simulator and watches it reach done', async () => {
    const before = await syncIdle();
    expect(before.find((r) => r.trigger === 'startup')?.status).toBe('succeeded');
    await signInAs(page, app.url, /^Admins$/);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.getByRole('link', { name: 'Sync runs' }).click();
    await page.getByRole('heading', { name: 'Sync runs', level: 1 }).waitFor();
    const runNow = page.getByRole('button', { name: 'Run now: Google Workspace' });
    await expect.poll(() => runNow.isEnabled()).toBe(true);
    await expectAccessible(page, 'sync runs');
    await runNow.click();

    // The run the button queued is shown, and its status moves to done while the page watches.
    const heading = page.getByRole('heading', { name: /^Run #\d+: Google Workspace$/ });
    await expect
      .poll(async () => heading.textContent(), { timeout: 10_000 })
      .not.toBe(`Run #${before[0]?.id}: Google Workspace`);
    const runId = Number(/#(\d+)/.exec((await heading.textContent()) ?? '')?.[1]);
    expect(runId).toBeGreaterThan(before[0]?.id ?? 0);
    const status = page.getByRole('status', { name: `Run #${runId} status` });
    const seen = new Set<string>();
    for (let i = 0; i < 90; i++) {
      const text = ((await status.textContent()) ?? '').trim();
      seen.add(text.split('phase')[0]?.trim() ?? text);
      if (text.startsWith('succeeded') || text.startsWith('failed')) break;
      await sleep(500);
    }
    expect([...seen].at(-1)).toBe('succeeded');
    // The page polled its way there: it showed the run before it was done.
    expect(seen.size).toBeGreaterThan(1);
    await page
      .getByRole('table', { name: `Run #${runId} phases` })
      .getByRole('cell', { name: 'users' })
      .waitFor();

    const { data: run } = await admin<Run>('GET', `/sync/runs/${runId}`);
    expect(run).toMatchObject({ id: runId, provider: 'google', status: 'succeeded', trigger: 'manual' });
    await expectAccessible(page, 'a finished sync run');
    await screenshot(page, `${backend}-admin-sync-done`);
  });

  it('an API key created in the UI works as a bearer token and stops working once revoked in the UI', async () => {
    await signInAs(page, app.url, /^Admins$/);
    await page.goto(`${app.url}/settings/api-keys`);
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    const name = `Inventory script ${backend}`;
    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('new-api-key');
    await shown.waitFor();
    const key = ((await shown.textContent()) ?? '').trim();
    expect(key).toMatch(/^helios_/);
    await page.getByRole('button', { name: 'Copy key' }).waitFor();
    await expectAccessible(page, 'API keys with a new key shown');

    const asKey = bearerApi(app.url, key);
    const me = await asKey<{ email: string }>('GET', '/me');
    expect(me.status).toBe(200);
    expect(me.data.email).toBe('admin@helios-demo.example');

    await page.getByRole('button', { name: `Revoke key: ${name}` }).click();
    await page.getByRole('dialog', { name: `Revoke “${name}”?` }).waitFor();
    await page.waitForTimeout(400); // Mantine's modal fades in over 200 ms; axe reads colours mid-fade
    await expectAccessible(page, 'the revoke confirmation');
    await page.getByRole('button', { name: 'Revoke the key' }).click();
    await page
      .getByRole('row', { name: new RegExp(name) })
      .getByText(/^Revoked/)
      .waitFor();
    expect((await asKey('GET', '/me')).status).toBe(401);
    // Once revoked, the secret is no longer on the screen either.
    expect(await shown.count()).toBe(0);
    await screenshot(page, `${backend}-admin-api-key-revoked`);
  });

  it('a ticket status, a tag and a custom field created in the UI exist in the API', async () => {
    await signInAs(page, app.url, /^Admins$/);

    await page.goto(`${app.url}/settings/ticket-statuses`);
    await page.getByRole('table', { name: 'Ticket statuses' }).waitFor();
    await expectAccessible(page, 'ticket statuses');
    await page.getByRole('button', { name: 'New status' }).click();
    const statusForm = page.getByRole('dialog', { name: 'New status' });
    await statusForm.getByRole('textbox', { name: 'Name' }).fill('Waiting on vendor');
    await statusForm.getByRole('textbox', { name: 'Colour' }).fill('#0b7285');
    await expectAccessible(page, 'the new status form');
    await statusForm.getByRole('button', { name: 'Create status' }).click();
    await page.getByRole('table', { name: 'Ticket statuses' }).getByText('Waiting on vendor').waitFor();
    const statuses = await admin<{ name: string; color: string | null }[]>(
      'GET',
      '/ticket-statuses?q=Waiting',
    );
    expect(statuses.data).toContainEqual(
      expect.objectContaining({ name: 'Waiting on vendor', color: '#0b7285' }),
    );

    await page.goto(`${app.url}/settings/tags`);
    await page.getByRole('table', { name: 'Tags' }).waitFor();
    await expectAccessible(page, 'tags');
    await page.getByRole('button', { name: 'New tag' }).click();
    const tagForm = page.getByRole('dialog', { name: 'New tag' });
    await tagForm.getByRole('textbox', { name: 'Name' }).fill('Loaner pool');
    await tagForm.getByRole('button', { name: 'Create tag' }).click();
    await page.getByRole('table', { name: 'Tags' }).getByText('Loaner pool').waitFor();
    const tags = await admin<{ name: string; type: string | null }[]>('GET', '/tags?q=Loaner');
    expect(tags.data).toContainEqual(expect.objectContaining({ name: 'Loaner pool', type: null }));

    await page.goto(`${app.url}/settings/custom-fields`);
    await page.getByRole('button', { name: 'New custom field' }).click();
    const fieldForm = page.getByRole('dialog', { name: 'New custom field' });
    await fieldForm.getByRole('textbox', { name: 'Label' }).fill('Cost centre');
    // The shared schema refuses a name with capitals before anything is sent.
    await fieldForm.getByRole('textbox', { name: 'Name (in the API)' }).fill('Cost Centre');
    await fieldForm.getByRole('button', { name: 'Create custom field' }).click();
    await fieldForm.getByText(/expected lowercase letters/).waitFor();
    await fieldForm.getByRole('textbox', { name: 'Name (in the API)' }).fill('cost_centre');
    await fieldForm.getByRole('button', { name: 'Create custom field' }).click();
    await page.getByRole('table', { name: 'Custom fields' }).getByText('Cost centre').waitFor();
    // axe reads colours: let the dialog finish fading out first (mid-fade text is near-white).
    await fieldForm.waitFor({ state: 'detached' });
    await expectAccessible(page, 'custom fields');
    const fields = await admin<{ fieldName: string; tableName: string; fieldType: string }[]>(
      'GET',
      '/custom-fields?tableName=assets',
    );
    expect(fields.data).toContainEqual(
      expect.objectContaining({ fieldName: 'cost_centre', tableName: 'assets', fieldType: 'text' }),
    );
    await screenshot(page, `${backend}-admin-custom-fields`);
  });

  it('the audit log’s filters narrow the rows to what they name', async () => {
    // Something to find: a tag made through the API (audited like any create).
    const probe = await admin<{ id: number }>('POST', '/tags', { name: `Audit probe ${backend}` });
    expect(probe.status).toBe(201);
    await signInAs(page, app.url, /^Admins$/);
    await page.goto(`${app.url}/settings/audit-log`);
    const table = page.getByRole('table', { name: 'Audit log entries' });
    await table.waitFor();
    await expectAccessible(page, 'audit log');
    const rowsOf = () => table.locator('tbody tr');
    const actions = async () =>
      (await rowsOf().locator('td:nth-child(3)').allTextContents()).map((t) => t.trim());
    const all = await actions();
    expect(new Set(all).size).toBeGreaterThan(1);

    await page.getByRole('textbox', { name: 'Action' }).fill('create');
    await page.getByLabel('Record kind', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Tags', exact: true }).click();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(async () => [...new Set(await actions())]).toEqual(['create']);
    const kinds = (await rowsOf().locator('td:nth-child(4)').allTextContents()).map((t) =>
      t.replace(/ #\d+$/, ''),
    );
    expect([...new Set(kinds)]).toEqual(['Tags']);
    const api = await admin<unknown[]>('GET', '/audit-logs?action=create&entityType=tag&limit=50');
    expect(await rowsOf().count()).toBe(api.data.length);
    expect(api.data.length).toBeLessThan(all.length);
    await table.getByRole('link', { name: `Tags #${probe.data.id}` }).waitFor();
    await screenshot(page, `${backend}-admin-audit-log-filtered`);
  });

  it('global search for TKT-<n> opens that ticket, by keyboard', async () => {
    await signInAs(page, app.url, /^Admins$/);
    // `/` focuses the header's box from anywhere on the page.
    await page.keyboard.press('/');
    await expect.poll(() => page.locator('input:focus').getAttribute('aria-label')).toBe('Search Helios');
    await page.keyboard.type('TKT-3');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Search', level: 1 }).waitFor();
    expect(new URL(page.url()).search).toBe('?q=TKT-3');
    const tickets = page.getByRole('region', { name: /^Tickets/ });
    await tickets.waitFor();
    await expectAccessible(page, 'search results');
    // The ticket numbered 3 ranks first; ↓ from the page's box reaches it, Enter opens it.
    await page.getByRole('searchbox', { name: 'Search everything you may see' }).focus();
    await page.keyboard.press('ArrowDown');
    const focused = await page.locator('a:focus').getAttribute('href');
    expect(focused).toMatch(/^\/tickets\/\d+$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^TKT-3 · / }).waitFor();
    expect(new URL(page.url()).pathname).toBe(focused);

    // Ctrl+K works even while typing elsewhere; a person's name finds them under People.
    await page.keyboard.press('Control+K');
    await expect.poll(() => page.locator('input:focus').getAttribute('aria-label')).toBe('Search Helios');
    await page.keyboard.type('admin@helios');
    await page.keyboard.press('Enter');
    await page
      .getByRole('region', { name: /^People/ })
      .getByRole('link')
      .first()
      .waitFor();
    expect(
      await page
        .getByRole('region', { name: /^People/ })
        .getByRole('link')
        .first()
        .getAttribute('href'),
    ).toMatch(/^\/users\/\d+$/);
    await page.goto(`${app.url}/tickets/3`);
    await page.getByRole('heading', { name: /^TKT-3 · / }).waitFor();
    await screenshot(page, `${backend}-admin-search-opened-ticket`);
  });

  it('the bell counts unread notifications, and the count drops to none after read-all', async () => {
    // A manager assigns two tickets to the admin: each notifies the admin in Helios.
    const me = await admin<{ id: number }>('GET', '/me');
    const people = await admin<{ email: string; role: string }[]>('GET', '/users?limit=200');
    const manager = people.data.find((p) => p.role === 'manager');
    expect(manager).toBeDefined();
    const made = await admin<{ key: string }>('POST', '/api-keys', {
      name: 'bell test',
      userEmail: manager?.email,
    });
    const asManager = bearerApi(app.url, made.data.key);
    for (const subject of ['Printer on 3 jams', 'VPN drops at noon']) {
      const t = await asManager('POST', '/tickets', {
        subject,
        details: 'Please look.',
        assignedToUserId: me.data.id,
      });
      expect(t.status).toBe(201);
    }
    const { data: count } = await admin<{ unread: number }>('GET', '/notifications/unread-count');
    expect(count.unread).toBeGreaterThanOrEqual(2);

    await signInAs(page, app.url, /^Admins$/);
    const bell = page.getByRole('link', { name: /^Notifications, / });
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(`Notifications, ${count.unread} unread`);
    await bell.click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: 'Notifications' });
    await list.getByRole('link', { name: /Printer on 3 jams/ }).waitFor();
    expect(await list.getByRole('link', { name: /Printer on 3 jams/ }).getAttribute('href')).toMatch(
      /^\/tickets\/\d+$/,
    );
    await expectAccessible(page, 'notifications');
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');
    expect((await admin<{ unread: number }>('GET', '/notifications/unread-count')).data.unread).toBe(0);
    expect(await list.getByText('Unread', { exact: true }).count()).toBe(0);
    await screenshot(page, `${backend}-admin-notifications-read`);
  });

  it('every admin section passes axe, and one works at a phone’s width', async () => {
    await signInAs(page, app.url, /^Admins$/);
    for (const [slug, ready] of [
      ['google', 'Connection'],
      ['microsoft', 'Connection'],
      ['ticket-statuses', 'ticket statuses'],
    ] as const) {
      await page.goto(`${app.url}/settings/${slug}`);
      await page.getByRole('heading', { name: ready, exact: false }).first().waitFor();
      await expectAccessible(page, `settings/${slug}`);
    }
    // The mail card (settings page) saves through the shared schema's form.
    await page.goto(`${app.url}/settings`);
    const mail = page.getByRole('region', { name: 'Mail' });
    await mail.getByRole('textbox', { name: 'Support address' }).fill('helpdesk@helios-demo.example');
    await mail.getByRole('button', { name: 'Save mail settings' }).click();
    await expect
      .poll(
        async () => (await admin<{ fromAddress: string | null }>('GET', '/settings/mail')).data.fromAddress,
      )
      .toBe('helpdesk@helios-demo.example');
    await mail.getByLabel('Send with', { exact: true }).first().click();
    await page.getByRole('option', { name: 'An SMTP server' }).click();
    await mail.getByRole('button', { name: 'Save mail settings' }).click();
    await mail
      .getByRole('textbox', { name: 'SMTP host' })
      .and(page.locator('[aria-invalid="true"]'))
      .waitFor();
    await expectAccessible(page, 'settings with the mail form refusing an empty SMTP host');

    // The demo connected Google to its simulator: the key is "set", never shown.
    await page.goto(`${app.url}/settings/google`);
    await page.getByText('Service-account key: set (never shown)').waitFor();
    expect(await page.getByText(/PRIVATE KEY/).count()).toBe(0);

    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${app.url}/settings/sync`);
    await page.getByRole('table', { name: 'Sync runs' }).waitFor();
    await page.getByRole('link', { name: 'Search' }).waitFor(); // the header's box folds into a link
    await expectAccessible(page, 'sync runs at 375 px');
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, `${backend}-admin-sync-phone`);
  });

  it('a plain user sees their sessions and notification choices, and no admin section', async () => {
    await signInAs(page, app.url, /^Users$/);
    await page.goto(`${app.url}/settings`);
    await page.getByRole('heading', { name: 'Your sessions' }).waitFor();
    await page.getByRole('table', { name: 'Notification preferences' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Administration' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Mail' }).count()).toBe(0);
    await expectAccessible(page, 'a user’s settings');
    for (const slug of ['sync', 'api-keys', 'audit-log', 'tags']) {
      await page.goto(`${app.url}/settings/${slug}`);
      await page.getByRole('heading', { name: 'Your role does not manage this' }).waitFor();
      expect(await page.getByRole('table').count()).toBe(0);
    }
    await expectAccessible(page, 'a refused settings section');
    await page.goto(`${app.url}/settings`);
    await page.getByRole('heading', { name: 'Your sessions' }).waitFor();
    await screenshot(page, `${backend}-user-settings`);
  });
});
