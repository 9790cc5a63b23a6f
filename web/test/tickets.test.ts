import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import {
  bearerApi,
  backends,
  type Console,
  expectAccessible,
  launchBrowser,
  screenshot,
  signInAs,
  startConsole,
} from './support.ts';

interface Person {
  id: number;
  name: string;
  email: string;
}
interface ApiTicket {
  id: number;
  displayNumber: string;
  subject: string;
  status: { name: string; isClosed: boolean };
  assignedTo: Person | null;
  relatedUser: Person | null;
  createdBy: Person | null;
  urlKey: string | null;
  assetIds: number[];
  replies?: { reply: string; type: 'public' | 'internal' }[];
}

/** The browser globals the journeys read, typed just enough (this file compiles without the DOM library). */
interface PageGlobals {
  document: {
    querySelector(selector: string): unknown;
    activeElement: { blur(): void } | null;
    documentElement: { scrollWidth: number };
  };
}

/** A form control by its label (a Mantine Select's listbox is labelled by the same label). */
const field = (scope: Page | Locator, label: string) =>
  scope.getByLabel(label, { exact: true }).and(scope.locator('input:not([type="hidden"])'));

const HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

describe.each(backends)('the ticket console on %s', (backend) => {
  let app: Console;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** The ticket the manager worked (journey a); the shared view (journey d) shows it. */
  let worked: ApiTicket | undefined;

  /** The API as the demo admin (the key printed at first start): what is stored, not what is shown. */
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await bearerApi(app.url, app.running.devApiKey?.key ?? '')<T>(method, path, body);
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.data;
  };
  /** The API as the person signed in on the page (their session cookie). */
  const asPage = <T>(path: string): Promise<{ status: number; data: T }> =>
    page.evaluate(async (p) => {
      const res = await fetch(`/api/v1${p}`);
      return { status: res.status, data: ((await res.json()) as { data: never }).data };
    }, path);

  beforeAll(async () => {
    [app, browser] = await Promise.all([startConsole(backend), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });

  it('a manager takes an unassigned ticket, adds an internal note and a public reply, and closes it', async () => {
    const email = await signInAs(page, app.url, /^Managers/);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Tickets' })
      .click();
    await page.getByRole('table', { name: 'Tickets' }).waitFor();
    await field(page, 'Assignee').click();
    await page.getByRole('option', { name: 'Unassigned' }).click();
    await page.waitForFunction(
      () => !(globalThis as unknown as PageGlobals).document.querySelector('table[aria-busy="true"]'),
    );
    const table = page.getByRole('table', { name: 'Tickets' });
    await expect.poll(() => table.getByText('Unassigned', { exact: true }).count()).toBeGreaterThan(0);
    expect(await table.getByRole('row').count()).toBe(
      1 + (await table.getByText('Unassigned', { exact: true }).count()),
    );
    await expectAccessible(page, 'ticket queue');

    // Out of the filter (keys typed into a field stay there), j moves to the first row, o opens it.
    await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.blur());
    await page.keyboard.press('j');
    await page.keyboard.press('o');
    const heading = page.getByRole('heading', { level: 1, name: /^TKT-\d+ · / });
    await heading.waitFor();
    const id = Number(new URL(page.url()).pathname.split('/').at(-1));
    expect((await admin<ApiTicket>('GET', `/tickets/${id}`)).assignedTo).toBeNull();

    await page.keyboard.press('a'); // assign to me
    await page.getByText(/^Assigned to /).waitFor();
    await page.keyboard.press('n');
    await page
      .getByRole('textbox', { name: 'Internal note (staff only)' })
      .fill('Vendor owes us a refund — do not tell the requester');
    await page.getByRole('button', { name: 'Add internal note' }).click();
    await page
      .getByRole('article', { name: /^Internal note by / })
      .getByText(/^Vendor owes us a refund/)
      .waitFor();
    await page.keyboard.press('r');
    await page
      .getByRole('textbox', { name: 'Public reply (the requester reads this)' })
      .fill(`Fixed it. ${HOSTILE}`);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page
      .getByRole('article', { name: /^Public reply by / })
      .getByText(`Fixed it. ${HOSTILE}`)
      .waitFor();
    // The note and the reply are told apart by a label, not by colour alone.
    expect(
      await page
        .getByRole('article', { name: /^Internal note by / })
        .last()
        .getByText('Internal note', { exact: true })
        .count(),
    ).toBe(1);
    await expectAccessible(page, 'ticket page');
    await page.keyboard.press('c');
    await page.getByRole('button', { name: 'Close ticket (c)' }).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await screenshot(page, `${backend}-manager-closed-ticket`);

    const stored = await admin<ApiTicket>('GET', `/tickets/${id}`);
    expect(stored.status.isClosed).toBe(true);
    expect(stored.assignedTo?.email).toBe(email);
    const mine = stored.replies?.filter(
      (r) => r.reply.startsWith('Vendor owes') || r.reply.startsWith('Fixed it.'),
    );
    expect(mine?.map((r) => [r.reply.slice(0, 9), r.type])).toEqual([
      ['Vendor ow', 'internal'],
      ['Fixed it.', 'public'],
    ]);
    worked = stored;
  });

  it('a user sees only their own tickets and devices, files a ticket, and cannot open a colleague’s', async () => {
    const email = await signInAs(page, app.url, /^Users$/);
    const devices = page.getByRole('region', { name: 'My devices' });
    await devices.waitFor();
    const context = await admin<{ assets: { name: string }[] }>(
      'GET',
      `/people/${encodeURIComponent(email)}/context`,
    );
    expect(context.assets.length).toBeGreaterThan(0);
    for (const a of context.assets) await devices.getByText(a.name, { exact: true }).waitFor();
    await expectAccessible(page, 'user dashboard with devices');

    await page.goto(`${app.url}/tickets`);
    await page.getByRole('heading', { level: 1, name: 'Tickets' }).waitFor();
    await field(page, 'Status').click();
    await page.getByRole('option', { name: 'All open', exact: true }).waitFor();
    await page.keyboard.press('Escape');
    // Staff-only filters and bulk selection are not offered.
    expect(await field(page, 'Assignee').count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    const listed = await asPage<ApiTicket[]>('/tickets?archived=all&limit=200&status=open');
    for (const t of listed.data) expect([t.relatedUser?.email, t.createdBy?.email]).toContain(email);

    await page.getByRole('link', { name: 'New ticket' }).click();
    await page.getByRole('heading', { name: 'New ticket' }).waitFor();
    await page.getByRole('button', { name: 'File ticket' }).click();
    await page.getByText('must not be empty').first().waitFor(); // the shared schema's message
    await page.getByRole('textbox', { name: 'Subject' }).fill('Keyboard keys stick');
    await page.getByRole('textbox', { name: 'Description' }).fill('The E and R keys stick since Monday.');
    await field(page, 'Your devices').click();
    await page.getByRole('option', { name: new RegExp(`^${context.assets[0]?.name ?? ''}`) }).click();
    await page.keyboard.press('Escape');
    expect(await field(page, 'Requester').count()).toBe(0);
    await expectAccessible(page, 'new ticket form');
    await page.getByRole('button', { name: 'File ticket' }).click();
    await page.getByRole('heading', { level: 1, name: /^TKT-\d+ · Keyboard keys stick$/ }).waitFor();
    const filedId = Number(new URL(page.url()).pathname.split('/').at(-1));
    const filed = await admin<ApiTicket>('GET', `/tickets/${filedId}`);
    expect(filed.relatedUser?.email).toBe(email);
    expect(filed.createdBy?.email).toBe(email);
    expect(filed.assetIds).toHaveLength(1);
    // A user writes public replies only: no internal note composer.
    await page.getByRole('textbox', { name: 'Public reply (the requester reads this)' }).waitFor();
    expect(await page.getByRole('radio', { name: /Internal note/ }).count()).toBe(0);

    // A colleague's ticket by URL: the page says so and shows nothing of it.
    const all = await admin<ApiTicket[]>('GET', '/tickets?limit=200&archived=all');
    const theirs = all.find((t) => t.relatedUser?.email !== email && t.createdBy?.email !== email);
    expect(theirs).toBeDefined();
    await page.goto(`${app.url}/tickets/${theirs?.id ?? 0}`);
    await page.getByRole('heading', { name: 'No such ticket' }).waitFor();
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain(theirs?.subject ?? '—');
    expect(text).not.toContain(theirs?.displayNumber ?? '—');
    await expectAccessible(page, 'a colleague’s ticket');
    await screenshot(page, `${backend}-user-colleague-ticket-refused`);
  });

  it('a manager assigns two unassigned tickets at once from the queue, and saves the view', async () => {
    // Two fresh unassigned tickets (newest first, so on the first page).
    const fresh = [
      await admin<ApiTicket>('POST', '/tickets', { subject: 'Bulk: badge reader', details: 'x' }),
      await admin<ApiTicket>('POST', '/tickets', { subject: 'Bulk: desk phone', details: 'x' }),
    ];
    const numbers = fresh.map((t) => t.displayNumber);
    const email = await signInAs(page, app.url, /^Managers/);
    await page.goto(`${app.url}/tickets`);
    await field(page, 'Assignee').click();
    await page.getByRole('option', { name: 'Unassigned' }).click();
    const table = page.getByRole('table', { name: 'Tickets' });
    for (const n of numbers) await table.getByRole('checkbox', { name: `Select ${n}` }).check();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    await bulk.getByText('2 selected').waitFor();
    await field(bulk, 'Assign to').click();
    await page.getByRole('option', { name: 'Me', exact: true }).click();
    await expectAccessible(page, 'queue with a bulk selection');
    await bulk.getByRole('button', { name: 'Assign' }).click();
    await bulk.waitFor({ state: 'detached' });
    const all = await admin<ApiTicket[]>('GET', '/tickets?limit=200');
    for (const n of numbers) expect(all.find((t) => t.displayNumber === n)?.assignedTo?.email).toBe(email);

    // The filter is saved on the server as this person's view.
    await page.getByRole('button', { name: 'Save this view' }).click();
    await page.getByRole('textbox', { name: 'View name' }).fill('Unassigned open');
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByText('View “Unassigned open” saved').waitFor();
    const views = await asPage<{ name: string; query: string }[]>('/me/saved-views');
    expect(views.data).toEqual([
      expect.objectContaining({ name: 'Unassigned open', query: 'status=open&assignedTo=none' }),
    ]);
    await screenshot(page, `${backend}-manager-bulk-assigned`);
  });

  it('the shared page shows public replies only, escapes hostile text, and reads at phone width', async () => {
    expect(worked?.urlKey).toBeTruthy();
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${app.url}/shared/tickets/${worked?.urlKey ?? ''}`);
    await page.getByRole('heading', { level: 1, name: worked?.subject ?? '' }).waitFor();
    await page.getByText(`Fixed it. ${HOSTILE}`).waitFor();
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toContain('Vendor owes');
    expect(await page.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(375);
    await expectAccessible(page, 'shared ticket page at phone width');
    await screenshot(page, `${backend}-shared-ticket-phone`);

    // The console's ticket page at a phone's width: no sideways scrolling, still accessible.
    await signInAs(page, app.url, /^Managers/);
    await page.goto(`${app.url}/tickets/${worked?.id ?? 0}`);
    await page.getByRole('heading', { level: 1, name: /^TKT-\d+ · / }).waitFor();
    await page.getByRole('button', { name: 'Copy shared link' }).waitFor();
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(375);
    await expectAccessible(page, 'ticket page at phone width');
    await screenshot(page, `${backend}-ticket-phone`);
  });
});
