import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  backends,
  type Console,
  expectAccessible,
  launchBrowser,
  screenshot,
  signInAs,
  startConsole,
} from './support.ts';

interface Row {
  id: number;
  email: string;
  role: string;
  name?: string;
  assignedToUserId?: number | null;
}

/** GET through the signed-in page's own cookie (what the console itself can see). */
async function apiGet<T>(page: Page, url: string, path: string): Promise<T> {
  const res = await page.request.get(`${url}/api/v1${path}`);
  expect(res.status(), path).toBe(200);
  return ((await res.json()) as { data: T }).data;
}

describe.each(backends)('people pages on %s', (backend) => {
  let app: Console;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

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

  it('an admin searches the directory, opens a person with their devices, groups and tickets, and changes their role', async () => {
    await signInAs(page, app.url, /^Admins$/);
    // A person who has a device in the demo data.
    const assets = await apiGet<Row[]>(page, app.url, '/assets?limit=200');
    const asset = assets.find((a) => a.assignedToUserId);
    expect(asset, 'the demo has an assigned asset').toBeDefined();
    const owner = await apiGet<Row & { firstName: string | null }>(
      page,
      app.url,
      `/users/${asset?.assignedToUserId}`,
    );

    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'People' })
      .click();
    const table = page.getByRole('table', { name: 'People' });
    await table.waitFor();
    await expectAccessible(page, 'the people directory');
    await page.getByRole('textbox', { name: 'Search people' }).fill(owner.email);
    await table.getByRole('cell', { name: owner.email, exact: true }).waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await table.getByRole('link').first().click();

    await page.waitForURL(`${app.url}/users/${owner.id}`);
    const devices = page.getByRole('table', { name: 'Devices and assets' });
    await devices.getByRole('link', { name: asset?.name ?? '' }).waitFor();
    await page.getByRole('region', { name: 'Groups' }).waitFor();
    await page.getByRole('region', { name: /^Tickets/ }).waitFor();
    await expectAccessible(page, 'a person page');

    // Role change: a plain user becomes a manager and back, each checked through the API.
    const [plain] = await apiGet<Row[]>(page, app.url, '/users?role=user&isActive=true&limit=1');
    expect(plain).toBeDefined();
    await page.goto(`${app.url}/users/${plain?.id}`);
    const role = page.getByRole('combobox', { name: 'Role' });
    await role.click();
    await page.getByRole('option', { name: 'Manager' }).click();
    await page.getByRole('button', { name: 'Change role' }).click();
    await page.getByText('Role changed').waitFor();
    expect((await apiGet<Row>(page, app.url, `/users/${plain?.id}`)).role).toBe('manager');
    await role.click();
    await page.getByRole('option', { name: 'User' }).click();
    await page.getByRole('button', { name: 'Change role' }).click();
    await expect
      .poll(async () => (await apiGet<Row>(page, app.url, `/users/${plain?.id}`)).role)
      .toBe('user');
    await screenshot(page, `${backend}-people-admin-person`);
  });

  it('a manager sees no role control; the API would refuse them anyway', async () => {
    await signInAs(page, app.url, /^Managers/);
    const [plain] = await apiGet<Row[]>(page, app.url, '/users?role=user&limit=1');
    await page.goto(`${app.url}/users/${plain?.id}`);
    await page.getByRole('region', { name: 'Profile' }).waitFor();
    expect(await page.getByRole('button', { name: 'Change role' }).count()).toBe(0);
    const refused = await page.request.patch(`${app.url}/api/v1/users/${plain?.id}`, {
      data: { role: 'admin' },
      headers: { origin: app.url },
    });
    expect(refused.status()).toBe(403);
  });

  it('a plain user has no directory, sees their own profile, and cannot open a colleague’s', async () => {
    await signInAs(page, app.url, /^Users$/);
    const me = await apiGet<Row>(page, app.url, '/me');
    await page.goto(`${app.url}/people`);
    await page.getByText('The directory is for IT staff').waitFor();
    await page.getByRole('link', { name: 'your profile page' }).click();
    await page.waitForURL(`${app.url}/users/${me.id}`);
    await page.getByRole('region', { name: 'Profile' }).waitFor();
    await expectAccessible(page, 'a user’s own profile');

    const colleagues = await apiGet<Row[]>(page, app.url, '/users?limit=5');
    const other = colleagues.find((c) => c.id !== me.id);
    expect(other).toBeDefined();
    await page.goto(`${app.url}/users/${other?.id}`);
    await page.getByText(`Person ${other?.id} could not be opened`).waitFor();
    expect(await page.getByRole('region', { name: 'Profile' }).count()).toBe(0);
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${app.url}/users/${me.id}`);
    await page.getByRole('region', { name: 'Profile' }).waitFor();
    // The root tsconfig has no DOM lib for tests: the page's document is reached through globalThis.
    const scrollWidth = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await screenshot(page, `${backend}-people-user-own-profile-phone`);
  });
});
