// The Workspace simulator's writes (the lifecycle's) against plain fetch: Google's validation and
// error bodies, scopes per write, the admin-activity events the incremental sync reads, and the
// write counter that proves "never acted twice".
import { createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulators/workspace/server.ts';
import {
  createServiceAccountKey,
  GOOGLE_TOKEN_URL,
  JWT_BEARER_GRANT,
  type ServiceAccountKey,
} from '../src/simulators/workspace/token.ts';

type Json = Record<string, unknown>;
const KEY: ServiceAccountKey = createServiceAccountKey();
const AUTH = 'https://www.googleapis.com/auth/';
const DIR = '/admin/directory/v1';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ serviceAccountKey: KEY });
});
afterAll(async () => {
  await sim?.close();
});

async function token(scopes: string[], subject = sim.adminEmail): Promise<string> {
  const enc = (part: Json) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const input = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({
    iss: KEY.client_email,
    sub: subject,
    scope: scopes.map((s) => `${AUTH}${s}`).join(' '),
    aud: GOOGLE_TOKEN_URL,
    iat,
    exp: iat + 3600,
  })}`;
  const signature = createSign('RSA-SHA256').update(input).sign(KEY.private_key).toString('base64url');
  const res = await fetch(`${sim.origin}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion: `${input}.${signature}` }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function call(
  bearer: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${sim.origin}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Json) };
}

/** Google's error body: code, message, one errors[] item with domain global and the reason. */
function expectGoogleError(
  res: { status: number; body: Json },
  status: number,
  reason: string,
  message?: string,
) {
  expect(res.status).toBe(status);
  const error = res.body.error as { code: number; message: string; errors: Json[] };
  expect(error.code).toBe(status);
  expect(error.errors[0]).toMatchObject({ domain: 'global', reason });
  if (message !== undefined) expect(error.message).toBe(message);
}

const adminEvents = async (name: string): Promise<string> => {
  const bearer = await token(['admin.reports.audit.readonly']);
  const res = await call(
    bearer,
    'GET',
    `/admin/reports/v1/activity/users/all/applications/admin?eventName=${name}`,
  );
  expect(res.status).toBe(200);
  return JSON.stringify(res.body);
};

const aUser = (skip = 0) => {
  const users = [...sim.directory.users()].filter((u) => !u.isAdmin && !u.suspended && u.skuId !== null);
  const user = users[skip];
  if (user === undefined) throw new Error('no user');
  return user;
};

