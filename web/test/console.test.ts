import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  backends,
  type Console,
  expectAccessible,
  launchBrowser,
  SCREENSHOTS,
  screenshot,
  signInAs,
  startConsole,
} from './support.ts';

/** The `data` of a JSON answer (what each assertion then checks or parses). */
const dataOf = async (res: Response): Promise<unknown> => ((await res.json()) as { data: unknown }).data;

const NAV = [
  'Dashboard',
  'Tickets',
  'People',
  'Lifecycle',
  'Documentation',
  'Vault',
  'Add-on preview',
  'Settings',
];

/** The names of the main navigation's links, in order. */
async function navLinks(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  return (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
}

/** Gzipped bytes of JavaScript the browser fetched while `load` ran. */
async function jsBytes(page: Page, load: () => Promise<void>): Promise<{ bytes: number; files: number }> {
  const sizes: Promise<number>[] = [];
  const onFinished = (request: Request) => {
    if (/\/_app\/.*\.js$/.test(new URL(request.url()).pathname))
      sizes.push(request.sizes().then((s) => s.responseBodySize));
  };
  page.on('requestfinished', onFinished);
  await load();
  page.off('requestfinished', onFinished);
  const all = await Promise.all(sizes);
  return { bytes: all.reduce((a, b) => a + b, 0), files: all.length };
}

describe.each(backends)('the web console on %s', (backend) => {
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

  it('an admin signs in through the simulated Google sign-in and sees the dashboard and every section', async () => {
    await page.goto(`${app.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Helios' }).waitFor();
    expect(page.url()).toBe(`${app.url}/sign-in`);
    await expectAccessible(page, 'sign-in');

    await page.getByRole('link', { name: 'Sign in with Google (demo)' }).click();
    await page.getByRole('heading', { name: 'Choose an account' }).waitFor();
    await expectAccessible(page, 'the simulator’s sign-in page');
    await screenshot(page, `${backend}-simulated-google-sign-in`);
    await page
      .getByRole('region', { name: 'Admins' })
      .getByRole('button', { name: /admin@helios-demo\.example/ })
      .click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(new URL(page.url()).hash).toBe(''); // the ID token does not linger in the address bar
    expect(await navLinks(page)).toEqual(NAV);
    await page.getByRole('region', { name: 'My queue' }).waitFor();
    await page.getByRole('region', { name: 'Unassigned' }).getByRole('listitem').first().waitFor();
    await page.getByRole('region', { name: 'Expiring in 45 days' }).getByRole('listitem').first().waitFor();
    await expectAccessible(page, 'dashboard');

    // Settings: the admin sees everyone's sessions too.
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByRole('heading', { name: 'Your sessions' }).waitFor();
    await page.getByRole('table', { name: 'Sign-in sessions' }).getByText('This browser').waitFor();
    await page.getByRole('switch', { name: 'Show everyone’s sessions' }).check();
    await page.getByRole('heading', { name: 'Everyone’s sessions' }).waitFor();
    await expectAccessible(page, 'settings');
    await screenshot(page, `${backend}-admin-settings`);

    // A deep link opens the app on that record.
    await page.goto(`${app.url}/tickets/1`);
    await page.getByRole('heading', { name: /^TKT-1 · / }).waitFor();
    await page.goto(`${app.url}/no/such/page/here`);
    await page.getByRole('heading', { name: 'There is no page here' }).waitFor();
    await expectAccessible(page, '404');

    await page.goto(`${app.url}/`);
    await page.getByRole('region', { name: 'Unassigned' }).getByRole('listitem').first().waitFor();
    await screenshot(page, `${backend}-admin-dashboard`);

    // At a phone's width the navigation folds behind a labelled button.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Vault' })
      .waitFor();
    await expectAccessible(page, 'dashboard at phone width');
    await screenshot(page, `${backend}-admin-phone-navigation`, { fullPage: false });
    await page.getByRole('button', { name: 'Close navigation' }).click();
    await page.getByRole('button', { name: 'Open navigation' }).waitFor();
    await page.waitForTimeout(400); // the navbar slides away (a CSS transition) before the picture
    await screenshot(page, `${backend}-admin-phone-dashboard`);
  });

  it('measures the JavaScript each first screen loads (cold cache, gzip as served)', async () => {
    const signedOut = await jsBytes(page, async () => {
      await page.goto(`${app.url}/`);
      await page.getByRole('heading', { name: 'Sign in to Helios' }).waitFor();
    });
    await signInAs(page, app.url, /^Admins$/);
    const cold = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      await cold.addCookies(await context.cookies());
      const fresh = await cold.newPage();
      const started = Date.now();
      const signedIn = await jsBytes(fresh, async () => {
        await fresh.goto(`${app.url}/`);
        await fresh.getByRole('region', { name: 'Unassigned' }).getByRole('listitem').first().waitFor();
      });
      const dashboardMs = Date.now() - started;
      expect(signedIn.bytes).toBeGreaterThan(50_000);
      expect(signedIn.bytes).toBeLessThan(300_000);
      if (backend === 'pglite') {
        mkdirSync(SCREENSHOTS, { recursive: true });
        writeFileSync(
          join(SCREENSHOTS, '..', 'first-screen.json'),
          `${JSON.stringify({ signInPageJs: signedOut, dashboardJs: signedIn, dashboardMs }, null, 2)}\n`,
        );
      }
    } finally {
      await cold.close();
    }
  });

  it('a user signs in and sees their own world, without staff navigation', async () => {
    await signInAs(page, app.url, /^Users$/);
    expect(await navLinks(page)).toEqual(['Dashboard', 'Tickets', 'Add-on preview', 'Settings']);
    await page.getByRole('region', { name: 'My open tickets' }).waitFor();
    expect(await page.getByRole('region', { name: 'Unassigned' }).count()).toBe(0);
    await expectAccessible(page, 'user dashboard');
    // Staff sections by URL show nothing of the staff's.
    await page.goto(`${app.url}/settings`);
    await page.getByRole('heading', { name: 'Your sessions' }).waitFor();
    expect(await page.getByRole('switch', { name: 'Show everyone’s sessions' }).count()).toBe(0);
    await page.goto(`${app.url}/`);
    await page.getByRole('region', { name: 'My open tickets' }).waitFor();
    await screenshot(page, `${backend}-user-dashboard`);
  });

  it('a contact from outside the domain signs in with their own Google account and sees only their world', async () => {
    const email = await signInAs(page, app.url, /^Contacts/);
    expect(email).not.toMatch(/@helios-demo\.example$/);
    expect(await navLinks(page)).toEqual(['Dashboard', 'Tickets', 'Settings']);
    await page.getByRole('region', { name: 'My open tickets' }).waitFor();
    await page.getByRole('button', { name: /, account$/ }).click();
    await page.getByRole('dialog', { name: 'Account' }).getByText('Contact', { exact: true }).waitFor();
    await expectAccessible(page, 'contact dashboard with the account panel open');
    await screenshot(page, `${backend}-contact-dashboard`);
  });

  it('refuses a cookie write from another origin with 403, and writes nothing', async () => {
    await signInAs(page, app.url, /^Managers/);
    // Another origin on the same host (another port): the same *site*, so SameSite=Lax still sends
    // the cookie — only the server's origin check stands in the way.
    const other: Server = createServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>Elsewhere</title><h1>Another site</h1>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      await page.goto(otherUrl);
      // The browser hides a no-cors answer from the page and from Playwright's response events
      // (Cross-Origin-Resource-Policy blocks it), so the network log says what was sent and answered.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const urls = new Map<string, string>();
      const cookies = new Map<string, string>();
      const statuses = new Map<string, number>();
      cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
      cdp.on('Network.requestWillBeSentExtraInfo', (e) =>
        cookies.set(e.requestId, String(e.headers.Cookie ?? e.headers.cookie ?? '')),
      );
      cdp.on('Network.responseReceivedExtraInfo', (e) => statuses.set(e.requestId, e.statusCode));
      await page.evaluate(async (target) => {
        // A "simple" request (no preflight), as a hostile page would send it; the fetch rejects.
        await fetch(`${target}/api/v1/tickets`, {
          method: 'POST',
          mode: 'no-cors',
          credentials: 'include',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ subject: 'CSRF-PROBE', details: 'should never exist' }),
        }).catch(() => undefined);
      }, app.url);
      await expect
        .poll(
          () => [...urls].find(([id, url]) => url === `${app.url}/api/v1/tickets` && statuses.has(id))?.[0],
        )
        .toBeDefined();
      const [probeId] = [...urls].find(([, url]) => url === `${app.url}/api/v1/tickets`) ?? [];
      expect(statuses.get(probeId ?? '')).toBe(403);
      expect(cookies.get(probeId ?? '')).toMatch(/helios_session=/);
      await cdp.detach();

      // A classic cross-site form post is refused as well.
      await page.setContent(
        `<form method="post" action="${app.url}/api/v1/auth/sessions" id="f"><button>go</button></form>`,
      );
      const [formAnswer] = await Promise.all([page.waitForNavigation(), page.click('button')]);
      expect(formAnswer?.status()).toBe(403);
      await screenshot(page, `${backend}-csrf-refused`);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
    const key = app.running.devApiKey?.key;
    expect(key).toBeDefined();
    const probe = await fetch(`${app.url}/api/v1/tickets?q=CSRF-PROBE&archived=all`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(await dataOf(probe)).toEqual([]);

    // From the console itself the same session writes fine.
    await page.goto(`${app.url}/`);
    const status = await page.evaluate(async () => {
      const res = await fetch('/api/v1/auth/sessions?keepCurrent=true', { method: 'DELETE' });
      return res.status;
    });
    expect(status).toBe(200);
  });

  it('shows hostile text as text: a <script> and an onerror subject render literally and run nothing', async () => {
    const key = app.running.devApiKey?.key;
    expect(key).toBeDefined();
    const subject = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> Printer`;
    const created = await fetch(`${app.url}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject, details: '<b>bold?</b> <script>window.__pwned = 3</script>' }),
    });
    expect(created.status).toBe(201);
    const ticket = (await dataOf(created)) as { id: number };
    // Stored as given: plain text fields are text, and every client escapes them.
    const stored = (await dataOf(
      await fetch(`${app.url}/api/v1/tickets/${ticket.id}`, { headers: { authorization: `Bearer ${key}` } }),
    )) as { subject: string };
    expect(stored.subject).toBe(subject);

    await signInAs(page, app.url, /^Admins/);
    await page.goto(`${app.url}/tickets`);
    const cell = page.getByRole('table', { name: 'Tickets' }).getByText(subject, { exact: true });
    await cell.waitFor();
    await page.goto(`${app.url}/tickets/${ticket.id}`);
    await page.getByRole('heading', { name: /Printer$/ }).waitFor();
    expect(await page.getByRole('heading', { name: /Printer$/ }).textContent()).toContain('<script>');
    expect(
      await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
  });

  it('sign-out ends the session: the old cookie no longer works', async () => {
    await signInAs(page, app.url, /^Admins$/);
    const cookie = (await context.cookies()).find((c) => c.name === 'helios_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const asCookie = () =>
      fetch(`${app.url}/api/v1/me`, { headers: { cookie: `helios_session=${cookie?.value}` } });
    expect((await asCookie()).status).toBe(200);

    await page.getByRole('button', { name: /, account$/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Helios' }).waitFor();
    expect((await asCookie()).status).toBe(401);
    expect((await context.cookies()).some((c) => c.name === 'helios_session')).toBe(false);
    await page.goto(`${app.url}/settings`);
    await page.getByRole('heading', { name: 'Sign in to Helios' }).waitFor();
    expect(page.url()).toBe(`${app.url}/sign-in?next=%2Fsettings`);
    await screenshot(page, `${backend}-signed-out`);
  });
});
