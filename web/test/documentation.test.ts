import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  bearerApi,
  backends,
  type Console,
  expectAccessible,
  launchBrowser,
  SCREENSHOTS,
  screenshot,
  signInAs,
  startConsole,
} from './support.ts';

// The documentation and vault part of the console, driven in a real Chromium on both databases.
// After each UI step the state is checked through the API (with the dev admin key), not the page.

type Json = Record<string, unknown> & { id: number };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Scrolls an element to its end (typed loosely: test files are checked with and without the DOM lib). */
const scrollToEnd = (el: unknown): void => {
  const box = el as { scrollTo(x: number, y: number): void; scrollHeight: number };
  box.scrollTo(0, box.scrollHeight);
};

describe.each(backends)('documentation and vault on %s', (backend) => {
  let app: Console;
  let context: BrowserContext;
  let page: Page;

  /** The API as the dev admin (Bearer key): what the UI did must show here. */
  async function call<T = Json>(method: string, path: string, body?: unknown, type = 'application/json') {
    const key = app.running.devApiKey?.key;
    expect(key, 'the dev admin key').toBeDefined();
    const res = await bearerApi(app.url, key ?? '')<T>(method, path, body, type);
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${res.text}`);
    return res.data;
  }

  beforeAll(async () => {
    app = await startConsole(backend);
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // A page error fails nothing by itself; printed, it says why a later wait timed out.
    page.on('pageerror', (error) => console.error(`page error on ${backend}:`, error.message));
  });
  afterEach(async () => {
    await context?.close();
  });

  /** Picks `option` in the Mantine select labelled `label` (a required one's label ends in ` *`). */
  async function choose(scope: ReturnType<Page['locator']> | Page, label: string, option: string | RegExp) {
    await scope
      .getByLabel(new RegExp(`^${label}( \\*)?$`))
      .first()
      .click();
    await page.getByRole('option', { name: option }).first().click();
  }

  /** Links the open record to a record of `kind` found by typing `search`, offered as `option`. */
  async function linkTo(kind: string, search: string, option: string, title: string) {
    const links = page.getByRole('region', { name: 'Linked records' });
    await choose(links, 'Link a', new RegExp(`^${kind}$`, 'i'));
    await links.getByLabel(`Which ${kind}`, { exact: true }).first().fill(search);
    await page.getByRole('option', { name: option }).first().click();
    await links.getByRole('button', { name: 'Link', exact: true }).click();
    await links.getByRole('link', { name: title }).waitFor();
  }

  it('an admin creates an asset, links it to a person and a credential, reveals the credential, archives and restores the asset', async () => {
    const password = `Vault-${backend}-S3cret!`;
    const credential = await call('POST', '/credentials', {
      name: `VPN gateway ${backend}`,
      username: 'vpn-admin',
      password,
      otpSecret: 'JBSWY3DPEHPK3PXP',
    });
    const [person] = await call<Json[]>('GET', '/users?limit=1&sort=email&q=helios-demo');
    expect(person).toBeDefined();
    const email = String(person?.email);
    // Pickers show a person's name; link lists their email.
    const personName = [person?.firstName, person?.lastName].filter(Boolean).join(' ') || email;

    await signInAs(page, app.url, /^Admins$/);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Documentation' })
      .click();
    await page.getByRole('heading', { name: 'Documentation', level: 1 }).waitFor();
    // Off the navigation: the shell's hovered active link is not this page's to judge.
    await page.mouse.move(1000, 880);
    await expectAccessible(page, 'documentation overview');
    await page.getByRole('link', { name: 'Assets', exact: true }).click();
    await page.getByRole('table', { name: 'Assets' }).waitFor();
    await expectAccessible(page, 'asset list');

    // Create.
    await page.getByRole('button', { name: 'New asset' }).click();
    const dialog = page.getByRole('dialog', { name: 'New asset' });
    const name = `Journey laptop ${backend}`;
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await choose(dialog, 'Type', 'computer');
    await dialog.getByRole('textbox', { name: 'Serial number' }).fill('SN-JOURNEY-1');
    await expectAccessible(page, 'new asset form');
    await dialog.getByRole('button', { name: 'Create asset' }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const assetId = Number(new URL(page.url()).pathname.split('/').at(-1));
    const stored = await call('GET', `/assets/${assetId}`);
    expect(stored).toMatchObject({
      name,
      assetType: 'computer',
      serialNumber: 'SN-JOURNEY-1',
      archivedAt: null,
    });

    // Link a person and the credential; both directions show.
    await linkTo('person', email.split('@')[0] ?? email, personName, email);
    expect(
      (await call<Record<string, Json[]>>('GET', `/assets/${assetId}/links`)).users?.map((u) => u.id),
    ).toEqual([person?.id]);
    await linkTo('credential', 'VPN gateway', String(credential.name), String(credential.name));
    expect(
      (await call<Record<string, Json[]>>('GET', `/credentials/${credential.id}/links`)).assets?.map(
        (a) => a.id,
      ),
    ).toEqual([assetId]);
    await expectAccessible(page, 'asset detail');

    // Reveal: nothing secret in the page before; an audit row after.
    await page
      .getByRole('region', { name: 'Linked records' })
      .getByRole('link', { name: String(credential.name) })
      .click();
    await page.getByRole('heading', { name: String(credential.name), level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Linked records' }).getByRole('link', { name }).waitFor();
    expect(await page.content()).not.toContain(password);
    const before = await call<Json[]>(
      'GET',
      `/audit-logs?entityType=credential&entityId=${credential.id}&action=reveal`,
    );
    expect(before).toEqual([]);
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => page.getByTestId('revealed-password').textContent()).toBe(password);
    expect(await page.getByTestId('otp-code').textContent()).toMatch(/^\d{3} \d{3}$/);
    await page.getByRole('img', { name: /^Code valid for \d+ more seconds$/ }).waitFor();
    await page.getByRole('button', { name: 'Copy password' }).waitFor();
    const reveals = await call<Json[]>(
      'GET',
      `/audit-logs?entityType=credential&entityId=${credential.id}&action=reveal`,
    );
    expect(reveals.length).toBeGreaterThanOrEqual(1);
    await expectAccessible(page, 'credential with secrets revealed');
    await page.getByRole('button', { name: 'Hide now' }).click();
    await page.getByRole('button', { name: 'Reveal' }).waitFor();
    expect(await page.content()).not.toContain(password);

    // Archive and restore.
    await page.goto(`${app.url}/assets/${assetId}`);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('button', { name: 'Restore' }).waitFor();
    expect((await call('GET', `/assets/${assetId}`)).archivedAt).not.toBeNull();
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByRole('button', { name: 'Archive' }).waitFor();
    expect((await call('GET', `/assets/${assetId}`)).archivedAt).toBeNull();
    await screenshot(page, `${backend}-docs-asset-journey`);
  }, 120_000);

  it('a document written in the rich-text editor is stored sanitized and shown; hostile stored HTML runs nothing', async () => {
    await signInAs(page, app.url, /^Admins$/);
    await page.goto(`${app.url}/documents`);
    await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor();
    await page
      .getByRole('button', { name: /New document|Create the first document/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: 'New document' });
    const name = `Printer runbook ${backend}`;
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    const editor = dialog.getByRole('textbox', { name: 'Content' });
    await editor.click();
    await page.keyboard.type('Restart the spooler first.');
    await page.keyboard.press('ControlOrMeta+A');
    await dialog.getByRole('button', { name: 'Bold' }).click();
    await expectAccessible(page, 'document editor');
    await dialog.getByRole('button', { name: 'Create document' }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const id = Number(new URL(page.url()).pathname.split('/').at(-1));
    const doc = await call('GET', `/documents/${id}`);
    expect(doc.content).toBe('<p><strong>Restart the spooler first.</strong></p>');
    await page
      .getByRole('document', { name: `${name}, content` })
      .locator('strong')
      .getByText('Restart the spooler first.')
      .waitFor();

    const hostile = await call('POST', '/documents', {
      name: `Hostile ${backend}`,
      content:
        '<p>Safe part</p><script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"><a href="javascript:window.__pwned=3">x</a>',
    });
    expect(String(hostile.content)).not.toMatch(/<script|onerror|javascript:/i);
    await page.goto(`${app.url}/documents/${hostile.id}`);
    await page
      .getByRole('document', { name: `Hostile ${backend}, content` })
      .getByText('Safe part')
      .waitFor();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.goto(`${app.url}/documents/${id}`);
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await expectAccessible(page, 'document page');
    await screenshot(page, `${backend}-docs-document`);
  }, 120_000);

  it('pages deep by cursor: 260 imported assets all arrive by scrolling, never by offset, with few rows in the DOM; a custom field is a column and a filter', async () => {
    const csv = [
      'name,type',
      ...Array.from({ length: 260 }, (_, i) => `Deep ${String(i + 1).padStart(4, '0')},computer`),
    ].join('\n');
    const imported = await call('POST', '/assets/import?dryRun=false', csv, 'text/csv');
    expect(imported).toMatchObject({ applied: true, summary: { create: 260, refuse: 0 } });

    await signInAs(page, app.url, /^Admins$/);
    const requests: string[] = [];
    const pageMs: number[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/v1/assets') requests.push(u.search);
    });
    page.on('requestfinished', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/v1/assets' && u.searchParams.has('cursor'))
        pageMs.push(r.timing().responseEnd);
    });
    await page.goto(`${app.url}/assets`);
    await page.getByRole('textbox', { name: 'Search' }).fill('Deep ');
    await page.getByRole('link', { name: 'Deep 0001' }).waitFor();
    const scroller = page.getByRole('region', { name: 'Assets, scroll for more' });
    const status = page.getByText(/assets loaded/);
    for (let i = 0; i < 40 && !/that is all/.test((await status.textContent()) ?? ''); i++) {
      await scroller.evaluate(scrollToEnd);
      await page.waitForTimeout(150);
    }
    expect(await status.textContent()).toBe('260 assets loaded · that is all');
    // The last page arrived below where the scroll stopped: to the end once more.
    await scroller.evaluate(scrollToEnd);
    await page.getByRole('link', { name: 'Deep 0260' }).waitFor();
    // Virtualized: a screenful of rows in the DOM, not 260 (the count does not grow with the list).
    const domRows = await page.getByRole('table', { name: 'Assets' }).getByRole('row').count();
    expect(domRows).toBeLessThan(80);
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(
      join(SCREENSHOTS, '..', `docs-deep-list-${backend}.json`),
      `${JSON.stringify({ rowsLoaded: 260, domRows, cursorPagesMs: pageMs.map(Math.round) }, null, 2)}\n`,
    );
    const searched = requests.filter((s) => s.includes('q=Deep'));
    expect(searched.filter((s) => s.includes('cursor=')).length).toBeGreaterThanOrEqual(2);
    expect(requests.some((s) => /offset|page=/.test(s))).toBe(false);

    // A custom field: its column, and `cf.site=` as a filter.
    await call('POST', '/custom-fields', {
      tableName: 'assets',
      fieldName: 'site',
      fieldLabel: 'Site',
      fieldType: 'dropdown',
      fieldOptions: { options: ['north', 'south'] },
    });
    const [first] = await call<Json[]>('GET', '/assets?q=Deep%200001');
    await call('PATCH', `/assets/${first?.id}`, { customFields: { site: 'north' } });
    await page.reload();
    await page.getByRole('textbox', { name: 'Search' }).fill('Deep ');
    const table = page.getByRole('table', { name: 'Assets' });
    await table.getByRole('columnheader', { name: 'Site' }).waitFor();
    await choose(page, 'Site', 'north');
    await expect.poll(() => page.getByText(/ loaded · /).textContent()).toBe('1 asset loaded · that is all');
    await table.getByRole('row', { name: /Deep 0001.*north/ }).waitFor();
    expect(requests.some((s) => s.includes('cf.site=north'))).toBe(true);
    await screenshot(page, `${backend}-docs-deep-list`, { fullPage: false });
  }, 120_000);

  it('a manager sees no action their role forbids; the vault, expiring and a list work at 375 px', async () => {
    const asset = await call('POST', '/assets', { name: `Manager view ${backend}`, assetType: 'printer' });
    const credential = await call('POST', '/credentials', {
      name: `Printer admin ${backend}`,
      password: 'p4ss-word',
    });
    await signInAs(page, app.url, /^Managers/);
    const abilities = await page.evaluate(async (id) => {
      const res = await fetch(`/api/v1/assets/${id}`);
      return ((await res.json()) as { data: { abilities: Record<string, boolean> } }).data.abilities;
    }, asset.id);
    expect(abilities).toMatchObject({ update: true, archive: true, delete: false });
    await page.goto(`${app.url}/assets/${asset.id}`);
    await page.getByRole('heading', { name: `Manager view ${backend}`, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    await page.getByRole('button', { name: 'Archive' }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);

    // Edit through the form (the shared update schema), checked through the API.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Model' }).fill('LaserJet 4000');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    expect((await call('GET', `/assets/${asset.id}`)).model).toBe('LaserJet 4000');

    // Tag it, then find it by that tag.
    const [tag] = await call<Json[]>('GET', '/tags?appliesTo=asset&limit=1&sort=name');
    expect(tag).toBeDefined();
    await choose(page, 'Add a tag', String(tag?.name));
    await page.getByRole('button', { name: 'Add this tag' }).click();
    await page.getByRole('button', { name: `Remove tag ${String(tag?.name)}` }).waitFor();
    expect(((await call('GET', `/assets/${asset.id}`)).tags as Json[]).map((t) => t.id)).toEqual([tag?.id]);
    await call('POST', '/assets', { name: `Manager view ${backend} untagged`, assetType: 'printer' });
    await page.goto(`${app.url}/assets`);
    await page.getByRole('textbox', { name: 'Search' }).fill('Manager view');
    const table = page.getByRole('table', { name: 'Assets' });
    await table.getByRole('link', { name: `Manager view ${backend} untagged` }).waitFor();
    await choose(page, 'Tags', String(tag?.name));
    await page.keyboard.press('Escape');
    await table
      .getByRole('link', { name: `Manager view ${backend} untagged` })
      .waitFor({ state: 'detached' });
    await table.getByRole('link', { name: `Manager view ${backend}`, exact: true }).waitFor();

    await page.goto(`${app.url}/vault`);
    await page.getByRole('heading', { name: 'Vault', level: 1 }).waitFor();
    await page.getByRole('link', { name: String(credential.name) }).waitFor();
    expect(await page.content()).not.toContain('p4ss-word');
    await expectAccessible(page, 'vault');
    await page.getByRole('button', { name: `Reveal ${String(credential.name)}` }).click();
    const dialog = page.getByRole('dialog', { name: String(credential.name) });
    await dialog.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => dialog.getByTestId('revealed-password').textContent()).toBe('p4ss-word');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain('p4ss-word');

    await page.goto(`${app.url}/expiring`);
    await page.getByRole('heading', { name: 'Expiring in 45 days', level: 1 }).waitFor();
    await page
      .getByRole('region', { name: /Domains|Certificates|Software licenses|Asset warranties/ })
      .first()
      .waitFor();
    await expectAccessible(page, 'expiring');

    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${app.url}/assets`);
    await page.getByRole('table', { name: 'Assets' }).waitFor();
    const overflow =
      (await page.locator('html').evaluate((el: { scrollWidth: number }) => el.scrollWidth)) - 375;
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'asset list at 375 px');
    await screenshot(page, `${backend}-docs-phone-list`, { fullPage: false });
  }, 120_000);
});
