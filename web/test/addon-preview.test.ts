// The add-on, live, in the browser (/addon-preview): `npm start`'s demo, real Chromium, both
// databases. An admin opens a sample email, files a ticket through the add-on's own rendered form,
// and the same email then shows the ticket; the API confirms one ticket row and one audit row.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  type Console,
  expectAccessible,
  launchBrowser,
  screenshot,
  signInAs,
  startConsole,
} from './support.ts';

const SUBJECT = 'Printer on the 3rd floor keeps jamming';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** GET through the signed-in page's own cookie: what the API says now. */
async function apiGet<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  return ((await res.json()) as { data: T }).data;
}

describe.each(backends)('the add-on preview on %s', (backend) => {
  let app: Console;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await startConsole(backend);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await app?.close();
  });

  it('an admin files a ticket from a sample email through the rendered card; reopening shows it', async () => {
    await signInAs(page, app.url, /^Admins/);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Add-on preview' })
      .click();
    // Off the navigation, so axe judges the link as it rests, not mid-hover.
    await page.mouse.move(900, 880);
    await page.getByRole('heading', { name: 'Add-on preview', level: 1 }).waitFor();
    const sidebar = page.getByRole('complementary', { name: 'Helios add-on sidebar' });
    // No email open: Gmail shows the add-on's homepage.
    await sidebar.getByRole('heading', { name: 'Helios', level: 2 }).waitFor();
    await expectAccessible(page, `${backend} add-on preview homepage`);

    const ticketsLike = `${app.url}/api/v1/tickets?source=addon&q=${encodeURIComponent(SUBJECT)}&archived=all`;
    const before = await apiGet<Array<{ id: number }>>(page, ticketsLike);

    const email = page
      .getByRole('navigation', { name: 'Sample inbox' })
      .getByRole('button', { name: new RegExp(SUBJECT) });
    const sender = ((await email.locator('[data-from]').textContent()) ?? '').trim();
    expect(sender).not.toBe('');
    await email.click();
    await page.getByRole('article', { name: `Email: ${SUBJECT}` }).waitFor();
    // The sender's card, drawn from the add-on's own JSON.
    await sidebar.getByRole('heading', { name: sender, level: 2 }).waitFor();
    await sidebar.getByRole('button', { name: 'File a ticket' }).click();

    const form = sidebar.getByRole('form', { name: 'Card: File a ticket from this email' });
    await form.waitFor();
    expect(await form.getByRole('textbox', { name: 'Subject' }).inputValue()).toBe(SUBJECT);
    expect(await form.getByRole('textbox', { name: /^Details/ }).inputValue()).toContain(
      'Paper jam in tray 2',
    );
    await form.getByRole('combobox', { name: 'Priority' }).selectOption('high');
    await sidebar.getByRole('button', { name: 'Back' }).waitFor();
    await sidebar.getByRole('button', { name: 'File ticket' }).click();

    const toast = sidebar.getByRole('status').filter({ hasText: /^Filed TKT-\d+/ });
    await toast.waitFor();
    const number = /TKT-\d+/.exec((await toast.textContent()) ?? '')?.[0] ?? '';
    expect(number).toMatch(/^TKT-\d+$/);

    // Exactly one new ticket, filed by the add-on as the signed-in admin, and one audit row for it.
    const after = await apiGet<
      Array<{ id: number; displayNumber: string; subject: string; priority: string }>
    >(page, ticketsLike);
    expect(after).toHaveLength(before.length + 1);
    const filed = after.find((t) => !before.some((b) => b.id === t.id));
    expect(filed).toMatchObject({ displayNumber: number, subject: SUBJECT, priority: 'high' });
    const audits = await apiGet<Array<{ action: string }>>(
      page,
      `${app.url}/api/v1/audit-logs?entityType=ticket&entityId=${filed?.id ?? 0}&action=create`,
    );
    expect(audits).toHaveLength(1);

    // The same email again: the add-on says this thread is a ticket.
    await page.getByRole('button', { name: 'No email open (the add-on’s homepage)' }).click();
    await sidebar.getByRole('heading', { name: 'Helios', level: 2 }).waitFor();
    await email.click();
    const threadSection = sidebar.getByRole('region', { name: 'This thread is a ticket' });
    await threadSection.waitFor();
    expect(await threadSection.textContent()).toContain(number);
    expect(await apiGet<unknown[]>(page, ticketsLike)).toHaveLength(before.length + 1);

    await expectAccessible(page, `${backend} add-on preview after filing`);
    await screenshot(page, `${backend}-addon-preview`);
  });

  it('at a phone’s width the inbox, the email and the sidebar stack and stay usable', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    const sidebar = page.getByRole('complementary', { name: 'Helios add-on sidebar' });
    await sidebar.getByRole('region', { name: 'This thread is a ticket' }).waitFor();
    // Nothing sticks out sideways once the layout settles (the navbar's transition runs first).
    const overflowing = `[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((e) => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))
      .slice(0, 5)`;
    await expect
      .poll(async () => (await page.evaluate(overflowing)) as string[], { timeout: 5_000 })
      .toEqual([]);
    await expect
      .poll(async () => (await page.evaluate('document.documentElement.scrollWidth')) as number)
      .toBeLessThanOrEqual(375);
    await expectAccessible(page, `${backend} add-on preview at 375 px`);
    await screenshot(page, `${backend}-addon-preview-phone`);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
