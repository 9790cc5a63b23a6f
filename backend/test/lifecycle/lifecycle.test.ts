import {
  lifecycleDryRunSchema,
  lifecycleRequestSchema,
  lifecycleTaskSchema,
  lifecycleTemplateSchema,
  type LifecycleRequest,
  type LifecycleTemplateStep,
} from '@helios/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../src/core/logger.ts';
import { actionRegistry } from '../../src/modules/lifecycle/actions/index.ts';
import { heliosActions } from '../../src/modules/lifecycle/actions/helios.ts';
import {
  GoogleCallError,
  type GoogleAdmin,
  type LifecycleAction,
} from '../../src/modules/lifecycle/actions/types.ts';
import type { LifecycleDeps } from '../../src/modules/lifecycle/commands/deps.ts';
import { dryRun } from '../../src/modules/lifecycle/commands/dry-run.ts';
import { claimStep, runDueSteps } from '../../src/modules/lifecycle/commands/engine.ts';
import { findRequest } from '../../src/modules/lifecycle/queries/requests.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

type BuiltUser = Awaited<ReturnType<ApiHarness['user']>>;

const DAY = 86_400_000;

/**
 * A stand-in for a Google action, at the HTTP boundary's level: `writes` counts what it changed
 * "in Google", and like every real action it checks what is already done (per person), so running
 * it again after a crash or a retry writes nothing.
 */
function fakeGoogleAction(type: LifecycleAction['type'], scope: string) {
  const done = new Set<number>();
  const state = { writes: 0, runs: 0, failNext: [] as Error[], delayMs: 0 };
  const action: LifecycleAction = {
    type,
    label: type,
    kinds: ['onboarding', 'offboarding'],
    provider: 'google',
    scopes: [scope],
    params: z.object({}).strict() as unknown as LifecycleAction['params'],
    plan: (ctx) =>
      Promise.resolve([
        {
          method: 'POST',
          url: `https://admin.googleapis.com/${type}/${ctx.person.email}`,
          description: `${type} for ${ctx.person.email}`,
          scopes: [scope],
        },
      ]),
    run: async (ctx) => {
      state.runs += 1;
      if (state.delayMs > 0) await sleep(state.delayMs);
      const failure = state.failNext.shift();
      if (failure) throw failure;
      if (done.has(ctx.person.id)) return { output: { already: true } };
      done.add(ctx.person.id);
      state.writes += 1;
      return { output: { done: true } };
    },
  };
  return { action, state, reset: () => done.clear() };
}

