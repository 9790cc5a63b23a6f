// The console's lifecycle area in real Chromium against the real backend (background jobs on, so
// approved steps run in this process against the demo's Workspace simulator), on PGlite and
// PostgreSQL: an admin offboards a person from their page (dry run, approve, the timeline moving by
// itself), a template's steps are edited and saved, a manager completes the task a request gave
// them, and a plain user sees no lifecycle and is refused by the API.
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

interface Person {
  id: number;
  email: string;
  role: string;
  isActive: boolean;
  managerId: number | null;
  firstName: string | null;
  lastName: string | null;
  userStatus?: string;
}
interface Step {
  id: number;
  key: string;
  name: string;
  kind: 'action' | 'task';
  status: string;
  attempts: number;
  error: string | null;
  output: Record<string, unknown> | null;
  assignee: { id: number; email: string; name: string } | null;
}
interface LifecycleRequest {
  id: number;
  status: string;
  person: { id: number | null; email: string };
  steps: Step[];
}
interface Template {
  id: number;
  kind: string;
  name: string;
  isActive: boolean;
  steps: {
    key: string;
    kind: string;
    name: string;
    action?: string;
    assignee?: unknown;
    offsetDays: number;
  }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `YYYY-MM-DDTHH:MM` for a datetime-local field, in the browser's (= this process's) time zone. */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A Mantine input by its label (a Select's visible input, not its hidden value; " *" when required). */
const field = (scope: Page | ReturnType<Page['locator']>, label: string) =>
  scope.getByLabel(new RegExp(`^${label}( \\*)?$`)).and(scope.locator('input:not([type="hidden"])'));

/** A SegmentedControl's option (its radio is visually hidden under the label). */
const segment = (page: Page, label: string) =>
  page.locator('label', { hasText: new RegExp(`^${label}$`) }).click();

/** Signs in through the simulator's account chooser as one named person (any group). */
async function signInAsEmail(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByRole('link', { name: 'Sign in with Google (demo)' }).click();
  await page.getByRole('heading', { name: 'Choose an account' }).waitFor();
  await page
    .locator('button', { has: page.locator('.email', { hasText: new RegExp(`^${email}$`) }) })
    .click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(backends)('the lifecycle console on %s', (backend) => {
  let app: Console;
  let admin: ReturnType<typeof bearerApi>;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    app = await startConsole(backend, { HELIOS_JOBS: 'true' });
    const key = app.running.devApiKey?.key;
    if (!key) throw new Error('the demo start made no admin API key');
    admin = bearerApi(app.url, key);
    // The demo start queues a sync from the simulator: leavers must be in the Workspace first.
    await syncIdle();
  }, 180_000);
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

  /** Active plain users with a manager whose account is in the Workspace (synced from the simulator). */
  async function leavers(): Promise<Person[]> {
    const { data } = await admin<(Person & { syncedFromGoogle: boolean })[]>(
      'GET',
      '/users?role=user&isActive=true&limit=200',
    );
    return data.filter((u) => u.syncedFromGoogle && u.managerId !== null && u.userStatus === 'active');
  }

  /** Until every sync run (at least one) has finished. */
  async function syncIdle(): Promise<void> {
    for (let i = 0; i < 120; i++) {
      const { data } = await admin<{ status: string }[]>('GET', '/sync/runs');
      if (data.length > 0 && data.every((r) => r.status === 'succeeded' || r.status === 'failed')) return;
      await sleep(1000);
    }
    throw new Error('the sync runs never finished');
  }

  async function requestNow(id: number): Promise<LifecycleRequest> {
    const { status, data } = await admin<LifecycleRequest>('GET', `/lifecycle/requests/${id}`);
    expect(status).toBe(200);
    return data;
  }

  it('an admin offboards a person from their page: dry run shows every call, approval runs the steps on the simulator while the timeline watches', async () => {
    const [leaver] = await leavers();
    if (!leaver) throw new Error('the demo has no plain user with a manager');
    await signInAs(page, app.url, /^Admins$/);
    await expect
      .poll(() =>
        page
          .getByRole('navigation', { name: 'Main navigation' })
          .getByRole('link', { name: 'Lifecycle' })
          .count(),
      )
      .toBe(1);

    // The person's page: their status, their (empty) lifecycle history, "Start offboarding".
    await page.goto(`${app.url}/users/${leaver.id}`);
    const history = page.getByRole('region', { name: 'Lifecycle' });
    await history.getByText('No onboarding or offboarding for this person.').waitFor();
    await page.getByText('Active', { exact: true }).first().waitFor();
    await history.getByRole('button', { name: 'Start offboarding' }).click();

    // The leaver form, the person already chosen, the default leaver template preselected.
    await page.getByRole('heading', { name: 'New leaver request' }).waitFor();
    await expect.poll(() => field(page, 'Who is leaving').inputValue()).toContain(leaver.email);
    await expect.poll(() => field(page, 'Template').inputValue()).toBe('Default offboarding');
    // Last moment: a minute ago, so every step is due at once.
    await page.getByLabel('Last working day and time').fill(localInput(new Date(Date.now() - 60_000)));
    await expectAccessible(page, 'the new leaver form');
    await screenshot(page, `${backend}-lifecycle-new-leaver`);
    await page.getByRole('button', { name: 'Create request' }).click();

    await page.waitForURL(/\/lifecycle\/requests\/\d+$/);
    const requestId = Number(/(\d+)$/.exec(page.url())?.[1]);
    await page.getByText('Waiting for approval').first().waitFor();
    const pending = await requestNow(requestId);
    expect(pending).toMatchObject({ status: 'pending', person: { email: leaver.email } });
    expect(pending.steps.every((s) => s.status === 'pending')).toBe(true);

    // Dry run: every call, its method, URL, scopes, allowed — and nothing written.
    await page.getByRole('button', { name: 'Dry run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dry run' });
    const calls = dialog.getByRole('table', { name: 'Planned calls' });
    await calls.waitFor();
    const rows = calls.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(12);
    const callText = (await calls.textContent()) ?? '';
    for (const expected of [
      'POST',
      'PUT',
      'gmail/v1/users',
      'admin/directory/v1/users',
      'datatransfer',
      'signOut',
    ])
      expect(callText).toContain(expected);
    expect(await calls.getByText('Blocked', { exact: true }).count()).toBe(0);
    expect(await calls.locator('tbody').getByText('Allowed', { exact: true }).count()).toBe(
      await rows.count(),
    );
    await dialog.getByText('Every scope is granted').waitFor();
    await dialog
      .getByRole('table', { name: 'Planned tasks' })
      .getByText('Collect the laptop, phone and badge')
      .waitFor();
    await expectAccessible(page, 'the dry run');
    await screenshot(page, `${backend}-lifecycle-dry-run`, { fullPage: false });
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect((await requestNow(requestId)).status).toBe('pending');
    expect((await admin<Person>('GET', `/users/${leaver.id}`)).data.isActive).toBe(true);

    // Approve: the page polls while the steps run, without a reload. A step Google refuses (the
    // demo Workspace may lack an OU the template names) is skipped from its own button, and the
    // run goes on from there.
    await page.getByRole('button', { name: 'Approve' }).click();
    const steps = page.getByRole('region', { name: 'Steps' });
    await steps.waitFor();
    const skipped: string[] = [];
    let last: LifecycleRequest = pending;
    for (let i = 0; i < 240; i++) {
      last = await requestNow(requestId);
      const failed = last.steps.find((s) => s.status === 'failed');
      if (failed) {
        const name = failed.name;
        // The error is on the page before anyone acts on it.
        await steps.getByText(failed.error ?? '').waitFor({ timeout: 15_000 });
        await steps.getByRole('button', { name: `Retry ${name}` }).waitFor();
        await steps.getByRole('button', { name: `Skip ${name}` }).click();
        await expect
          .poll(async () => (await requestNow(requestId)).steps.find((s) => s.id === failed.id)?.status)
          .toBe('skipped');
        skipped.push(failed.key);
        continue;
      }
      if (
        last.steps
          .filter((s) => s.kind === 'action')
          .every((s) => s.status === 'completed' || s.status === 'skipped')
      )
        break;
      await sleep(500);
    }
    const actions = last.steps.filter((s) => s.kind === 'action');
    expect(
      actions
        .filter((s) => s.status !== 'completed' && !skipped.includes(s.key))
        .map((s) => `${s.key}: ${s.status} ${s.error ?? ''}`),
    ).toEqual([]);
    // What matters most ran: mail kept flowing, sessions ended, the account suspended.
    for (const key of ['forward-mail', 'sign-out', 'suspend'])
      expect(actions.find((s) => s.key === key)?.status, key).toBe('completed');
    expect(actions.filter((s) => s.status === 'completed').every((s) => s.attempts >= 1)).toBe(true);
    // The open task keeps the request in progress; the timeline says so, on its own.
    expect(last.status).toBe('in_progress');
    await page.getByText('In progress').first().waitFor({ timeout: 15_000 });
    await expect
      .poll(async () => steps.getByText('Done', { exact: true }).count(), { timeout: 15_000 })
      .toBe(actions.length - skipped.length);
    await steps.getByRole('button', { name: 'Complete Collect the laptop, phone and badge' }).waitFor();

    // Leaving in Helios at once; suspended in the simulator, as the next sync sees.
    expect((await admin<Person>('GET', `/users/${leaver.id}`)).data.userStatus).toBe('offboarding');
    expect((await admin('POST', '/sync/google')).status).toBe(202);
    await syncIdle();
    expect((await admin<Person>('GET', `/users/${leaver.id}`)).data).toMatchObject({
      isActive: false,
      userStatus: 'offboarding',
    });
    await expectAccessible(page, 'a running request');
    await screenshot(page, `${backend}-lifecycle-request-running`);

    // The list and the person's history show it.
    await page.goto(`${app.url}/lifecycle`);
    const list = page.getByRole('table', { name: 'Lifecycle requests' });
    await list
      .getByRole('link', { name: new RegExp(leaver.firstName ?? leaver.email) })
      .first()
      .waitFor();
    await list.getByRole('progressbar').first().waitFor();
    await expectAccessible(page, 'the requests list');
    await screenshot(page, `${backend}-lifecycle-requests`);
    await page.goto(`${app.url}/users/${leaver.id}`);
    await page
      .getByRole('region', { name: 'Lifecycle' })
      .getByRole('link', { name: /Leaver · Default offboarding/ })
      .waitFor();
    await page.getByText('Leaving', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Start offboarding' }).count()).toBe(0);

    // At a phone's width the timeline still reads.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/lifecycle/requests/${requestId}`);
    await page.getByRole('region', { name: 'Steps' }).waitFor();
    await screenshot(page, `${backend}-lifecycle-request-phone`);
    await expectAccessible(page, 'a request at phone width');
  }, 240_000);

  it('a joiner from the form: required fields named, the request waits for approval, its dry run creates the account', async () => {
    await signInAs(page, app.url, /^Admins$/);
    await page.goto(`${app.url}/lifecycle`);
    await page.getByRole('link', { name: 'New request' }).click();
    await page.getByRole('heading', { name: 'New joiner request' }).waitFor();
    await page.getByRole('button', { name: 'Create request' }).click();
    await expect.poll(() => page.getByText('Required', { exact: true }).count()).toBeGreaterThanOrEqual(3);
    const domain = 'helios-demo.example';
    await page.getByRole('textbox', { name: 'First name' }).fill('Alan');
    await page.getByRole('textbox', { name: 'Last name' }).fill('Turing');
    await page.getByRole('textbox', { name: 'New work email' }).fill(`alan.turing@${domain}`);
    await page.getByRole('textbox', { name: 'Title' }).fill('Research Scientist');
    await page.getByRole('textbox', { name: 'Department' }).fill('Research');
    await expect.poll(() => field(page, 'Template').inputValue()).toBe('Default onboarding');
    await expectAccessible(page, 'the new joiner form');
    await page.getByRole('button', { name: 'Create request' }).click();

    await page.waitForURL(/\/lifecycle\/requests\/\d+$/);
    await page.getByRole('heading', { name: 'Joiner: Alan Turing' }).waitFor();
    await page.getByText('Waiting for approval').first().waitFor();
    const id = Number(/(\d+)$/.exec(page.url())?.[1]);
    const request = await requestNow(id);
    expect(request).toMatchObject({ status: 'pending', person: { email: `alan.turing@${domain}` } });
    // The pending person is in Helios already, joining.
    const { data: people } = await admin<Person[]>('GET', `/users?q=alan.turing&limit=5`);
    expect(people.find((p) => p.email === `alan.turing@${domain}`)?.userStatus).toBe('pending');

    await page.getByRole('button', { name: 'Dry run' }).click();
    const calls = page.getByRole('dialog', { name: 'Dry run' }).getByRole('table', { name: 'Planned calls' });
    await calls
      .getByText(/POST https:\/\/admin\.googleapis\.com\/admin\/directory\/v1\/users$/)
      .first()
      .waitFor();
    expect(((await calls.textContent()) ?? '').includes('alan.turing@')).toBe(true);
    expect((await requestNow(id)).status).toBe('pending');
  }, 120_000);

  it('a template edit round trip: new leaver template, steps added, reordered and removed, saved and read back', async () => {
    await signInAs(page, app.url, /^Admins$/);
    await page.goto(`${app.url}/lifecycle/templates`);
    await page
      .getByRole('table', { name: 'Templates' })
      .getByRole('link', { name: 'Default onboarding' })
      .waitFor();
    await segment(page, 'Leavers');
    await page
      .getByRole('table', { name: 'Templates' })
      .getByRole('link', { name: 'Default offboarding' })
      .waitFor();
    await page.getByRole('button', { name: 'New leaver template' }).click();
    await page.getByRole('heading', { name: 'New leaver template' }).waitFor();

    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Contractor leaver');
    await page.getByRole('button', { name: 'Add action' }).click();
    await page.getByRole('button', { name: 'Add action' }).click();
    await page.getByRole('button', { name: 'Add task' }).click();
    const stepList = page.getByRole('list', { name: 'Steps' });
    await expect.poll(() => stepList.locator(':scope > li').count()).toBe(3);
    // Step 2 becomes "Suspend the account"; its scope is shown, granted.
    const second = stepList.locator(':scope > li').nth(1);
    await field(second, 'Action').click();
    await page.getByRole('option', { name: 'Suspend the account' }).click();
    await expect
      .poll(() => second.getByRole('textbox', { name: 'Step name' }).inputValue())
      .toBe('Suspend the account');
    await second.getByText('✓ admin.directory.user').waitFor();
    // The task: a title, to a role.
    const task = stepList.locator(':scope > li').nth(2);
    await task.getByRole('textbox', { name: 'Task title' }).fill('Return the access badge');
    await field(task, 'Assign to').click();
    await page.getByRole('option', { name: 'A role (first free)' }).click();
    // The task moves to the top, the first forwarding step is removed.
    await page.getByRole('button', { name: 'Move step 3 up' }).click();
    await page.getByRole('button', { name: 'Move step 2 up' }).click();
    await page.getByRole('button', { name: 'Remove step 2' }).click();
    await expect.poll(() => stepList.locator(':scope > li').count()).toBe(2);
    await expectAccessible(page, 'the template editor');
    await screenshot(page, `${backend}-lifecycle-template-editor`);
    await page.getByRole('button', { name: 'Save template' }).click();

    await page.waitForURL(/\/lifecycle\/templates\/\d+$/);
    const id = Number(/(\d+)$/.exec(page.url())?.[1]);
    const saved = (await admin<Template>('GET', `/lifecycle/templates/${id}`)).data;
    expect(saved).toMatchObject({ kind: 'offboarding', name: 'Contractor leaver', isActive: true });
    expect(saved.steps.map((s) => [s.kind, s.name, s.action ?? null])).toEqual([
      ['task', 'Return the access badge', null],
      ['action', 'Suspend the account', 'google.suspendUser'],
    ]);
    expect(saved.steps[0]?.assignee).toEqual({ kind: 'role', role: 'manager' });
    // Keys come from what each step is (renamed with its action while unsaved).
    expect(saved.steps.map((s) => s.key)).toEqual(['task', 'suspend-user']);

    // Edit it: rename, the action two days later; the page shows what was saved.
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Contractor leaver (short)');
    await stepList
      .locator(':scope > li')
      .nth(1)
      .getByRole('textbox', { name: 'Runs, days from the date' })
      .fill('2');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('heading', { name: 'Contractor leaver (short)' }).waitFor();
    const edited = (await admin<Template>('GET', `/lifecycle/templates/${id}`)).data;
    expect(edited.name).toBe('Contractor leaver (short)');
    expect(edited.steps.map((s) => s.offsetDays)).toEqual([0, 2]);

    // A bad save is refused on its field and changes nothing.
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('');
    await page.getByRole('button', { name: 'Save template' }).click();
    await page
      .getByText(/too small|at least|required/i)
      .first()
      .waitFor();
    expect((await admin<Template>('GET', `/lifecycle/templates/${id}`)).data.name).toBe(
      'Contractor leaver (short)',
    );
  });

  it('a manager completes the task a request gave them, from the dashboard and My tasks', async () => {
    // A template whose one task goes to a manager (role), and a leaver request from it, approved.
    const template = await admin<Template>('POST', '/lifecycle/templates', {
      kind: 'offboarding',
      name: 'Badge only',
      steps: [
        {
          key: 'badge',
          kind: 'task',
          name: 'Collect the badge',
          assignee: { kind: 'role', role: 'manager' },
        },
      ],
    });
    expect(template.status).toBe(201);
    const leaver = (await leavers()).at(-1);
    if (!leaver) throw new Error('no leaver');
    const created = await admin<LifecycleRequest>('POST', '/lifecycle/requests', {
      kind: 'offboarding',
      personEmail: leaver.email,
      templateId: template.data.id,
      effectiveAt: new Date().toISOString(),
    });
    expect(created.status).toBe(201);
    expect((await admin('POST', `/lifecycle/requests/${created.data.id}/approve`)).status).toBe(200);
    let assignee: Step['assignee'] = null;
    for (let i = 0; i < 60 && !assignee; i++) {
      assignee = (await requestNow(created.data.id)).steps[0]?.assignee ?? null;
      if (!assignee) await sleep(500);
    }
    if (!assignee) throw new Error('the task was never assigned');
    const { data: who } = await admin<Person>('GET', `/users/${assignee.id}`);
    expect(who.role).toBe('manager');

    await signInAsEmail(page, app.url, assignee.email);
    const card = page.getByRole('region', { name: 'My lifecycle tasks' });
    await card.getByRole('link', { name: 'Collect the badge' }).waitFor();
    await card.getByRole('link', { name: 'My lifecycle tasks' }).click();
    await page.getByRole('heading', { name: 'Lifecycle tasks' }).waitFor();
    const item = page.getByRole('listitem', { name: 'Collect the badge' });
    await item.waitFor();
    await expectAccessible(page, 'my tasks');
    await screenshot(page, `${backend}-lifecycle-my-tasks`);
    await item.getByRole('button', { name: 'Complete Collect the badge' }).click();
    await page.getByText('No open tasks').waitFor();

    const done = await requestNow(created.data.id);
    expect(done.steps[0]).toMatchObject({ status: 'completed' });
    expect(done.status).toBe('completed');
    await segment(page, 'Done');
    await page
      .getByRole('listitem', { name: 'Collect the badge' })
      .getByText(/done .* by /)
      .waitFor();
  });

  it('a plain user sees no lifecycle in the console, and the API refuses them', async () => {
    await signInAs(page, app.url, /^Users$/);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Tickets' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Lifecycle' }).count()).toBe(0);
    await page.goto(`${app.url}/lifecycle`);
    await page.getByText('Joiners and leavers are handled by IT').waitFor();

    const call = async (method: 'GET' | 'POST', path: string, data?: unknown) =>
      (
        await page.request.fetch(`${app.url}/api/v1${path}`, {
          method,
          headers: { origin: app.url },
          ...(data ? { data } : {}),
        })
      ).status();
    // Requests do not exist for them; what exists but is staff's is refused.
    expect(await call('GET', '/lifecycle/requests')).toBe(404);
    expect(
      await call('POST', '/lifecycle/requests', {
        kind: 'offboarding',
        personEmail: 'someone@helios-demo.example',
        templateId: 2,
        effectiveAt: new Date().toISOString(),
      }),
    ).toBe(404);
    expect(await call('GET', '/lifecycle/scopes')).toBe(403);
    expect(await call('GET', '/lifecycle/tasks?assignedTo=anyone')).toBe(403);
    expect(await call('POST', '/lifecycle/templates', { kind: 'offboarding', name: 'x', steps: [] })).toBe(
      404,
    );
  });
});
