import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGraphSource,
  normalizeMicrosoftOrigin,
} from '../src/modules/directory-sync/providers/microsoft/clients.ts';
import { trustCertificate } from '../src/simulators/microsoft/certificate.ts';
import { startGraphSimulator, type GraphSimulator } from '../src/simulators/microsoft/server.ts';
import { generateTenant, overlaps } from '../src/simulators/microsoft/tenant.ts';
import { baseEmail, resolveSpec } from '../src/simulators/workspace/generator.ts';

interface Page {
  value: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

describe('Graph simulator', () => {
  let sim: GraphSimulator;
  let token: string;
  const get = async (url: string, headers: Record<string, string> = {}) =>
    fetch(url.startsWith('http') ? url : `${sim.origin}${url}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
  const tokenRequest = (secret: string) =>
    fetch(`${sim.origin}/${sim.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: sim.clientId,
        client_secret: secret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
  /** Every page of a listing; returns the records and the last link. */
  const all = async (first: string) => {
    const items: Record<string, unknown>[] = [];
    let url: string | undefined = first;
    let delta: string | undefined;
    let pages = 0;
    while (url) {
      const res = await get(url, { prefer: 'odata.maxpagesize=7' });
      expect(res.status).toBe(200);
      const page = (await res.json()) as Page;
      items.push(...page.value);
      pages++;
      url = page['@odata.nextLink'];
      delta = page['@odata.deltaLink'];
    }
    return { items, delta, pages };
  };

  beforeAll(async () => {
    sim = await startGraphSimulator({ tenant: { users: 40, seed: 3, groups: 6, devices: 12 } });
    trustCertificate(sim.certificate);
    const res = await tokenRequest(sim.clientSecret);
    expect(res.status).toBe(200);
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterAll(() => sim?.close());

  it('verifies the client secret and answers OAuth errors as Entra ID does', async () => {
    const bad = await tokenRequest('wrong');
    expect(bad.status).toBe(401);
    const body = (await bad.json()) as { error: string; error_codes: number[] };
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([7000215]);
    const unauthenticated = await fetch(`${sim.origin}/v1.0/users/delta`);
    expect(unauthenticated.status).toBe(401);
    expect(((await unauthenticated.json()) as { error: { code: string } }).error.code).toBe(
      'InvalidAuthenticationToken',
    );
  });

  it('is deterministic and shares the configured share of the Workspace people', () => {
    const a = generateTenant({ users: 500, seed: 5, overlapShare: 0.4 });
    const b = generateTenant({ users: 500, seed: 5, overlapShare: 0.4 });
    expect([...a.users.values()]).toEqual([...b.users.values()]);
    const workspace = resolveSpec({ users: 501, seed: 5 });
    const shared = [...Array(500).keys()].filter((i) => overlaps(a.spec, i));
    expect(shared.length / 500).toBeGreaterThan(0.33);
    expect(shared.length / 500).toBeLessThan(0.47);
    for (const i of shared.slice(0, 20)) expect(a.userAt(i).mail).toBe(baseEmail(workspace, i + 1));
  });

  it('pages users/delta with $select, then a delta of exactly the changes', async () => {
    const first = await all('/v1.0/users/delta?$select=id,displayName,mail,accountEnabled');
    expect(first.items).toHaveLength(40);
    expect(first.pages).toBe(6);
    expect(Object.keys(first.items[0] ?? {}).sort()).toEqual(['accountEnabled', 'displayName', 'id', 'mail']);
    expect(first.delta).toContain('$deltatoken=');
    const empty = await all(first.delta ?? '');
    expect(empty.items).toEqual([]);

    const renamed = sim.tenant.userAt(3);
    sim.tenant.renameUser(renamed.id, 'renamed.person@acme.example');
    const deleted = sim.tenant.userAt(4);
    sim.tenant.deleteUser(deleted.id);
    const changes = await all(empty.delta ?? '');
    expect(changes.items).toEqual([
      {
        id: renamed.id,
        displayName: renamed.displayName,
        mail: 'renamed.person@acme.example',
        accountEnabled: renamed.accountEnabled,
      },
      { id: deleted.id, '@removed': { reason: 'changed' } },
    ]);
    // Expired: by age, or every token at once.
    sim.advanceClock(8 * 86_400_000);
    token = ((await (await tokenRequest(sim.clientSecret)).json()) as { access_token: string }).access_token;
    const old = await get(changes.delta ?? '');
    expect(old.status).toBe(410);
    expect(((await old.json()) as { error: { code: string } }).error.code).toBe('syncStateNotFound');
  });

  it('lists groups with members inline, SKUs with seats, managed devices; refuses unknown properties', async () => {
    const groups = await all('/v1.0/groups/delta?$select=displayName,mail,members');
    expect(groups.items).toHaveLength(6);
    const members = groups.items.flatMap((g) => g['members@delta'] as unknown[]);
    expect(members.length).toBe(sim.tenant.counts().groupMembers);
    const skus = (await (await get('/v1.0/subscribedSkus')).json()) as Page;
    for (const s of skus.value)
      expect((s.prepaidUnits as { enabled: number }).enabled).toBeGreaterThan(s.consumedUnits as number);
    const devices = await all(
      '/v1.0/deviceManagement/managedDevices?$select=id,serialNumber,complianceState',
    );
    expect(devices.items).toHaveLength(12);
    const bad = await get('/v1.0/users/delta?$select=id,shoeSize');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('shoeSize');
  });

  it('lets the client retry an unreachable login endpoint, and refuse other hosts', async () => {
    const closed = await startGraphSimulator({ tenant: { users: 1 } });
    const origin = closed.origin;
    await closed.close();
    const attempts: number[] = [];
    const source = createGraphSource({
      tenantId: sim.tenantId,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      loginOrigin: origin,
      graphOrigin: origin,
      retry: {
        sleep: () => Promise.resolve(),
        maxAttempts: 3,
        onRetry: (r) => void attempts.push(r.attempt),
      },
    });
    await expect(source.token()).rejects.toThrow(/after 3 attempts: Microsoft login endpoint unreachable/);
    expect(attempts).toEqual([1, 2]);
    expect(() => normalizeMicrosoftOrigin('http://127.0.0.1:4011', 'HELIOS_MICROSOFT_LOGIN_ORIGIN')).toThrow(
      /https/,
    );
  });

  it('injects 429 with Retry-After and scripted failures', async () => {
    sim.setFaults({ rate: 1, kinds: ['throttle'], retryAfterSeconds: 2 });
    const throttled = await get('/v1.0/subscribedSkus');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    sim.clearFaults();
    const cancel = sim.failAfter(/^\/v1\.0\/subscribedSkus$/, 1);
    expect((await get('/v1.0/subscribedSkus')).status).toBe(200);
    expect((await get('/v1.0/subscribedSkus')).status).toBe(503);
    cancel();
    expect((await get('/v1.0/subscribedSkus')).status).toBe(200);
  });
});
