import { lifecycleActionTypes } from '@helios/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault } from '../../src/core/crypto/vault.ts';
import { createLogger } from '../../src/core/logger.ts';
import { executeSync, requestSync } from '../../src/modules/directory-sync/commands/sync-runs.ts';
import { googleProvider } from '../../src/modules/directory-sync/providers/google/provider.ts';
import { createWorkspaceSource } from '../../src/modules/directory-sync/providers/google/clients.ts';
import {
  GoogleCallError,
  type ActionContext,
  type GoogleAdmin,
  type LifecycleAction,
  type LifecyclePerson,
} from '../../src/modules/lifecycle/actions/types.ts';
import { googleActions, SCOPES } from '../../src/modules/lifecycle/google/actions.ts';
import { createGoogleAdmin, openGoogleAdmin } from '../../src/modules/lifecycle/google/client.ts';
import type { UserRecord } from '../../src/simulators/workspace/generator.ts';
import type { Simulator } from '../../src/simulators/workspace/server.ts';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const logger = createLogger('silent');
const noSleep = { sleep: () => Promise.resolve() };

function actionOf(type: string): LifecycleAction {
  const found = googleActions.find((a) => a.type === type);
  if (found === undefined) throw new Error(`no action ${type}`);
  return found;
}

describe('the Google actions', () => {
  it('cover every google.* type once, each with its exact scopes', () => {
    const types = lifecycleActionTypes.filter((t) => t.startsWith('google.'));
    expect(googleActions.map((a) => a.type).sort()).toEqual([...types].sort());
    const scopes = Object.fromEntries(googleActions.map((a) => [a.type, [...a.scopes].sort()]));
    expect(scopes['google.createUser']).toEqual([SCOPES.user, SCOPES.gmailSend].sort());
    expect(scopes['google.addToGroups']).toEqual([SCOPES.group]);
    expect(scopes['google.removeFromGroups']).toEqual([SCOPES.group]);
    expect(scopes['google.signOut']).toEqual([SCOPES.userSecurity]);
    expect(scopes['google.revokeTokens']).toEqual([SCOPES.userSecurity]);
    expect(scopes['google.assignLicenses']).toEqual([SCOPES.licensing]);
    expect(scopes['google.changeLicenses']).toEqual([SCOPES.licensing]);
    expect(scopes['google.transferData']).toEqual([SCOPES.dataTransfer, SCOPES.user].sort());
    expect(scopes['google.setVacationResponder']).toEqual([SCOPES.gmailBasic]);
    expect(scopes['google.addMailDelegate']).toEqual([SCOPES.gmailSharing]);
    expect(scopes['google.setMailForwarding']).toEqual([SCOPES.gmailBasic, SCOPES.gmailSharing].sort());
    expect(scopes['google.wipeMobileDevices']).toEqual([SCOPES.mobileAction]);
    for (const t of [
      'google.moveOrgUnit',
      'google.suspendUser',
      'google.resetPassword',
      'google.updateProfile',
    ]) {
      expect(scopes[t]).toEqual([SCOPES.user]);
    }
    for (const a of googleActions) expect(a.provider).toBe('google');
  });

  it('validate their params (a bad step is refused when the template is saved)', () => {
    expect(actionOf('google.addToGroups').params.safeParse({ groups: [] }).success).toBe(false);
    expect(actionOf('google.addToGroups').params.safeParse({ groups: ['sales@acme.example'] }).success).toBe(
      true,
    );
    expect(actionOf('google.wipeMobileDevices').params.safeParse({ mode: 'nuke' }).success).toBe(false);
    expect(actionOf('google.moveOrgUnit').params.safeParse({ orgUnitPath: 'Leavers' }).success).toBe(false);
    expect(actionOf('google.setMailForwarding').params.safeParse({ to: 'manager' }).success).toBe(true);
    expect(actionOf('google.suspendUser').params.safeParse({ extra: 1 }).success).toBe(false);
  });
});

