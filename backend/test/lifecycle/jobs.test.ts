// The step worker as the server runs it: the module's pg-boss queue and schedule, woken by a job.
import { setTimeout as sleep } from 'node:timers/promises';
import { lifecycleRequestSchema, lifecycleTemplateSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.ts';
import { type RunningJobs, startJobs } from '../../src/jobs.ts';
import { LIFECYCLE_STEPS_QUEUE } from '../../src/modules/lifecycle/index.ts';
import { startApi, TEST_DOMAIN, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

const timings = { cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1, pollingIntervalSeconds: 0.5 };
/** A cron that never comes due during a test (1 January, midnight): the test wakes the worker itself. */
const NEVER = '0 0 1 1 *';

describe.each(backends)('the lifecycle step worker (pg-boss) on %s', (backend) => {
  let h: ApiHarness;
  let jobs: RunningJobs | undefined;

  beforeAll(async () => {
    h = await startApi(backend);
  });
  afterAll(async () => {
    await jobs?.stop();
    await h?.close();
  });

  it('runs the due steps of an approved request when woken', async () => {
    const admin = await h.user('admin');
    const leaver = await h.user('user');
    const post = async (path: string, body?: unknown) => {
      const res = await h.api(admin.key, 'POST', path, body);
      const json = (await res.json()) as { data: unknown };
      expect(res.status, JSON.stringify(json)).toBeLessThan(300);
      return json.data;
    };
    const template = lifecycleTemplateSchema.parse(
      await post('/lifecycle/templates', {
        kind: 'offboarding',
        name: 'Helios access only',
        steps: [{ key: 'revoke', kind: 'action', name: 'Revoke', action: 'helios.revokeAccess', params: {} }],
      }),
    );
    const filed = lifecycleRequestSchema.parse(
      await post('/lifecycle/requests', {
        kind: 'offboarding',
        personEmail: leaver.user.email,
        templateId: template.id,
        effectiveAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    );
    await post(`/lifecycle/requests/${filed.id}/approve`);

    jobs = await startJobs(h.t.handle, {
      logger: createLogger('silent'),
      connectionString: h.t.url,
      timings,
      schedules: { [LIFECYCLE_STEPS_QUEUE]: NEVER },
      context: {
        db: h.t.handle.db,
        pool: h.t.handle.pool,
        logger: createLogger('silent'),
        organizationId: h.organizationId,
        identity: {
          audiences: [],
          orgDomain: TEST_DOMAIN,
          googleApiOrigin: undefined,
          bootstrapAdminEmail: undefined,
        },
        dataDir: h.dataDir,
        encryptionKeys: h.encryptionKeys,
        now: () => new Date(),
      },
    });
    await jobs.queue.send(LIFECYCLE_STEPS_QUEUE, {});
    const deadline = Date.now() + 30_000;
    let status = filed.status;
    while (Date.now() < deadline) {
      const res = await h.api(admin.key, 'GET', `/lifecycle/requests/${filed.id}`);
      status = lifecycleRequestSchema.parse(((await res.json()) as { data: unknown }).data).status;
      if (status === 'completed') break;
      await sleep(250);
    }
    expect(status).toBe('completed');
    expect((await h.api(leaver.key, 'GET', '/me')).status).toBe(401);
  });
});