describe('Workspace simulator writes', () => {
  it('users.insert: Google validation, 409 on a duplicate, the CREATE_USER event; failures write nothing', async () => {
    const bearer = await token(['admin.directory.user']);
    const base = {
      primaryEmail: 'Fresh.Person@acme.example',
      name: { givenName: 'Fresh', familyName: 'Person' },
      password: 'correct-horse-battery',
      changePasswordAtNextLogin: true,
      orgUnitPath: '/',
      organizations: [{ title: 'Analyst', department: 'Finance', description: 'Intern', primary: true }],
    };
    const users = sim.counts().users;
    const writes = sim.writeCount();
    expectGoogleError(
      await call(bearer, 'POST', `${DIR}/users`, { ...base, primaryEmail: 'not-an-email' }),
      400,
      'invalid',
      'Invalid Input: primary_user_email',
    );
    expectGoogleError(
      await call(bearer, 'POST', `${DIR}/users`, { ...base, primaryEmail: 'x@other.example' }),
      400,
      'notFound',
      'Domain not found.',
    );
    expectGoogleError(
      await call(bearer, 'POST', `${DIR}/users`, { ...base, password: 'short' }),
      400,
      'invalid',
      'Invalid Password',
    );
    expectGoogleError(
      await call(bearer, 'POST', `${DIR}/users`, { ...base, orgUnitPath: '/Nope' }),
      400,
      'invalid',
      'Invalid Input: INVALID_OU_ID',
    );
    expectGoogleError(
      await call(bearer, 'POST', `${DIR}/users`, { ...base, name: { givenName: 'A' } }),
      400,
      'invalid',
      'Invalid Given/Family Name: FamilyName',
    );
    expect(sim.counts().users).toBe(users);
    expect(sim.writeCount()).toBe(writes);

    const created = await call(bearer, 'POST', `${DIR}/users`, base);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      kind: 'admin#directory#user',
      primaryEmail: 'fresh.person@acme.example',
      changePasswordAtNextLogin: true,
      orgUnitPath: '/',
      organizations: [{ title: 'Analyst', department: 'Finance', description: 'Intern', primary: true }],
    });
    expect(JSON.stringify(created.body)).not.toContain('correct-horse');
    expect(sim.passwordMatches('fresh.person@acme.example', 'correct-horse-battery')).toBe(true);
    expect(sim.counts().users).toBe(users + 1);
    expect(sim.writeCount('POST /admin/directory/v1/users')).toBe(1);
    expect(await adminEvents('CREATE_USER')).toContain('fresh.person@acme.example');

    expectGoogleError(
      await call(bearer, 'POST', `${DIR}/users`, base),
      409,
      'duplicate',
      'Entity already exists.',
    );
    expect(sim.writeCount('POST /admin/directory/v1/users')).toBe(1);
  });

  it('users.update / patch: suspend, move, password, profile — with their events; 404 and 400s', async () => {
    const bearer = await token(['admin.directory.user']);
    const user = aUser(0);
    sim.directory.addOrgUnit('/Leavers');
    expectGoogleError(
      await call(bearer, 'PUT', `${DIR}/users/nobody@acme.example`, { suspended: true }),
      404,
      'notFound',
      'Resource Not Found: userKey',
    );
    expectGoogleError(
      await call(bearer, 'PATCH', `${DIR}/users/${user.id}`, { orgUnitPath: '/Nowhere' }),
      400,
      'invalid',
      'Invalid Input: INVALID_OU_ID',
    );
    expectGoogleError(
      await call(bearer, 'PATCH', `${DIR}/users/${user.id}`, { suspended: 'yes' }),
      400,
      'invalid',
    );
    expect(sim.directory.findUser(user.email)?.orgUnitPath).toBe(user.orgUnitPath);

    const moved = await call(bearer, 'PATCH', `${DIR}/users/${user.id}`, { orgUnitPath: '/Leavers' });
    expect(moved.status).toBe(200);
    expect(moved.body.orgUnitPath).toBe('/Leavers');
    expect(await adminEvents('MOVE_USER_TO_ORG_UNIT')).toContain(user.email);
    const suspended = await call(bearer, 'PUT', `${DIR}/users/${encodeURIComponent(user.email)}`, {
      suspended: true,
    });
    expect(suspended.body).toMatchObject({ suspended: true, suspensionReason: 'ADMIN' });
    expect(await adminEvents('SUSPEND_USER')).toContain(user.email);
    expect(
      (await call(bearer, 'PUT', `${DIR}/users/${user.id}`, { password: 'another-long-secret' })).status,
    ).toBe(200);
    expect(sim.passwordMatches(user.email, 'another-long-secret')).toBe(true);
    expect(await adminEvents('CHANGE_PASSWORD')).toContain(user.email);
    const manager = aUser(1);
    const profile = await call(bearer, 'PUT', `${DIR}/users/${user.id}`, {
      organizations: [{ title: 'Leaver', department: 'Sales', primary: true }],
      relations: [{ value: manager.email, type: 'manager' }],
      phones: [{ value: '+1 555 0101', type: 'mobile' }],
    });
    expect(profile.body).toMatchObject({
      organizations: [{ title: 'Leaver', department: 'Sales' }],
      relations: [{ value: manager.email, type: 'manager' }],
      phones: [{ value: '+1 555 0101', type: 'mobile' }],
    });
    // The next listing (what the sync reads) shows it.
    const listed = await call(bearer, 'GET', `${DIR}/users/${user.id}`);
    expect(listed.body).toMatchObject({ suspended: true, orgUnitPath: '/Leavers' });
  });

  it('checks each write’s scope like the reads', async () => {
    const readonly = await token(['admin.directory.user.readonly', 'admin.directory.group.readonly']);
    const user = aUser(2);
    expectGoogleError(
      await call(readonly, 'PUT', `${DIR}/users/${user.id}`, { suspended: true }),
      403,
      'insufficientPermissions',
    );
    expectGoogleError(
      await call(readonly, 'POST', `${DIR}/groups/${sim.directory.groups()[0]?.email}/members`, {
        email: user.email,
      }),
      403,
      'insufficientPermissions',
    );
    expectGoogleError(
      await call(readonly, 'POST', `${DIR}/users/${user.id}/signOut`),
      403,
      'insufficientPermissions',
    );
    expect(sim.directory.findUser(user.email)?.suspended).toBe(false);
  });

  it('members insert / get / delete and groups.list?userKey (paged)', async () => {
    const bearer = await token(['admin.directory.group']);
    const user = aUser(3);
    const group = sim.addGroup({ email: 'lc-sim@acme.example' });
    const path = `${DIR}/groups/${group.email}/members`;
    expectGoogleError(await call(bearer, 'POST', path, { email: 'ghost@acme.example' }), 404, 'notFound');
    expectGoogleError(await call(bearer, 'POST', path, { email: user.email, role: 'BOSS' }), 400, 'invalid');
    const added = await call(bearer, 'POST', path, { email: user.email, role: 'MEMBER' });
    expect(added).toMatchObject({ status: 200, body: { email: user.email, role: 'MEMBER', type: 'USER' } });
    expect(await adminEvents('ADD_GROUP_MEMBER')).toContain(group.email);
    expectGoogleError(
      await call(bearer, 'POST', path, { email: user.email }),
      409,
      'duplicate',
      'Member already exists.',
    );
    expect((await call(bearer, 'GET', `${path}/${encodeURIComponent(user.email)}`)).body).toMatchObject({
      role: 'MEMBER',
    });

    for (let i = 0; i < 3; i++)
      sim.addGroupMember(sim.addGroup({ email: `lc-sim-${i}@acme.example` }).email, user.email);
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await call(
        bearer,
        'GET',
        `${DIR}/groups?userKey=${user.id}&maxResults=2${pageToken ? `&pageToken=${pageToken}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...((page.body.groups as { email: string }[] | undefined) ?? []).map((g) => g.email));
      pageToken = page.body.nextPageToken as string | undefined;
    } while (pageToken !== undefined);
    expect(seen).toEqual(
      expect.arrayContaining(['lc-sim@acme.example', 'lc-sim-0@acme.example', 'lc-sim-2@acme.example']),
    );

    const removed = await call(bearer, 'DELETE', `${path}/${encodeURIComponent(user.email)}`);
    expect(removed.status).toBe(204);
    expect(await adminEvents('REMOVE_GROUP_MEMBER')).toContain(group.email);
    expectGoogleError(
      await call(bearer, 'DELETE', `${path}/${encodeURIComponent(user.email)}`),
      404,
      'notFound',
      'Resource Not Found: memberKey',
    );
    expect(sim.writeCount(`DELETE ${path}/${encodeURIComponent(user.email)}`)).toBe(1);
  });

  it('users.signOut and tokens list / delete (user.security)', async () => {
    const bearer = await token(['admin.directory.user.security']);
    const user = aUser(4);
    sim.grantOAuthToken(user.email, { clientId: 'c1.apps.googleusercontent.com', displayText: 'Slack' });
    expect((await call(bearer, 'POST', `${DIR}/users/${user.id}/signOut`)).status).toBe(204);
    expect(sim.signOutCount(user.email)).toBe(1);
    expect(await adminEvents('RESET_SIGNIN_COOKIES')).toContain(user.email);
    const list = await call(bearer, 'GET', `${DIR}/users/${user.id}/tokens`);
    expect(list.body).toMatchObject({
      kind: 'admin#directory#tokenList',
      items: [{ clientId: 'c1.apps.googleusercontent.com', displayText: 'Slack', userKey: user.id }],
    });
    expect(
      (await call(bearer, 'DELETE', `${DIR}/users/${user.id}/tokens/c1.apps.googleusercontent.com`)).status,
    ).toBe(204);
    expect(await adminEvents('REVOKE_3LO_TOKEN')).toContain('c1.apps.googleusercontent.com');
    expectGoogleError(
      await call(bearer, 'DELETE', `${DIR}/users/${user.id}/tokens/c1.apps.googleusercontent.com`),
      404,
      'notFound',
    );
    expect((await call(bearer, 'GET', `${DIR}/users/${user.id}/tokens`)).body.items).toBeUndefined();
  });

  it('licenseAssignments insert / patch / delete, Google-Apps and other products', async () => {
    const bearer = await token(['apps.licensing']);
    const user = aUser(5);
    const lic = (product: string, sku: string, who?: string) =>
      `/apps/licensing/v1/product/${product}/sku/${sku}/user${who === undefined ? '' : `/${encodeURIComponent(who)}`}`;
    const held = user.skuId ?? '';
    expectGoogleError(
      await call(bearer, 'POST', lic('Google-Apps', held), { userId: user.email }),
      409,
      'duplicate',
    );
    expectGoogleError(
      await call(bearer, 'POST', lic('Google-Apps', '1010020020'), { userId: user.email }),
      412,
      'conditionNotMet',
    );
    expectGoogleError(
      await call(bearer, 'POST', lic('Google-Apps', '999'), { userId: user.email }),
      400,
      'invalid',
    );
    const patched = await call(bearer, 'PATCH', lic('Google-Apps', held, user.email), {
      skuId: '1010020020',
    });
    expect(patched.body).toMatchObject({ productId: 'Google-Apps', skuId: '1010020020', userId: user.email });
    expect(await adminEvents('USER_LICENSE_REASSIGNMENT')).toContain(user.email);
    expect((await call(bearer, 'POST', lic('101034', '1010340001'), { userId: user.email })).status).toBe(
      200,
    );
    expect((await call(bearer, 'GET', lic('101034', '1010340001', user.email))).status).toBe(200);
    expect((await call(bearer, 'DELETE', lic('Google-Apps', '1010020020', user.email))).status).toBe(204);
    expect(sim.directory.findUser(user.email)?.skuId).toBeNull();
    expect(await adminEvents('USER_LICENSE_REVOKE')).toContain(user.email);
    expectGoogleError(
      await call(bearer, 'DELETE', lic('Google-Apps', '1010020020', user.email)),
      404,
      'notFound',
    );
    expect(sim.extraLicenses(user.email)).toEqual(['101034/1010340001']);
  });

  it('Data Transfer: applications, transfers insert / list / get, completed', async () => {
    const bearer = await token(['admin.datatransfer']);
    const from = aUser(6);
    const to = aUser(7);
    const apps = await call(bearer, 'GET', '/admin/datatransfer/v1/applications');
    const names = (apps.body.applications as { name: string }[]).map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['Drive and Docs', 'Calendar']));
    const body = {
      oldOwnerUserId: from.id,
      newOwnerUserId: to.id,
      applicationDataTransfers: [
        {
          applicationId: '55656082996',
          applicationTransferParams: [{ key: 'PRIVACY_LEVEL', value: ['PRIVATE', 'SHARED'] }],
        },
      ],
    };
    expectGoogleError(
      await call(bearer, 'POST', '/admin/datatransfer/v1/transfers', { ...body, oldOwnerUserId: from.email }),
      400,
      'invalid',
    );
    expectGoogleError(
      await call(bearer, 'POST', '/admin/datatransfer/v1/transfers', {
        ...body,
        applicationDataTransfers: [
          {
            applicationId: '55656082996',
            applicationTransferParams: [{ key: 'PRIVACY_LEVEL', value: ['PUBLIC'] }],
          },
        ],
      }),
      400,
      'invalid',
    );
    const readonly = await token(['admin.datatransfer.readonly']);
    expectGoogleError(
      await call(readonly, 'POST', '/admin/datatransfer/v1/transfers', body),
      403,
      'insufficientPermissions',
    );
    const created = await call(bearer, 'POST', '/admin/datatransfer/v1/transfers', body);
    expect(created.body).toMatchObject({
      kind: 'admin#datatransfer#DataTransfer',
      overallTransferStatusCode: 'inProgress',
    });
    const got = await call(readonly, 'GET', `/admin/datatransfer/v1/transfers/${String(created.body.id)}`);
    expect(got.body.overallTransferStatusCode).toBe('completed');
    const listed = await call(
      readonly,
      'GET',
      `/admin/datatransfer/v1/transfers?oldOwnerUserId=${from.id}&newOwnerUserId=${to.id}`,
    );
    expect((listed.body.dataTransfers as Json[]).map((t) => t.id)).toEqual([created.body.id]);
    expect(await adminEvents('CREATE_DATA_TRANSFER_REQUEST')).toContain(from.email);
  });

  it('Gmail settings: as the mailbox itself, sharing vs basic scopes, verification, a mailbox needed', async () => {
    const user = aUser(8);
    const colleague = aUser(9);
    const base = `/gmail/v1/users/${encodeURIComponent(user.email)}/settings`;
    const sharing = await token(['gmail.settings.sharing'], user.email);
    const basic = await token(['gmail.settings.basic'], user.email);
    const asColleague = await token(['gmail.settings.sharing'], colleague.email);
    expectGoogleError(
      await call(asColleague, 'POST', `${base}/delegates`, { delegateEmail: colleague.email }),
      403,
      'forbidden',
    );
    expectGoogleError(
      await call(basic, 'POST', `${base}/forwardingAddresses`, { forwardingEmail: colleague.email }),
      403,
      'insufficientPermissions',
    );

    const inside = await call(sharing, 'POST', `${base}/forwardingAddresses`, {
      forwardingEmail: colleague.email,
    });
    expect(inside.body).toEqual({ forwardingEmail: colleague.email, verificationStatus: 'accepted' });
    expectGoogleError(
      await call(sharing, 'POST', `${base}/forwardingAddresses`, { forwardingEmail: colleague.email }),
      409,
      'alreadyExists',
    );
    const outside = await call(sharing, 'POST', `${base}/forwardingAddresses`, {
      forwardingEmail: 'me@home.example',
    });
    expect(outside.body.verificationStatus).toBe('pending');
    expectGoogleError(
      await call(sharing, 'PUT', `${base}/autoForwarding`, {
        enabled: true,
        emailAddress: 'me@home.example',
        disposition: 'leaveInInbox',
      }),
      400,
      'failedPrecondition',
    );
    const forwarding = await call(sharing, 'PUT', `${base}/autoForwarding`, {
      enabled: true,
      emailAddress: colleague.email,
      disposition: 'archive',
    });
    expect(forwarding.body).toEqual({ enabled: true, emailAddress: colleague.email, disposition: 'archive' });
    expect((await call(basic, 'GET', `${base}/autoForwarding`)).body).toEqual(forwarding.body);

    const vacation = await call(basic, 'PUT', `${base}/vacation`, {
      enableAutoReply: true,
      responseSubject: 'Gone',
      responseBodyPlainText: 'Bye',
    });
    expect(vacation.body).toMatchObject({ enableAutoReply: true, responseSubject: 'Gone' });
    expectGoogleError(
      await call(basic, 'PUT', `${base}/vacation`, { enableAutoReply: true }),
      400,
      'invalidArgument',
    );

    expectGoogleError(
      await call(sharing, 'POST', `${base}/delegates`, { delegateEmail: 'x@home.example' }),
      400,
      'invalidArgument',
    );
    expect(
      (await call(sharing, 'POST', `${base}/delegates`, { delegateEmail: colleague.email })).body,
    ).toEqual({ delegateEmail: colleague.email, verificationStatus: 'accepted' });
    expectGoogleError(
      await call(sharing, 'POST', `${base}/delegates`, { delegateEmail: colleague.email }),
      409,
      'alreadyExists',
    );

    // No license, no mailbox.
    const unlicensed = aUser(10);
    sim.moveLicense(unlicensed.email, null);
    const noMail = await token(['gmail.settings.basic'], unlicensed.email);
    expectGoogleError(
      await call(noMail, 'GET', `/gmail/v1/users/${encodeURIComponent(unlicensed.email)}/settings/vacation`),
      400,
      'failedPrecondition',
      'Mail service not enabled',
    );
    expect(sim.writeCount(/^POST \/gmail\/.*\/forwardingAddresses$/)).toBe(2);
  });

  it('mobiledevices.action: account wipe and remote wipe; 400 and 404', async () => {
    const bearer = await token(['admin.directory.device.mobile.action']);
    const user = aUser(11);
    const device = sim.addMobileDevice({ email: user.email });
    const path = `${DIR}/customer/my_customer/devices/mobile/${device.resourceId}/action`;
    expectGoogleError(await call(bearer, 'POST', path, { action: 'explode' }), 400, 'invalid');
    expectGoogleError(
      await call(bearer, 'POST', `${DIR}/customer/my_customer/devices/mobile/nope/action`, {
        action: 'admin_remote_wipe',
      }),
      404,
      'notFound',
    );
    expect((await call(bearer, 'POST', path, { action: 'admin_account_wipe' })).status).toBe(204);
    const listed = await call(
      bearer,
      'GET',
      `${DIR}/customer/my_customer/devices/mobile?query=${encodeURIComponent(`email:${user.email}`)}`,
    );
    const devices = listed.body.mobiledevices as { email: string[]; resourceId: string; status: string }[];
    expect(devices.every((d) => d.email.includes(user.email))).toBe(true);
    expect(devices).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resourceId: device.resourceId, status: 'ACCOUNT_WIPING' }),
      ]),
    );
    expect((await call(bearer, 'POST', path, { action: 'admin_remote_wipe' })).status).toBe(204);
    expect(sim.directory.findMobileDevice(device.resourceId)?.status).toBe('WIPING');
    expect(sim.writeCount(`POST ${path}`)).toBe(2);
  });
});