describe.each(backends)('lifecycle on %s', (backend) => {
  let h: ApiHarness;
  let admin: BuiltUser;
  let manager: BuiltUser;
  let otherManager: BuiltUser;
  let plain: BuiltUser;
  let clock: Date;
  let granted: Set<string>;
  let sends: number;
  const signOut = fakeGoogleAction('google.signOut', 'scope.security');
  const revoke = fakeGoogleAction('google.revokeTokens', 'scope.security');
  const suspend = fakeGoogleAction('google.suspendUser', 'scope.user');
  const fakes = [signOut, revoke, suspend];
  let deps: LifecycleDeps;

  const json = async <T>(res: Response, status: number, schema?: z.ZodType<T>): Promise<T> => {
    const body = (await res.json()) as { data: unknown; error?: unknown };
    expect(res.status, JSON.stringify(body)).toBe(status);
    return (schema ? schema.parse(body.data) : body.data) as T;
  };
  const count = async (query: string) =>
    Number((await sql.raw<{ n: number }>(query).execute(h.t.handle.db)).rows[0]?.n ?? -1);
  const userStatus = async (email: string) =>
    (
      await sql<{
        s: string;
      }>`SELECT user_status AS s FROM organization_users WHERE lower(email) = ${email}`.execute(h.t.handle.db)
    ).rows[0]?.s;

  const offboardingSteps: LifecycleTemplateStep[] = [
    {
      key: 'sign-out',
      kind: 'action',
      name: 'Sign out',
      action: 'google.signOut',
      params: {},
      offsetDays: 0,
    },
    {
      key: 'revoke-tokens',
      kind: 'action',
      name: 'Revoke tokens',
      action: 'google.revokeTokens',
      params: {},
      offsetDays: 0,
    },
    {
      key: 'suspend',
      kind: 'action',
      name: 'Suspend',
      action: 'google.suspendUser',
      params: {},
      offsetDays: 1,
    },
    {
      key: 'revoke-helios',
      kind: 'action',
      name: 'Revoke Helios',
      action: 'helios.revokeAccess',
      params: {},
      offsetDays: 1,
    },
  ];
  let offboardingTemplate: number;

  const request = (id: number, as: BuiltUser = admin) =>
    h.api(as.key, 'GET', `/lifecycle/requests/${id}`).then((r) => json(r, 200, lifecycleRequestSchema));
  const offboard = async (person: BuiltUser, as: BuiltUser = manager, effectiveAt = clock) =>
    json(
      await h.api(as.key, 'POST', '/lifecycle/requests', {
        kind: 'offboarding',
        personEmail: person.user.email,
        templateId: offboardingTemplate,
        effectiveAt: effectiveAt.toISOString(),
      }),
      201,
      lifecycleRequestSchema,
    );
  const approve = async (id: number, as: BuiltUser = admin) =>
    json(await h.api(as.key, 'POST', `/lifecycle/requests/${id}/approve`), 200, lifecycleRequestSchema);
  const stepOf = (r: LifecycleRequest, key: string) => {
    const step = r.steps.find((s) => s.key === key);
    if (!step) throw new Error(`no step ${key}`);
    return step;
  };

  beforeAll(async () => {
    h = await startApi(backend);
    admin = await h.user('admin');
    manager = await h.user('manager');
    otherManager = await h.user('manager');
    plain = await h.user('user');
    const google: GoogleAdmin = {
      customerId: 'my_customer',
      adminEmail: 'admin@acme.example',
      send: () => {
        sends += 1;
        return Promise.reject(new Error('the fakes never send'));
      },
      grantedScopes: (scopes) => Promise.resolve(new Set(scopes.filter((s) => granted.has(s)))),
    };
    deps = {
      db: h.t.handle.db,
      logger: createLogger('silent'),
      organizationId: h.organizationId,
      now: () => clock,
      openGoogle: () => Promise.resolve(google),
      actions: actionRegistry([...heliosActions, ...fakes.map((f) => f.action)]),
      wake: () => Promise.resolve(),
      engine: { leaseMs: 10 * 60_000, maxAttempts: 3, backoffMs: (n) => n * 60_000 },
    };
    const created = await json(
      await h.api(admin.key, 'POST', '/lifecycle/templates', {
        kind: 'offboarding',
        name: 'Test offboarding',
        steps: offboardingSteps,
      }),
      201,
      lifecycleTemplateSchema,
    );
    offboardingTemplate = created.id;
  });
  afterAll(() => h.close());
  beforeEach(() => {
    clock = new Date('2026-12-10T09:00:00.000Z');
    granted = new Set(['scope.security', 'scope.user']);
    sends = 0;
    for (const f of fakes) {
      f.state.failNext = [];
      f.state.delayMs = 0;
    }
  });

  it('ships an editable default onboarding and offboarding template that its own actions accept', async () => {
    const list = await json(
      await h.api(admin.key, 'GET', '/lifecycle/templates'),
      200,
      z.array(lifecycleTemplateSchema),
    );
    const onboarding = list.find((t) => t.name === 'Default onboarding');
    const offboarding = list.find((t) => t.name === 'Default offboarding');
    expect(onboarding?.kind).toBe('onboarding');
    expect(offboarding?.steps.map((s) => (s.kind === 'action' ? s.action : `task:${s.key}`))).toEqual([
      'google.setMailForwarding',
      'google.addMailDelegate',
      'google.setVacationResponder',
      'google.transferData',
      'google.signOut',
      'google.revokeTokens',
      'google.resetPassword',
      'google.removeFromGroups',
      'google.changeLicenses',
      'google.wipeMobileDevices',
      'google.moveOrgUnit',
      'google.suspendUser',
      'helios.checkInAssets',
      'helios.revokeAccess',
      'task:collect-laptop',
    ]);
    // The ids of both kinds come from one sequence, so one route finds either.
    expect(onboarding?.id).not.toBe(offboarding?.id);
    for (const t of [onboarding, offboarding]) {
      const saved = await json(
        await h.api(admin.key, 'PATCH', `/lifecycle/templates/${t?.id}`, { steps: t?.steps }),
        200,
        lifecycleTemplateSchema,
      );
      expect(saved.steps.length).toBe(t?.steps.length);
    }
    // The seed's derived columns follow the steps.
    const derived = await sql<{
      wipe: boolean;
      forward: boolean;
      suspend: number | null;
    }>`SELECT wipe_devices AS wipe, email_forward_to_manager AS forward, suspend_after_days AS suspend
       FROM offboarding_templates WHERE id = ${offboarding?.id}`.execute(h.t.handle.db);
    expect(derived.rows[0]).toEqual({ wipe: true, forward: true, suspend: 0 });
  });

  it("validates each step's params with its action's schema (400 names the field) and keeps templates for admins", async () => {
    const bad = await h.api(admin.key, 'POST', '/lifecycle/templates', {
      kind: 'onboarding',
      name: 'Bad',
      steps: [
        {
          key: 'groups',
          kind: 'action',
          name: 'Groups',
          action: 'google.addToGroups',
          params: { groups: ['not-an-email'] },
        },
        { key: 'off', kind: 'action', name: 'Wrong kind', action: 'helios.checkInAssets', params: {} },
      ],
    });
    const error = ((await bad.json()) as { error: { code: string; details: { path: string }[] } }).error;
    expect(bad.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d) => d.path)).toEqual(['steps.0.params.groups.0', 'steps.1.action']);
    expect(await count("SELECT count(*)::int AS n FROM onboarding_templates WHERE name = 'Bad'")).toBe(0);

    const asManager = await h.api(manager.key, 'POST', '/lifecycle/templates', {
      kind: 'onboarding',
      name: 'Mine',
      steps: [],
    });
    expect(asManager.status).toBe(403);
    expect((await h.api(manager.key, 'GET', '/lifecycle/templates')).status).toBe(200);
    expect((await h.api(plain.key, 'GET', '/lifecycle/templates')).status).toBe(404);

    const t = await json(
      await h.api(admin.key, 'POST', '/lifecycle/templates', { kind: 'onboarding', name: 'Temp', steps: [] }),
      201,
      lifecycleTemplateSchema,
    );
    const dup = await h.api(admin.key, 'POST', '/lifecycle/templates', {
      kind: 'onboarding',
      name: 'Temp',
      steps: [],
    });
    expect(dup.status).toBe(409);
    expect((await h.api(admin.key, 'DELETE', `/lifecycle/templates/${t.id}`)).status).toBe(204);
    expect((await h.api(admin.key, 'GET', `/lifecycle/templates/${t.id}`)).status).toBe(404);
  });

  it('runs every step exactly once under two concurrent workers, in template order and at its time', async () => {
    const leaver = await h.user('user');
    const filed = await offboard(leaver);
    expect(filed.status).toBe('pending');
    expect(filed.steps.every((s) => s.status === 'pending')).toBe(true);
    // Nothing about the person changes before approval.
    expect(await userStatus(leaver.user.email)).toBe('active');

    // Four eyes: the manager who filed it may not approve it; another manager may.
    expect((await h.api(manager.key, 'POST', `/lifecycle/requests/${filed.id}/approve`)).status).toBe(403);
    const approved = await approve(filed.id, otherManager);
    expect(approved.status).toBe('approved');
    expect(approved.approvedBy?.id).toBe(otherManager.user.id);
    expect(await userStatus(leaver.user.email)).toBe('offboarding');
    expect((await h.api(admin.key, 'POST', `/lifecycle/requests/${filed.id}/approve`)).status).toBe(409);

    const writesBefore = fakes.map((f) => f.state.writes);
    const [a, b] = await Promise.all([runDueSteps(deps), runDueSteps(deps)]);
    // Today's two steps ran, once each; tomorrow's wait.
    expect(a.claimed + b.claimed).toBe(2);
    expect(fakes.map((f, i) => f.state.writes - (writesBefore[i] ?? 0))).toEqual([1, 1, 0]);
    let now = await request(filed.id);
    expect(now.status).toBe('in_progress');
    expect(now.steps.map((s) => s.status)).toEqual(['completed', 'completed', 'scheduled', 'scheduled']);
    expect(stepOf(now, 'suspend').scheduledFor).toBe(new Date(clock.getTime() + DAY).toISOString());

    clock = new Date(clock.getTime() + DAY);
    const [c, d] = await Promise.all([runDueSteps(deps), runDueSteps(deps)]);
    expect(c.claimed + d.claimed).toBe(2);
    now = await request(filed.id);
    expect(now.status).toBe('completed');
    expect(now.steps.map((s) => s.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(now.steps.map((s) => s.attempts)).toEqual([1, 1, 1, 1]);
    expect(fakes.map((f, i) => f.state.writes - (writesBefore[i] ?? 0))).toEqual([1, 1, 1]);
    expect(await userStatus(leaver.user.email)).toBe('offboarded');
    // One audit row per executed action.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM audit_logs WHERE action = 'lifecycle_action' AND entity_id = ${filed.id}`,
      ),
    ).toBe(4);
    // Their Helios access went with the last step.
    expect((await h.api(leaver.key, 'GET', '/me')).status).toBe(401);
  });

  it('resumes after a crash: a step left running is claimed again after its lease and does not act twice', async () => {
    const leaver = await h.user('user');
    const filed = await offboard(leaver);
    await approve(filed.id);
    const first = stepOf(await request(filed.id), 'sign-out');
    // A worker claims the first step, acts on Google, and dies before recording anything.
    expect(await claimStep(deps, first.id, clock)).toEqual({ attempt: 1, requestId: filed.id });
    const writes = signOut.state.writes;
    await signOut.action.run({
      db: h.t.handle.db,
      logger: deps.logger,
      organizationId: h.organizationId,
      now: clock,
      request: { id: filed.id, kind: 'offboarding', effectiveAt: clock, requestedByUserId: manager.user.id },
      stepKey: 'sign-out',
      person: {
        id: leaver.user.id,
        email: leaver.user.email,
        firstName: '',
        lastName: '',
        title: null,
        department: null,
        orgUnitPath: null,
        employeeType: null,
        googleId: null,
        manager: null,
        personalEmail: null,
      },
      params: {},
      google: undefined,
    });
    expect(signOut.state.writes).toBe(writes + 1);

    // Another worker within the lease: the running step holds the request (order), nothing runs.
    expect((await runDueSteps(deps)).claimed).toBe(0);
    expect(stepOf(await request(filed.id), 'sign-out').status).toBe('running');

    // After the lease (a restart later): claimed again, run again — the action sees it is done.
    clock = new Date(clock.getTime() + deps.engine.leaseMs + 1000);
    const pass = await runDueSteps(deps);
    expect(pass.completed).toBeGreaterThanOrEqual(2);
    const now = await request(filed.id);
    expect(stepOf(now, 'sign-out')).toMatchObject({
      status: 'completed',
      attempts: 2,
      output: { already: true },
    });
    expect(signOut.state.writes).toBe(writes + 1);
    expect(stepOf(now, 'revoke-tokens').status).toBe('completed');
  });

  it('renews the lease of a long step, so a second worker never takes it for a crashed one', async () => {
    const leaver = await h.user('user');
    // Real time here: the lease runs out in 3 s unless renewed; the step takes 4.5 s.
    const real: LifecycleDeps = { ...deps, now: () => new Date(), engine: { ...deps.engine, leaseMs: 3000 } };
    const filed = await offboard(leaver, manager, new Date(Date.now() - 1000));
    await approve(filed.id);
    signOut.state.delayMs = 4500;
    const writes = signOut.state.writes;
    const first = runDueSteps(real, { maxSteps: 1 });
    await sleep(3500);
    expect((await runDueSteps(real)).claimed).toBe(0);
    await first;
    const now = await request(filed.id);
    expect(stepOf(now, 'sign-out')).toMatchObject({ status: 'completed', attempts: 1 });
    expect(signOut.state.writes).toBe(writes + 1);
  });

  it('retries a transient Google error with backoff, fails after the attempts, and a retry by hand completes it', async () => {
    const leaver = await h.user('user');
    const filed = await offboard(leaver);
    await approve(filed.id);
    const writes = signOut.state.writes;
    signOut.state.failNext = [new GoogleCallError(503, 'backendError', 'Service unavailable', true)];
    await runDueSteps(deps);
    let now = await request(filed.id);
    expect(stepOf(now, 'sign-out')).toMatchObject({ status: 'scheduled', attempts: 1 });
    expect(stepOf(now, 'sign-out').error).toContain('503');
    expect(stepOf(now, 'revoke-tokens').status).toBe('scheduled');
    // Not before its backoff.
    expect((await runDueSteps(deps)).claimed).toBe(0);
    clock = new Date(clock.getTime() + 60_000);
    await runDueSteps(deps);
    now = await request(filed.id);
    expect(stepOf(now, 'sign-out')).toMatchObject({ status: 'completed', attempts: 2, error: null });
    expect(signOut.state.writes).toBe(writes + 1);
    expect(stepOf(now, 'revoke-tokens').status).toBe('completed');

    // Three transient failures in a row: failed, the request waits, people are told.
    const leaver2 = await h.user('user');
    const second = await offboard(leaver2);
    await approve(second.id);
    const err = () => new GoogleCallError(503, 'backendError', 'Service unavailable', true);
    signOut.state.failNext = [err(), err(), err()];
    for (let i = 0; i < 3; i++) {
      await runDueSteps(deps);
      clock = new Date(clock.getTime() + 10 * 60_000);
    }
    now = await request(second.id);
    expect(now.status).toBe('failed');
    expect(stepOf(now, 'sign-out')).toMatchObject({ status: 'failed', attempts: 3 });
    expect(stepOf(now, 'sign-out').abilities.retry).toBe(true);
    expect(stepOf(now, 'revoke-tokens').status).toBe('scheduled');
    expect(
      await count(
        `SELECT count(*)::int AS n FROM notifications WHERE entity_type = 'lifecycle_request' AND entity_id = ${second.id} AND user_id = ${manager.user.id} AND message LIKE '%failed%'`,
      ),
    ).toBe(1);
    const retried = await json(
      await h.api(
        admin.key,
        'PATCH',
        `/lifecycle/requests/${second.id}/steps/${stepOf(now, 'sign-out').id}`,
        {
          status: 'pending',
        },
      ),
      200,
      lifecycleRequestSchema,
    );
    expect(retried.status).toBe('in_progress');
    await runDueSteps(deps);
    now = await request(second.id);
    expect(stepOf(now, 'sign-out').status).toBe('completed');
    expect(stepOf(now, 'revoke-tokens').status).toBe('completed');
  });

  it('fails a Google step whose scope is not granted at once, with a clear message and no call', async () => {
    const leaver = await h.user('user');
    const filed = await offboard(leaver);
    await approve(filed.id);
    granted = new Set(['scope.user']);
    const runs = signOut.state.runs;
    await runDueSteps(deps);
    const now = await request(filed.id);
    expect(now.status).toBe('failed');
    expect(stepOf(now, 'sign-out')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(stepOf(now, 'sign-out').error).toMatch(/may not use scope\.security.*No call was made/);
    expect(signOut.state.runs).toBe(runs);
    expect(sends).toBe(0);
    // Skipped by hand, the request moves on.
    await json(
      await h.api(admin.key, 'PATCH', `/lifecycle/requests/${filed.id}/steps/${stepOf(now, 'sign-out').id}`, {
        status: 'skipped',
        note: 'done by hand',
      }),
      200,
    );
    expect((await request(filed.id)).status).toBe('in_progress');
  });

  it('dry-runs every call with its scopes and writes nothing; a cancelled request runs nothing further', async () => {
    const leaver = await h.user('user');
    const filed = await offboard(leaver);
    granted = new Set(['scope.user']);
    const tables = [
      'lifecycle_tasks',
      'scheduled_user_actions',
      'user_requests',
      'audit_logs',
      'notifications',
    ];
    const fingerprint = async () =>
      Promise.all(tables.map((t) => count(`SELECT count(*)::int AS n FROM ${t}`)));
    const before = await fingerprint();
    const writes = fakes.map((f) => f.state.writes);
    const row = await findRequest(h.t.handle.db, h.organizationId, filed.id);
    if (!row) throw new Error('no request');
    for (let i = 0; i < 2; i++) {
      const plan = await dryRun(deps, row);
      expect(plan.calls.map((c) => [c.step, c.allowed])).toEqual([
        ['sign-out', false],
        ['revoke-tokens', false],
        ['suspend', true],
        ['revoke-helios', true],
      ]);
      expect(plan.calls[2]?.at).toBe(new Date(clock.getTime() + DAY).toISOString());
      expect(plan.missingScopes).toEqual(['scope.security']);
    }
    // Through the API (the real actions; Google is not connected in this harness): the Google
    // steps are listed as skipped with the reason, their scopes as missing.
    const viaApi = await json(
      await h.api(manager.key, 'POST', `/lifecycle/requests/${filed.id}/dry-run`),
      200,
      lifecycleDryRunSchema,
    );
    expect(viaApi.calls.map((c) => c.step)).toEqual(['revoke-helios']);
    expect(viaApi.skipped.map((s) => s.step)).toEqual(['sign-out', 'revoke-tokens', 'suspend']);
    expect(viaApi.skipped[0]?.reason).toContain('not connected');
    expect(viaApi.missingScopes.length).toBeGreaterThan(0);
    expect(await fingerprint()).toEqual(before);
    expect(fakes.map((f) => f.state.writes)).toEqual(writes);
    expect((await h.api(plain.key, 'POST', `/lifecycle/requests/${filed.id}/dry-run`)).status).toBe(404);

    granted = new Set(['scope.security', 'scope.user']);
    await approve(filed.id);
    await runDueSteps(deps);
    const cancelled = await json(
      await h.api(manager.key, 'POST', `/lifecycle/requests/${filed.id}/cancel`),
      200,
      lifecycleRequestSchema,
    );
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.steps.map((s) => s.status)).toEqual([
      'completed',
      'completed',
      'cancelled',
      'cancelled',
    ]);
    // Nothing done is undone; the leaver is active again.
    expect(await userStatus(leaver.user.email)).toBe('active');
    clock = new Date(clock.getTime() + 2 * DAY);
    const actionsRun = `SELECT count(*)::int AS n FROM audit_logs WHERE action LIKE 'lifecycle_action%' AND entity_id = ${filed.id}`;
    expect(await count(actionsRun)).toBe(2);
    // Steps of other tests' requests fall due now too; this request's do not run.
    await runDueSteps(deps);
    expect(await count(actionsRun)).toBe(2);
    expect((await request(filed.id)).steps.map((s) => s.status)).toEqual([
      'completed',
      'completed',
      'cancelled',
      'cancelled',
    ]);
    expect(await userStatus(leaver.user.email)).toBe('active');
    expect((await h.api(manager.key, 'POST', `/lifecycle/requests/${filed.id}/cancel`)).status).toBe(409);
    expect((await h.api(admin.key, 'POST', `/lifecycle/requests/${filed.id}/approve`)).status).toBe(409);
  });

  it('onboards on Helios: a pending person, a laptop from storage, one ticket, a task for the manager', async () => {
    const boss = await h.user('user');
    const laptop = await json<{ id: number }>(
      await h.api(admin.key, 'POST', '/assets', {
        name: 'Laptop 42',
        assetType: 'computer',
        status: 'storage',
      }),
      201,
    );
    const template = await json(
      await h.api(admin.key, 'POST', '/lifecycle/templates', {
        kind: 'onboarding',
        name: 'Helios onboarding',
        steps: [
          {
            key: 'laptop',
            kind: 'action',
            name: 'Laptop',
            action: 'helios.assignAssets',
            params: { fromStorage: { category: 'computer' } },
          },
          {
            key: 'desk',
            kind: 'task',
            name: 'Prepare the desk',
            assignee: { kind: 'manager' },
            offsetDays: -1,
          },
          {
            key: 'sales-only',
            kind: 'task',
            name: 'Sales kit',
            assignee: { kind: 'role', role: 'admin' },
            conditions: { departments: ['Sales'] },
          },
          {
            key: 'ticket',
            kind: 'action',
            name: 'Hardware ticket',
            action: 'helios.fileTicket',
            params: { subject: 'Hardware for Jo' },
          },
        ],
      }),
      201,
      lifecycleTemplateSchema,
    );
    const email = 'jo.new@acme.example';
    const body = {
      kind: 'onboarding',
      personEmail: email,
      templateId: template.id,
      effectiveAt: clock.toISOString(),
      person: { firstName: 'Jo', lastName: 'New', department: 'Engineering', managerEmail: boss.user.email },
    };
    expect((await h.api(plain.key, 'POST', '/lifecycle/requests', body)).status).toBe(404);
    const badManager = await h.api(manager.key, 'POST', '/lifecycle/requests', {
      ...body,
      person: { ...body.person, managerEmail: 'nobody@acme.example' },
    });
    expect(badManager.status).toBe(400);
    const badTicket = await h.api(manager.key, 'POST', '/lifecycle/requests', { ...body, ticketId: 999_999 });
    expect(badTicket.status).toBe(400);
    expect(await badTicket.text()).toContain('ticketId');
    expect(await userStatus(email)).toBeUndefined();
    const filed = await json(
      await h.api(manager.key, 'POST', '/lifecycle/requests', body),
      201,
      lifecycleRequestSchema,
    );
    expect(await userStatus(email)).toBe('pending');
    const users = await json<{ userStatus: string }[]>(
      await h.api(admin.key, 'GET', `/users?q=${encodeURIComponent(email)}`),
      200,
    );
    expect(users[0]?.userStatus).toBe('pending');
    // The same joiner twice: one open request; an existing active person is no joiner.
    expect((await h.api(manager.key, 'POST', '/lifecycle/requests', body)).status).toBe(409);
    expect(
      (await h.api(manager.key, 'POST', '/lifecycle/requests', { ...body, personEmail: plain.user.email }))
        .status,
    ).toBe(409);
    // Staff hear that it waits for approval.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM notifications WHERE entity_type = 'lifecycle_request' AND entity_id = ${filed.id} AND user_id = ${admin.user.id}`,
      ),
    ).toBe(1);

    await approve(filed.id);
    const tickets = await count('SELECT count(*)::int AS n FROM tickets');
    await Promise.all([runDueSteps(deps), runDueSteps(deps)]);
    let now = await request(filed.id);
    expect(stepOf(now, 'laptop')).toMatchObject({
      status: 'completed',
      output: { assignedAssetIds: [laptop.id] },
    });
    expect(stepOf(now, 'ticket').status).toBe('completed');
    expect(stepOf(now, 'sales-only').status).toBe('skipped');
    expect(stepOf(now, 'sales-only').output).toMatchObject({
      skippedReason: expect.stringContaining('Engineering'),
    });
    expect(stepOf(now, 'desk')).toMatchObject({
      status: 'pending',
      dueDate: new Date(clock.getTime() - DAY).toISOString().slice(0, 10),
      assignee: { id: boss.user.id },
    });
    expect(now.status).toBe('in_progress');
    expect(await count('SELECT count(*)::int AS n FROM tickets')).toBe(tickets + 1);
    expect(
      await count(`SELECT count(*)::int AS n FROM assets WHERE id = ${laptop.id} AND status = 'active'
        AND assigned_to_user_id = (SELECT id FROM organization_users WHERE email = '${email}')`),
    ).toBe(1);

    // The assignee heard of it.
    expect(
      await count(
        `SELECT count(*)::int AS n FROM notifications WHERE entity_type = 'lifecycle_task' AND entity_id = ${stepOf(now, 'desk').id} AND user_id = ${boss.user.id}`,
      ),
    ).toBe(1);

    // The manager (a plain user) finds the task and completes it; the joiner is active.
    const mine = await json(
      await h.api(boss.key, 'GET', '/lifecycle/tasks?assignedTo=me'),
      200,
      z.array(lifecycleTaskSchema),
    );
    expect(mine.map((t) => t.title)).toEqual(['Prepare the desk']);
    expect(mine[0]?.abilities).toEqual({ complete: true, reassign: false });
    expect((await h.api(boss.key, 'GET', '/lifecycle/tasks?assignedTo=anyone')).status).toBe(403);
    expect(
      (await h.api(plain.key, 'PATCH', `/lifecycle/tasks/${mine[0]?.id}`, { status: 'completed' })).status,
    ).toBe(404);
    const done = await json(
      await h.api(boss.key, 'PATCH', `/lifecycle/tasks/${mine[0]?.id}`, {
        status: 'completed',
        note: 'ready',
      }),
      200,
      lifecycleTaskSchema,
    );
    expect(done.status).toBe('completed');
    expect(done.completedBy?.id).toBe(boss.user.id);
    now = await request(filed.id);
    expect(now.status).toBe('completed');
    expect(await userStatus(email)).toBe('active');
    expect(
      (await h.api(boss.key, 'PATCH', `/lifecycle/tasks/${mine[0]?.id}`, { status: 'completed' })).status,
    ).toBe(409);
  });

  it('checks in the leaver’s assets and seats, and keeps user_status in step with is_active', async () => {
    const leaver = await h.user('user');
    const laptop = await json<{ id: number }>(
      await h.api(admin.key, 'POST', '/assets', {
        name: 'Laptop 7',
        assetType: 'computer',
        status: 'active',
        assignedToUserId: leaver.user.id,
      }),
      201,
    );
    const template = await json(
      await h.api(admin.key, 'POST', '/lifecycle/templates', {
        kind: 'offboarding',
        name: 'Check in',
        steps: [
          { key: 'check-in', kind: 'action', name: 'Check in', action: 'helios.checkInAssets', params: {} },
        ],
      }),
      201,
      lifecycleTemplateSchema,
    );
    const filed = await json(
      await h.api(manager.key, 'POST', '/lifecycle/requests', {
        kind: 'offboarding',
        personEmail: leaver.user.email,
        templateId: template.id,
        effectiveAt: clock.toISOString(),
      }),
      201,
      lifecycleRequestSchema,
    );
    await approve(filed.id);
    // The sync deactivates them meanwhile: still offboarding (the lifecycle holds them).
    await sql`UPDATE organization_users SET is_active = false WHERE id = ${leaver.user.id}`.execute(
      h.t.handle.db,
    );
    expect(await userStatus(leaver.user.email)).toBe('offboarding');
    await runDueSteps(deps);
    const now = await request(filed.id);
    expect(stepOf(now, 'check-in').output).toMatchObject({ checkedInAssetIds: [laptop.id] });
    expect(await userStatus(leaver.user.email)).toBe('offboarded');
    expect(
      await count(`SELECT count(*)::int AS n FROM assets WHERE id = ${laptop.id} AND status = 'storage'
        AND assigned_to_user_id IS NULL`),
    ).toBe(1);

    // Anyone else: is_active decides.
    const other = await h.user('user');
    await sql`UPDATE organization_users SET is_active = false WHERE id = ${other.user.id}`.execute(
      h.t.handle.db,
    );
    expect(await userStatus(other.user.email)).toBe('suspended');
    await sql`UPDATE organization_users SET is_active = true WHERE id = ${other.user.id}`.execute(
      h.t.handle.db,
    );
    expect(await userStatus(other.user.email)).toBe('active');
  });

  it('rejects a pending request (nothing runs, 409 after), reassigns a task, and keeps it all from contacts', async () => {
    const leaver = await h.user('user');
    const filed = await offboard(leaver);
    const contact = await h.user('contact');
    for (const [method, path] of [
      ['GET', `/lifecycle/requests/${filed.id}`],
      ['POST', `/lifecycle/requests/${filed.id}/approve`],
      ['POST', `/lifecycle/requests/${filed.id}/cancel`],
      ['GET', '/lifecycle/templates'],
    ] as const) {
      expect((await h.api(contact.key, method, path)).status, path).toBe(404);
    }
    expect((await h.api(manager.key, 'POST', `/lifecycle/requests/${filed.id}/reject`)).status).toBe(403);
    const rejected = await json(
      await h.api(otherManager.key, 'POST', `/lifecycle/requests/${filed.id}/reject`),
      200,
      lifecycleRequestSchema,
    );
    expect(rejected.status).toBe('rejected');
    expect(rejected.abilities).toMatchObject({ approve: false, reject: false, cancel: false });
    expect((await h.api(admin.key, 'POST', `/lifecycle/requests/${filed.id}/approve`)).status).toBe(409);
    expect(await userStatus(leaver.user.email)).toBe('active');

    // A task reassigned by staff goes to (and notifies) the new assignee.
    const template = await json(
      await h.api(admin.key, 'POST', '/lifecycle/templates', {
        kind: 'offboarding',
        name: 'Task only',
        steps: [
          { key: 'exit', kind: 'task', name: 'Exit interview', assignee: { kind: 'role', role: 'admin' } },
        ],
      }),
      201,
      lifecycleTemplateSchema,
    );
    const other = await h.user('user');
    const second = await json(
      await h.api(manager.key, 'POST', '/lifecycle/requests', {
        kind: 'offboarding',
        personEmail: other.user.email,
        templateId: template.id,
        effectiveAt: clock.toISOString(),
      }),
      201,
      lifecycleRequestSchema,
    );
    const approved = await approve(second.id);
    const task = stepOf(approved, 'exit');
    expect(task.assignee?.id).toBe(admin.user.id);
    expect(
      (await h.api(plain.key, 'PATCH', `/lifecycle/tasks/${task.id}`, { assigneeEmail: plain.user.email }))
        .status,
    ).toBe(404);
    const moved = await json(
      await h.api(admin.key, 'PATCH', `/lifecycle/tasks/${task.id}`, { assigneeEmail: plain.user.email }),
      200,
      lifecycleTaskSchema,
    );
    expect(moved.assignee?.id).toBe(plain.user.id);
    expect(
      (await h.api(plain.key, 'PATCH', `/lifecycle/tasks/${task.id}`, { assigneeEmail: admin.user.email }))
        .status,
    ).toBe(403);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM notifications WHERE entity_type = 'lifecycle_task' AND entity_id = ${task.id} AND user_id = ${plain.user.id}`,
      ),
    ).toBe(1);
    const bad = await h.api(admin.key, 'PATCH', `/lifecycle/tasks/${task.id}`, {
      assigneeEmail: 'gone@acme.example',
    });
    expect(bad.status).toBe(400);
    await json(await h.api(plain.key, 'PATCH', `/lifecycle/tasks/${task.id}`, { status: 'completed' }), 200);
    expect((await request(second.id)).status).toBe('completed');
    expect(await userStatus(other.user.email)).toBe('offboarded');
  });

  it('lists requests by status and person, answers /me abilities and the scopes', async () => {
    const open = await json(
      await h.api(manager.key, 'GET', '/lifecycle/requests'),
      200,
      z.array(lifecycleRequestSchema),
    );
    expect(open.every((r) => ['pending', 'approved', 'in_progress', 'failed'].includes(r.status))).toBe(true);
    const all = await json(
      await h.api(manager.key, 'GET', '/lifecycle/requests?status=all&limit=2'),
      200,
      z.array(lifecycleRequestSchema),
    );
    expect(all.length).toBe(2);
    expect((await h.api(plain.key, 'GET', '/lifecycle/requests')).status).toBe(404);
    const me = await json<{ abilities: Record<string, boolean> }>(
      await h.api(manager.key, 'GET', '/me'),
      200,
    );
    expect(me.abilities).toMatchObject({
      manageLifecycleTemplates: false,
      requestLifecycle: true,
      approveLifecycle: true,
    });
    const scopes = await json<{ scope: string; granted: boolean | null; actions: string[] }[]>(
      await h.api(admin.key, 'GET', '/lifecycle/scopes'),
      200,
    );
    // Google is not configured in this harness: nothing to check.
    expect(scopes.length).toBeGreaterThan(3);
    expect(scopes.every((s) => s.granted === null)).toBe(true);
    expect(scopes.flatMap((s) => s.actions)).toContain('google.suspendUser');
  });
});