describe.each(backends)('Google actions against the Workspace simulator on %s', (backend) => {
  let h: ApiHarness;
  let sim: Simulator;
  let google: GoogleAdmin;
  let adminKey = '';
  let requestId = 0;

  /** Live licensed users (they have a mailbox), not admins, in a stable order. */
  let people: UserRecord[] = [];
  let next = 0;
  const takeUser = () => {
    const user = people[next++];
    if (user === undefined) throw new Error('out of simulated users');
    return user;
  };

  /** The Helios row of a directory user (the sync's, once a sync ran; else made as it would). */
  const rowOf = async (user: UserRecord): Promise<number> => {
    const found = await h.t.handle.db
      .selectFrom('organization_users')
      .select('id')
      .where(sql<boolean>`lower(email) = ${user.email}`)
      .executeTakeFirst();
    if (found !== undefined) return found.id;
    const row = await h.user('user', user.email, {
      first_name: user.givenName,
      last_name: user.familyName,
      google_workspace_id: user.id,
    });
    return row.user.id;
  };
  const personOf = async (user: UserRecord, manager?: UserRecord): Promise<LifecyclePerson> => ({
    id: await rowOf(user),
    email: user.email,
    firstName: user.givenName,
    lastName: user.familyName,
    title: null,
    department: null,
    orgUnitPath: null,
    employeeType: null,
    googleId: user.id,
    manager: manager === undefined ? null : { id: await rowOf(manager), email: manager.email },
    personalEmail: null,
  });

  const ctxOf = <P>(
    action: LifecycleAction,
    person: LifecyclePerson,
    params: unknown,
    /** null: Google not configured. */
    admin: GoogleAdmin | null = google,
  ): ActionContext<P> => ({
    db: h.t.handle.db,
    logger,
    organizationId: h.organizationId,
    now: new Date(),
    request: {
      id: ++requestId,
      kind: action.kinds[0] ?? 'offboarding',
      effectiveAt: new Date(),
      requestedByUserId: null,
    },
    stepKey: action.type.replace('google.', '').toLowerCase(),
    person,
    params: action.params.parse(params) as P,
    google: admin ?? undefined,
  });

  /** A directory sync, as the job runs it (full: through the API; incremental: from the activity log). */
  const fullSync = async (kind: 'full' | 'incremental' = 'full') => {
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
    let runId: number;
    if (kind === 'full') {
      const queued = await h.api(adminKey, 'POST', '/sync/google');
      expect(queued.status).toBe(202);
      runId = ((await queued.json()) as { data: { runId: number } }).data.runId;
    } else {
      runId = (await requestSync(h.t.handle.db, h.organizationId, provider, 'manual', null, 'incremental'))
        .run.id;
    }
    const run = await executeSync(h.t.handle.db, provider, h.organizationId, runId, {
      progressIntervalMs: 0,
    });
    expect(run?.status, JSON.stringify(run?.errors)).toBe('succeeded');
    expect(run?.kind).toBe(kind);
  };
  const syncedMemberships = async (user: UserRecord) => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM gw_group_members WHERE google_member_id = ${user.id}`.execute(
      h.t.handle.db,
    );
    return rows[0]?.n ?? -1;
  };

  /** plan writes nothing; run acts; a second run acts no more. */
  const planRunTwice = async (type: string, person: LifecyclePerson, params: unknown = {}) => {
    const action = actionOf(type);
    const before = sim.writeCount();
    const plan = await action.plan(ctxOf(action, person, params));
    expect(sim.writeCount(), `${type}: the plan wrote`).toBe(before);
    const first = await action.run(ctxOf(action, person, params));
    const afterFirst = sim.writeCount();
    const second = await action.run(ctxOf(action, person, params));
    expect(sim.writeCount(), `${type}: the second run acted again`).toBe(afterFirst);
    return { plan, first, second, writes: afterFirst - before };
  };

  beforeAll(async () => {
    h = await startApi(backend);
    sim = h.simulator;
    const admin = await h.user('admin');
    adminKey = admin.key;
    const saved = await h.api(admin.key, 'PUT', '/settings/google', {
      serviceAccountKey: JSON.stringify(sim.serviceAccountKey()),
      adminEmail: sim.adminEmail,
    });
    expect(saved.status).toBe(200);
    const vault = createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir });
    const opened = await openGoogleAdmin(h.t.handle.db, vault, h.organizationId, sim.origin, {
      retry: noSleep,
    });
    if (opened === undefined) throw new Error('Google is configured');
    google = opened;
    people = [...sim.directory.users()].filter((u) => !u.isAdmin && !u.suspended && u.skuId !== null);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('openGoogleAdmin answers undefined when Google is not configured', async () => {
    const vault = createVault({ encryptionKeys: h.encryptionKeys, dataDir: h.dataDir });
    expect(await openGoogleAdmin(h.t.handle.db, vault, h.organizationId + 1000, sim.origin)).toBeUndefined();
    const action = actionOf('google.suspendUser');
    const person = await personOf(takeUser());
    await expect(action.run(ctxOf(action, person, {}, null))).rejects.toMatchObject({
      name: 'GoogleCallError',
      transient: false,
    });
  });

  it('createUser: creates the account, mails the first password (never stored), records the Google id; the sync matches it', async () => {
    const manager = takeUser();
    const managerId = await rowOf(manager);
    const email = 'new.joiner@acme.example';
    const row = await h.user('user', email, { first_name: 'New', last_name: 'Joiner', is_active: false });
    const person: LifecyclePerson = {
      id: row.user.id,
      email,
      firstName: 'New',
      lastName: 'Joiner',
      title: 'Engineer',
      department: 'Engineering',
      orgUnitPath: null,
      employeeType: 'Contractor',
      googleId: null,
      manager: { id: managerId, email: manager.email },
      personalEmail: 'joiner@home.example',
    };
    const action = actionOf('google.createUser');
    const before = sim.writeCount();
    const plan = await action.plan(ctxOf(action, person, {}));
    expect(sim.writeCount()).toBe(before);
    expect(plan.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      'POST /admin/directory/v1/users',
      `POST /gmail/v1/users/${encodeURIComponent(sim.adminEmail)}/messages/send`,
      'HELIOS organization_users',
    ]);
    expect(JSON.stringify(plan)).not.toMatch(/"password":"[^(]/);

    const sentBefore = sim.gmail.sent.length;
    const result = await action.run(ctxOf(action, person, {}));
    const created = sim.directory.findUser(email);
    expect(created).toBeDefined();
    expect(created?.title).toBe('Engineer');
    expect(created?.employeeType).toBe('Contractor');
    expect(created?.changePasswordAtNextLogin).toBe(true);
    expect(created?.skuId).toBeNull();
    expect(result.output).toMatchObject({ userId: created?.id, created: true });
    expect(result.output.passwordSentTo).toEqual([manager.email, 'joiner@home.example']);

    // The password went out once, to both, and is the account's password.
    expect(sim.gmail.sent.length).toBe(sentBefore + 1);
    const mail = sim.gmail.sent.at(-1)?.raw.toString('utf8') ?? '';
    expect(mail).toContain(`To: ${manager.email}, joiner@home.example`);
    const body = Buffer.from(mail.split('\r\n\r\n')[1] ?? '', 'base64').toString('utf8');
    const password = /First password: (\S+)/.exec(body)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(sim.passwordMatches(email, password)).toBe(true);
    // …and is nowhere in Helios: not in the output, not in any row.
    expect(JSON.stringify(result)).not.toContain(password);
    const { rows } = await sql<{ dump: string }>`
      SELECT coalesce(string_agg(t::text, ''), '') AS dump FROM organization_users t`.execute(h.t.handle.db);
    expect(rows[0]?.dump).not.toContain(password);
    const stored = await h.t.handle.db
      .selectFrom('organization_users')
      .select(['google_workspace_id', 'is_active'])
      .where('id', '=', row.user.id)
      .executeTakeFirstOrThrow();
    expect(stored.google_workspace_id).toBe(created?.id);
    // The CREATE_USER event is in the Reports API for the incremental sync.
    const events = await google.send({
      method: 'GET',
      url: 'https://admin.googleapis.com/admin/reports/v1/activity/users/all/applications/admin?eventName=CREATE_USER',
      scopes: ['https://www.googleapis.com/auth/admin.reports.audit.readonly'],
    });
    expect(JSON.stringify(events.body)).toContain(email);

    // Again (the engine retried after a crash): nothing more is done, no second mail.
    const writes = sim.writeCount();
    const again = await action.run(ctxOf(action, { ...person, googleId: created?.id ?? null }, {}));
    expect(again.output).toMatchObject({ alreadyDone: true });
    expect(sim.writeCount()).toBe(writes);
    expect(sim.gmail.sent.length).toBe(sentBefore + 1);

    // The next full sync matches the account to the same row (by id), active, no duplicate.
    await fullSync();
    const after = await h.t.handle.db
      .selectFrom('organization_users')
      .select(['id', 'google_workspace_id', 'is_active', 'synced_from_google'])
      .where(sql<boolean>`lower(email) = ${email}`)
      .execute();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: row.user.id, google_workspace_id: created?.id, is_active: true });
  });

  it('a dry run before the account exists still lists the calls (without reading them)', async () => {
    const person: LifecyclePerson = {
      id: 0,
      email: 'not.yet@acme.example',
      firstName: 'Not',
      lastName: 'Yet',
      title: 'Analyst',
      department: null,
      orgUnitPath: null,
      employeeType: null,
      googleId: null,
      manager: null,
      personalEmail: null,
    };
    const writes = sim.writeCount();
    const action = actionOf('google.updateProfile');
    const plan = await action.plan(ctxOf(action, person, {}));
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ method: 'PUT', scopes: [SCOPES.user] });
    expect(plan[0]?.description).toContain('could not read the current state');
    const suspend = actionOf('google.suspendUser');
    expect((await suspend.plan(ctxOf(suspend, person, {})))[0]?.body).toEqual({ suspended: true });
    // No manager to forward to: the dry run says so instead of failing.
    const forward = actionOf('google.setMailForwarding');
    const forwardPlan = await forward.plan(ctxOf(forward, person, { to: 'manager' }));
    expect(forwardPlan[0]?.description).toContain('has no manager in Helios');
    // …and running it fails for good with that message.
    await expect(forward.run(ctxOf(forward, person, { to: 'manager' }))).rejects.toMatchObject({
      reason: 'noManager',
      transient: false,
    });
    expect(sim.writeCount()).toBe(writes);
  });

  it('createUser refuses when nobody can receive the password, before creating anything', async () => {
    const action = actionOf('google.createUser');
    const row = await h.user('user', 'nobody.told@acme.example', { is_active: false });
    const person: LifecyclePerson = {
      id: row.user.id,
      email: 'nobody.told@acme.example',
      firstName: 'Nobody',
      lastName: 'Told',
      title: null,
      department: null,
      orgUnitPath: null,
      employeeType: null,
      googleId: null,
      manager: null,
      personalEmail: null,
    };
    const writes = sim.writeCount();
    await expect(action.run(ctxOf(action, person, {}))).rejects.toMatchObject({
      reason: 'noRecipient',
      transient: false,
    });
    expect(sim.writeCount()).toBe(writes);
    expect(sim.directory.findUser('nobody.told@acme.example')).toBeUndefined();
  });

  it('addToGroups and removeFromGroups (every page); the sync sees the memberships go', async () => {
    const user = takeUser();
    const person = await personOf(user);
    const groups = Array.from(
      { length: 3 },
      (_, i) => sim.addGroup({ email: `lc-add-${i}@acme.example` }).email,
    );
    const added = await planRunTwice('google.addToGroups', person, { groups });
    expect(added.plan.map((c) => c.method)).toEqual(['POST', 'POST', 'POST']);
    expect(added.writes).toBe(3);
    expect(added.first.output).toMatchObject({ added: groups, alreadyMember: [] });
    expect(added.second.output).toMatchObject({ added: [], alreadyMember: groups });
    for (const g of groups) {
      const group = sim.directory.findGroup(g);
      expect(group && sim.directory.memberRole(group, user)).toBe('MEMBER');
    }
    await fullSync();
    const synced = await syncedMemberships(user);
    expect(synced).toBeGreaterThanOrEqual(3);

    // 205 more groups: groups.list pages at 200.
    for (let i = 0; i < 205; i++) {
      sim.addGroupMember(sim.addGroup({ email: `lc-many-${i}@acme.example` }).email, user.email);
    }
    const inGroups = [...sim.directory.groups()].filter(
      (g) => sim.directory.memberRole(g, user) !== undefined,
    );
    expect(inGroups.length).toBeGreaterThan(208);
    const removed = await planRunTwice('google.removeFromGroups', person);
    expect(removed.plan).toHaveLength(inGroups.length);
    expect(removed.plan.every((c) => c.method === 'DELETE')).toBe(true);
    expect(removed.writes).toBe(inGroups.length);
    expect(removed.first.output).toMatchObject({ removed: inGroups.length });
    expect(removed.second.output).toMatchObject({ removed: 0 });
    expect([...sim.directory.groups()].some((g) => sim.directory.memberRole(g, user) !== undefined)).toBe(
      false,
    );
  });

  it('suspendUser, moveOrgUnit, updateProfile, resetPassword act once', async () => {
    const manager = takeUser();
    const user = takeUser();
    const person = await personOf(user, manager);
    const suspend = await planRunTwice('google.suspendUser', person);
    expect(suspend.plan[0]).toMatchObject({ method: 'PUT', body: { suspended: true } });
    expect(suspend.writes).toBe(1);
    expect(sim.directory.findUser(user.email)?.suspended).toBe(true);

    const ou = sim.directory.addOrgUnit('/Leavers').orgUnitPath;
    const move = await planRunTwice('google.moveOrgUnit', person, { orgUnitPath: ou });
    expect(move.writes).toBe(1);
    expect(sim.directory.findUser(user.email)?.orgUnitPath).toBe('/Leavers');
    // The incremental sync reads the SUSPEND_USER and MOVE_USER_TO_ORG_UNIT events.
    await fullSync('incremental');
    const synced = await h.t.handle.db
      .selectFrom('organization_users')
      .select(['is_active', 'google_workspace_ou'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(synced).toEqual({ is_active: false, google_workspace_ou: '/Leavers' });
    // An OU that does not exist: Google's 400, not retried.
    const action = actionOf('google.moveOrgUnit');
    await expect(action.run(ctxOf(action, person, { orgUnitPath: '/Nowhere' }))).rejects.toMatchObject({
      status: 400,
      message: 'Invalid Input: INVALID_OU_ID',
      transient: false,
    });

    const profile = await planRunTwice(
      'google.updateProfile',
      { ...person, title: 'Leaver', department: 'Sales', employeeType: 'Former employee' },
      { phones: [{ value: '+1 555 0100', type: 'work' }] },
    );
    expect(profile.writes).toBe(1);
    const updated = sim.directory.findUser(user.email);
    expect(updated).toMatchObject({
      title: 'Leaver',
      department: 'Sales',
      employeeType: 'Former employee',
      workPhone: '+1 555 0100',
    });
    expect(updated?.managerIndex).toBe(manager.index);

    const reset = actionOf('google.resetPassword');
    await reset.run(ctxOf(reset, person, {}));
    expect(sim.writeCount(`PUT /admin/directory/v1/users/${user.id}`)).toBeGreaterThanOrEqual(3);
  });

  it('signOut and revokeTokens', async () => {
    const user = takeUser();
    const person = await personOf(user);
    const signOut = actionOf('google.signOut');
    expect(await signOut.plan(ctxOf(signOut, person, {}))).toHaveLength(1);
    await signOut.run(ctxOf(signOut, person, {}));
    expect(sim.signOutCount(user.email)).toBe(1);

    sim.grantOAuthToken(user.email, {
      clientId: 'app-1.apps.googleusercontent.com',
      displayText: 'Calendly',
    });
    sim.grantOAuthToken(user.email, { clientId: 'app-2.apps.googleusercontent.com', displayText: 'Zoom' });
    const revoke = await planRunTwice('google.revokeTokens', person);
    expect(revoke.plan.map((c) => c.description)).toEqual(['Revoke Calendly', 'Revoke Zoom']);
    expect(revoke.writes).toBe(2);
    expect(sim.oauthTokens(user.email)).toEqual([]);
  });

  it('assignLicenses and changeLicenses (to Archived User)', async () => {
    const user = takeUser();
    const person = await personOf(user);
    // Unlicensed first, as a new account is.
    sim.moveLicense(user.email, null);
    const assign = await planRunTwice('google.assignLicenses', person, {
      skus: [
        { productId: 'Google-Apps', skuId: '1010020028' },
        { productId: 'Google-Vault', skuId: 'Google-Vault' },
      ],
    });
    expect(assign.writes).toBe(2);
    expect(sim.directory.findUser(user.email)?.skuId).toBe('1010020028');
    expect(sim.extraLicenses(user.email)).toEqual(['Google-Vault/Google-Vault']);

    const change = await planRunTwice('google.changeLicenses', person, {
      remove: 'all',
      assign: [{ productId: '101034', skuId: '1010340002' }],
    });
    expect(change.plan.map((c) => c.method).sort()).toEqual(['DELETE', 'DELETE', 'POST']);
    expect(change.writes).toBe(3);
    expect(sim.directory.findUser(user.email)?.skuId).toBeNull();
    expect(sim.extraLicenses(user.email)).toEqual(['101034/1010340002']);
  });

  it('Gmail: forwarding to the manager, delegate, auto-reply — as the person, once', async () => {
    const manager = takeUser();
    const user = takeUser();
    const person = await personOf(user, manager);
    const forward = await planRunTwice('google.setMailForwarding', person, { to: 'manager' });
    expect(forward.plan.map((c) => c.url)).toEqual([
      `https://gmail.googleapis.com/gmail/v1/users/${encodeURIComponent(user.email)}/settings/forwardingAddresses`,
      `https://gmail.googleapis.com/gmail/v1/users/${encodeURIComponent(user.email)}/settings/autoForwarding`,
    ]);
    expect(forward.writes).toBe(2);
    expect(sim.mailSettings(user.email).autoForwarding).toEqual({
      enabled: true,
      emailAddress: manager.email,
      disposition: 'leaveInInbox',
    });

    const delegate = await planRunTwice('google.addMailDelegate', person, { to: 'manager' });
    expect(delegate.writes).toBe(1);
    expect([...sim.mailSettings(user.email).delegates.keys()]).toEqual([manager.email]);

    const vacation = await planRunTwice('google.setVacationResponder', person, {
      subject: 'No longer with Acme',
      message: `Please write to ${manager.email}.`,
    });
    expect(vacation.writes).toBe(1);
    expect(sim.mailSettings(user.email).vacation).toMatchObject({
      enableAutoReply: true,
      responseSubject: 'No longer with Acme',
    });

    // An outside address needs the recipient's verification first: a clear, permanent error.
    const action = actionOf('google.setMailForwarding');
    const other = await personOf(takeUser());
    await expect(action.run(ctxOf(action, other, { to: 'someone@elsewhere.example' }))).rejects.toMatchObject(
      {
        reason: 'verificationPending',
        transient: false,
      },
    );
  });

  it('transferData: Drive (PRIVATE and SHARED) and Calendar to the manager, requested once', async () => {
    const manager = takeUser();
    const user = takeUser();
    const person = await personOf(user, manager);
    const transfer = await planRunTwice('google.transferData', person, { to: 'manager' });
    expect(transfer.plan).toHaveLength(1);
    expect(transfer.plan[0]?.body).toEqual({
      oldOwnerUserId: user.id,
      newOwnerUserId: manager.id,
      applicationDataTransfers: [
        {
          applicationId: '55656082996',
          applicationTransferParams: [{ key: 'PRIVACY_LEVEL', value: ['PRIVATE', 'SHARED'] }],
        },
        {
          applicationId: '435070579839',
          applicationTransferParams: [{ key: 'RELEASE_RESOURCES', value: ['TRUE'] }],
        },
      ],
    });
    expect(transfer.writes).toBe(1);
    expect(sim.transfers().filter((t) => t.oldOwnerUserId === user.id)).toHaveLength(1);
    expect(transfer.second.output).toMatchObject({ alreadyRequested: true, status: 'completed' });
  });

  it('wipeMobileDevices: every device of the person, once', async () => {
    const user = takeUser();
    const person = await personOf(user);
    const phone = sim.addMobileDevice({ email: user.email, model: 'Pixel 9' });
    const tablet = sim.addMobileDevice({ email: user.email, model: 'iPad' });
    sim.addMobileDevice({ email: takeUser().email, model: 'Not theirs' });
    const wipe = await planRunTwice('google.wipeMobileDevices', person, { mode: 'admin_account_wipe' });
    expect(wipe.plan.map((c) => c.body)).toEqual([
      { action: 'admin_account_wipe' },
      { action: 'admin_account_wipe' },
    ]);
    expect(wipe.writes).toBe(2);
    expect(sim.directory.findMobileDevice(phone.resourceId)?.status).toBe('ACCOUNT_WIPING');
    expect(sim.directory.findMobileDevice(tablet.resourceId)?.status).toBe('ACCOUNT_WIPING');
  });

  it('retries a 503 and completes', async () => {
    const user = takeUser();
    const person = await personOf(user);
    // Every request to the user fails with Google's 503 until the first retry's backoff.
    const injected = sim.faultsInjected().backendError ?? 0;
    const cancel = sim.failAfter(`/admin/directory/v1/users/${user.id}`, 0, 'backendError');
    let retries = 0;
    const key = sim.serviceAccountKey();
    const retrying = createGoogleAdmin({
      serviceAccountKey: key,
      adminEmail: sim.adminEmail,
      customerId: 'my_customer',
      apiOrigin: sim.origin,
      retry: {
        sleep: () => {
          retries++;
          cancel();
          return Promise.resolve();
        },
      },
    });
    const action = actionOf('google.suspendUser');
    await action.run(ctxOf(action, person, {}, retrying));
    expect(retries).toBe(1);
    expect(sim.faultsInjected().backendError).toBe(injected + 1);
    expect(sim.directory.findUser(user.email)?.suspended).toBe(true);
  });
});

