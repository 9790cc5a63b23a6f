// The lifecycle end to end: requests through the API, the real actions (Google's and Helios's)
// run by the step engine against the Workspace simulator, and what Google and Helios look like
// afterwards. Google is faked only at its HTTP boundary (the simulator).
import {
  lifecycleDryRunSchema,
  lifecycleRequestSchema,
  lifecycleTemplateSchema,
  type LifecycleRequest,
} from '@helios/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createVault } from '../../src/core/crypto/vault.ts';
import { createLogger } from '../../src/core/logger.ts';
import { executeSync } from '../../src/modules/directory-sync/commands/sync-runs.ts';
import { createWorkspaceSource } from '../../src/modules/directory-sync/providers/google/clients.ts';
import { googleProvider } from '../../src/modules/directory-sync/providers/google/provider.ts';
import { lifecycleActions } from '../../src/modules/lifecycle/actions/index.ts';
import type { LifecycleDeps } from '../../src/modules/lifecycle/commands/deps.ts';
import { claimStep, runDueSteps } from '../../src/modules/lifecycle/commands/engine.ts';
import { personOf } from '../../src/modules/lifecycle/commands/requests.ts';
import { openGoogleAdmin } from '../../src/modules/lifecycle/google/client.ts';
import { findRequest } from '../../src/modules/lifecycle/queries/requests.ts';
import type { UserRecord } from '../../src/simulators/workspace/generator.ts';
import type { Simulator } from '../../src/simulators/workspace/server.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

type BuiltUser = Awaited<ReturnType<ApiHarness['user']>>;
const noSleep = { sleep: () => Promise.resolve() };