describe('Google actions without their scopes', () => {
  let sim: Simulator;
  beforeAll(async () => {
    const { startSimulator } = await import('../../src/simulators/workspace/server.ts');
    const { ALL_API_SCOPES } = await import('../../src/simulators/workspace/token.ts');
    sim = await startSimulator({
      delegatedScopes: ALL_API_SCOPES.filter((s) => s !== SCOPES.user && s !== SCOPES.group),
    });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('fail with a permanent 403 naming the scope; grantedScopes says which are missing', async () => {
    const google = createGoogleAdmin({
      serviceAccountKey: sim.serviceAccountKey(),
      adminEmail: sim.adminEmail,
      customerId: 'my_customer',
      apiOrigin: sim.origin,
      retry: noSleep,
    });
    const granted = await google.grantedScopes([
      SCOPES.user,
      SCOPES.group,
      SCOPES.licensing,
      SCOPES.userSecurity,
    ]);
    expect([...granted].sort()).toEqual([SCOPES.licensing, SCOPES.userSecurity].sort());
    const user = [...sim.directory.users()].find((u) => !u.isAdmin);
    if (user === undefined) throw new Error('no user');
    const error: unknown = await google
      .send({
        method: 'PUT',
        url: `https://admin.googleapis.com/admin/directory/v1/users/${user.id}`,
        body: { suspended: true },
        scopes: [SCOPES.user],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleCallError);
    expect(error).toMatchObject({ status: 403, transient: false });
    expect((error as Error).message).toContain('admin.directory.user');
    expect(sim.directory.findUser(user.email)?.suspended).toBe(false);
    // A token with another scope is refused by the API itself (insufficient scopes), also 403.
    const wrong: unknown = await google
      .send({
        method: 'PUT',
        url: `https://admin.googleapis.com/admin/directory/v1/users/${user.id}`,
        body: { suspended: true },
        scopes: [SCOPES.licensing],
      })
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ status: 403, reason: 'insufficientPermissions', transient: false });

    // The dry run still lists what would be sent (the engine marks it not allowed).
    const action = actionOf('google.removeFromGroups');
    const plan = await action.plan({
      db: undefined as unknown as ActionContext<unknown>['db'],
      logger,
      organizationId: 1,
      now: new Date(),
      request: { id: 1, kind: 'offboarding', effectiveAt: new Date(), requestedByUserId: null },
      stepKey: 'groups',
      person: {
        id: 1,
        email: user.email,
        firstName: user.givenName,
        lastName: user.familyName,
        title: null,
        department: null,
        orgUnitPath: null,
        employeeType: null,
        googleId: user.id,
        manager: null,
        personalEmail: null,
      },
      params: {},
      google,
    });
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ method: 'DELETE', scopes: [SCOPES.group] });
    expect(plan[0]?.description).toContain('admin.directory.group');
  });
});