describe.each(backends)('lifecycle end to end against the Workspace simulator on %s', (backend) => {
  let h: ApiHarness;
  let sim: Simulator;
  let admin: BuiltUser;
  let manager: BuiltUser;
  let clock: Date;
  let deps: LifecycleDeps;
  let templates: { id: number; name: string }[];
  let people: UserRecord[];
  let next = 0;

  const json = async <T>(res: Response, status: number, schema?: z.ZodType<T>): Promise<T> => {
    const body = (await res.json()) as { data: unknown };
    expect(res.status, JSON.stringify(body)).toBe(status);
    return (schema ? schema.parse(body.data) : body.data) as T;
  };
  const request = (id: number) =>
    h.api(admin.key, 'GET', `/lifecycle/requests/${id}`).then((r) => json(r, 200, lifecycleRequestSchema));
  const stepOf = (r: LifecycleRequest, key: string) => {
    const step = r.steps.find((s) => s.key === key);
    if (!step) throw new Error(`no step ${key}`);
    return step;
  };
  const templateId = (name: string) => {
    const t = templates.find((x) => x.name === name);
    if (!t) throw new Error(`no template ${name}`);
    return t.id;
  };
  /** A directory user with a Helios row as the sync makes it. */
  const person = async (role: 'user' | 'manager' = 'user') => {
    const user = people[next++];
    if (!user) throw new Error('out of simulated users');
    const row = await h.user(role, user.email, {
      first_name: user.givenName,
      last_name: user.familyName,
      google_workspace_id: user.id,
      synced_from_google: true,
    });
    return { sim: user, ...row };
  };
  const statusOf = async (email: string) =>
    (
      await sql<{
        s: string;
      }>`SELECT user_status AS s FROM organization_users WHERE lower(email) = ${email.toLowerCase()}`.execute(
        h.t.handle.db,
      )
    ).rows[0]?.s;
  const pass = async () => {
    const result = await runDueSteps(deps);
    return result;
  };

  beforeAll(async () => {
    h = await startApi(backend);
    sim = h.simulator;
    admin = await h.user('admin');
    manager = await h.user('manager');
    const saved = await h.api(admin.key, 'PUT', '/settings/google', {
      serviceAccountKey: JSON.stringify(sim.serviceAccountKey()),
      adminEmail: sim.adminEmail,
    });
    expect(saved.status).toBe(200);
    // What the default templates name: the leavers OU and the everyone@ group.
    sim.directory.addOrgUnit('/Leavers');
    sim.directory.addGroup({ email: 'everyone@acme.example', name: 'Everyone' });
    const vault = createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir });
    clock = new Date('2026-12-10T09:00:00.000Z');
    deps = {
      db: h.t.handle.db,
      logger: createLogger('silent'),
      organizationId: h.organizationId,
      now: () => clock,
      openGoogle: () =>
        openGoogleAdmin(h.t.handle.db, vault, h.organizationId, sim.origin, { retry: noSleep }),
      actions: lifecycleActions,
      wake: () => Promise.resolve(),
      engine: { leaseMs: 10 * 60_000, maxAttempts: 4, backoffMs: () => 60_000 },
    };
    templates = await json(
      await h.api(admin.key, 'GET', '/lifecycle/templates'),
      200,
      z.array(lifecycleTemplateSchema),
    );
    people = [...sim.directory.users()].filter((u) => !u.isAdmin && !u.suspended && u.skuId !== null);
  });
  afterAll(() => h?.close());

  it('lists the scopes the actions need, all granted to the simulated service account', async () => {
    const scopes = await json<{ scope: string; granted: boolean | null; actions: string[] }[]>(
      await h.api(admin.key, 'GET', '/lifecycle/scopes'),
      200,
    );
    expect(scopes.map((s) => s.scope)).toEqual(
      expect.arrayContaining([
        'https://www.googleapis.com/auth/admin.directory.user',
        'https://www.googleapis.com/auth/admin.directory.group',
        'https://www.googleapis.com/auth/admin.directory.user.security',
        'https://www.googleapis.com/auth/apps.licensing',
        'https://www.googleapis.com/auth/admin.datatransfer',
        'https://www.googleapis.com/auth/gmail.settings.basic',
        'https://www.googleapis.com/auth/gmail.settings.sharing',
        'https://www.googleapis.com/auth/admin.directory.device.mobile.action',
      ]),
    );
    expect(scopes.every((s) => s.granted === true)).toBe(true);
  });

  it('offboards with the default template: dry run writes nothing, a 503 is retried, a crash repeats no write, every step acts in order', async () => {
    const boss = await person('manager');
    const leaver = await person();
    await sql`UPDATE organization_users SET manager_id = ${boss.user.id} WHERE id = ${leaver.user.id}`.execute(
      h.t.handle.db,
    );
    const laptop = await json<{ id: number }>(
      await h.api(admin.key, 'POST', '/assets', {
        name: 'Leaver laptop',
        assetType: 'computer',
        status: 'active',
        assignedToUserId: leaver.user.id,
      }),
      201,
    );
    const filed = await json(
      await h.api(manager.key, 'POST', '/lifecycle/requests', {
        kind: 'offboarding',
        personEmail: leaver.sim.email,
        templateId: templateId('Default offboarding'),
        effectiveAt: clock.toISOString(),
      }),
      201,
      lifecycleRequestSchema,
    );

    const writes0 = sim.writeCount();
    const plan = await json(
      await h.api(manager.key, 'POST', `/lifecycle/requests/${filed.id}/dry-run`),
      200,
      lifecycleDryRunSchema,
    );
    expect(sim.writeCount()).toBe(writes0);
    expect(plan.missingScopes).toEqual([]);
    expect(plan.calls.every((c) => c.allowed)).toBe(true);
    expect(new Set(plan.calls.map((c) => c.step)).size).toBeGreaterThanOrEqual(12);
    expect(plan.tasks.map((t) => [t.step, t.assignee?.id])).toEqual([['collect-laptop', boss.user.id]]);

    await json(await h.api(admin.key, 'POST', `/lifecycle/requests/${filed.id}/approve`), 200);
    expect(await statusOf(leaver.sim.email)).toBe('offboarding');

    // A worker claims the first step, sets the forwarding in Google, and dies before recording it.
    const first = stepOf(await request(filed.id), 'forward-mail');
    expect(await claimStep(deps, first.id, clock)).toMatchObject({ attempt: 1 });
    const row = await findRequest(h.t.handle.db, h.organizationId, filed.id);
    const subject = row ? await personOf(h.t.handle.db, row) : undefined;
    const forwarding = lifecycleActions.get('google.setMailForwarding');
    if (!subject || !forwarding) throw new Error('setup');
    await forwarding.run({
      db: h.t.handle.db,
      logger: deps.logger,
      organizationId: h.organizationId,
      now: clock,
      request: { id: filed.id, kind: 'offboarding', effectiveAt: clock, requestedByUserId: manager.user.id },
      stepKey: 'forward-mail',
      person: subject,
      params: forwarding.params.parse({ to: 'manager' }) as Record<string, unknown>,
      google: await deps.openGoogle(),
    });
    const forwardWrites = sim.writeCount(/forwardingAddresses|autoForwarding/);
    expect(forwardWrites).toBe(2);

    // Sign-out answers 503 for a while: retried later, not failed.
    const clear = sim.failAfter(/\/signOut$/, 0, 'backendError');
    clock = new Date(clock.getTime() + deps.engine.leaseMs + 1000);
    await pass();
    let now = await request(filed.id);
    expect(stepOf(now, 'forward-mail')).toMatchObject({ status: 'completed', attempts: 2 });
    expect(sim.writeCount(/forwardingAddresses|autoForwarding/)).toBe(forwardWrites);
    expect(stepOf(now, 'transfer-data').status).toBe('completed');
    // Mail keeps flowing to the manager before anything locks the account.
    expect(now.steps.filter((s) => s.status === 'completed').map((s) => s.key)).toEqual([
      'forward-mail',
      'delegate-mailbox',
      'vacation-responder',
      'transfer-data',
    ]);
    expect([...sim.mailSettings(leaver.sim.email).delegates.keys()]).toEqual([boss.sim.email]);
    expect(sim.mailSettings(leaver.sim.email).vacation).toMatchObject({ enableAutoReply: true });
    expect(stepOf(now, 'sign-out')).toMatchObject({ status: 'scheduled', attempts: 1 });
    expect(stepOf(now, 'sign-out').error).toContain('503');
    // Order: nothing after the waiting step has run.
    expect(stepOf(now, 'suspend').status).toBe('scheduled');
    expect(sim.directory.findUser(leaver.sim.email)?.suspended).toBe(false);

    clear();
    clock = new Date(clock.getTime() + 60_000);
    // One step per pass, Google's state checked after each: the order keeps mail flowing until
    // the account is locked, and suspension comes after everything that needs the account.
    const googleUser = () => sim.directory.findUser(leaver.sim.email);
    const checks: Record<string, () => void> = {
      'move-ou': () => expect(googleUser()).toMatchObject({ orgUnitPath: '/Leavers', suspended: false }),
      suspend: () => expect(googleUser()?.suspended).toBe(true),
    };
    const seen = new Set(
      (await request(filed.id)).steps.filter((s) => s.status === 'completed').map((s) => s.key),
    );
    const order: string[] = [];
    for (let i = 0; i < 30; i++) {
      if ((await runDueSteps(deps, { maxSteps: 1 })).claimed === 0) break;
      for (const s of (await request(filed.id)).steps) {
        if (s.status !== 'completed' || seen.has(s.key)) continue;
        seen.add(s.key);
        order.push(s.key);
        checks[s.key]?.();
      }
    }
    expect(order).toEqual([
      'sign-out',
      'revoke-tokens',
      'reset-password',
      'remove-groups',
      'change-licenses',
      'wipe-mobile',
      'move-ou',
      'suspend',
      'check-in-assets',
      'revoke-helios',
    ]);
    now = await request(filed.id);
    const actionSteps = now.steps.filter((s) => s.kind === 'action');
    expect(actionSteps.map((s) => [s.key, s.status, s.error])).toEqual(
      actionSteps.map((s) => [s.key, 'completed', null]),
    );
    expect(stepOf(now, 'sign-out').attempts).toBe(2);
    // Steps ran in template order.
    const started = actionSteps.map((s) => s.completedAt ?? '');
    expect([...started].sort()).toEqual(started);

    // Google after the run.
    const after = sim.directory.findUser(leaver.sim.email);
    expect(after?.suspended).toBe(true);
    expect(after?.orgUnitPath).toBe('/Leavers');
    expect(sim.mailSettings(leaver.sim.email).autoForwarding).toMatchObject({
      enabled: true,
      emailAddress: boss.sim.email,
    });
    // Helios after the run.
    expect(
      Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM assets WHERE id = ${laptop.id} AND status = 'storage'
            AND assigned_to_user_id IS NULL`.execute(h.t.handle.db)
        ).rows[0]?.n,
      ),
    ).toBe(1);
    expect((await h.api(leaver.key, 'GET', '/me')).status).toBe(401);

    // The manual task remains; done, the request completes and the leaver is offboarded.
    expect(now.status).toBe('in_progress');
    const task = stepOf(now, 'collect-laptop');
    expect(task.assignee?.id).toBe(boss.user.id);
    await json(await h.api(boss.key, 'PATCH', `/lifecycle/tasks/${task.id}`, { status: 'completed' }), 200);
    expect((await request(filed.id)).status).toBe('completed');
    expect(await statusOf(leaver.sim.email)).toBe('offboarded');

    // Nothing more to do: another pass writes nothing.
    const final = sim.writeCount();
    clock = new Date(clock.getTime() + 86_400_000);
    await pass();
    expect(sim.writeCount()).toBe(final);
  });

  it('onboards with the default template: the account, groups, license, laptop, ticket and task; the next sync matches the same person', async () => {
    const boss = await person('manager');
    await json(
      await h.api(admin.key, 'POST', '/assets', {
        name: 'Spare laptop',
        assetType: 'computer',
        status: 'storage',
      }),
      201,
    );
    const email = 'ada.newcomer@acme.example';
    const filed = await json(
      await h.api(manager.key, 'POST', '/lifecycle/requests', {
        kind: 'onboarding',
        personEmail: email,
        templateId: templateId('Default onboarding'),
        effectiveAt: new Date(clock.getTime() + 86_400_000).toISOString(),
        person: {
          firstName: 'Ada',
          lastName: 'Newcomer',
          title: 'Engineer',
          department: 'Engineering',
          managerEmail: boss.sim.email,
        },
      }),
      201,
      lifecycleRequestSchema,
    );
    expect(await statusOf(email)).toBe('pending');
    const writes0 = sim.writeCount();
    await json(await h.api(manager.key, 'POST', `/lifecycle/requests/${filed.id}/dry-run`), 200);
    expect(sim.writeCount()).toBe(writes0);
    await json(await h.api(admin.key, 'POST', `/lifecycle/requests/${filed.id}/approve`), 200);
    // Before its day, nothing runs.
    expect((await pass()).claimed).toBe(0);
    clock = new Date(clock.getTime() + 86_400_000);
    await pass();
    const now = await request(filed.id);
    expect(now.steps.filter((s) => s.kind === 'action').map((s) => [s.key, s.status, s.error])).toEqual([
      ['create-account', 'completed', null],
      ['set-profile', 'completed', null],
      ['add-groups', 'completed', null],
      ['assign-licenses', 'completed', null],
      ['assign-laptop', 'completed', null],
      ['hardware-ticket', 'completed', null],
    ]);
    const created = sim.directory.findUser(email);
    expect(created).toBeDefined();
    expect(stepOf(now, 'prepare-desk').assignee?.id).toBe(boss.user.id);
    // The first password went to the manager; it is stored nowhere in Helios.
    const dump = await sql<{ d: string }>`SELECT string_agg(t::text, '') AS d FROM lifecycle_tasks t`.execute(
      h.t.handle.db,
    );
    expect(dump.rows[0]?.d ?? '').not.toMatch(/password"\s*:\s*"/i);

    // The next full sync matches the account to the same row.
    const provider = googleProvider({
      vault: createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir }),
      makeSource: (settings, key) =>
        createWorkspaceSource({
          serviceAccountKey: key,
          adminEmail: settings.admin_email,
          customerId: settings.customer_id,
          apiOrigin: sim.origin,
          retry: { ...noSleep, maxAttempts: 7 },
        }),
    });
    const queued = await json<{ runId: number }>(await h.api(admin.key, 'POST', '/sync/google'), 202);
    await executeSync(h.t.handle.db, provider, h.organizationId, queued.runId, { progressIntervalMs: 0 });
    const rows = await h.t.handle.db
      .selectFrom('organization_users')
      .select(['id', 'google_workspace_id', 'user_status'])
      .where(sql<boolean>`lower(email) = ${email}`)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: now.person.id,
      google_workspace_id: created?.id,
      user_status: 'active',
    });

    await json(
      await h.api(boss.key, 'PATCH', `/lifecycle/tasks/${stepOf(now, 'prepare-desk').id}`, {
        status: 'completed',
      }),
      200,
    );
    expect((await request(filed.id)).status).toBe('completed');
  });
});
