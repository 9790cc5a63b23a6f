import type { HeliosModule, ModuleContext } from '../../core/module.ts';
import { lifecycleActions } from './actions/index.ts';
import { defaultEngineOptions, type LifecycleDeps } from './commands/deps.ts';
import { insertDefaultTemplates } from './commands/templates.ts';
import { defaultTemplates } from './defaults.ts';
import { openGoogleAdmin } from './google/client.ts';
import { LIFECYCLE_STEPS_QUEUE, lifecycleJobs } from './jobs/steps.ts';
import { canRequest, canTemplate } from './policies/lifecycle.ts';
import { requestRoutes } from './routes/requests.ts';
import { taskRoutes } from './routes/tasks.ts';
import { templateRoutes } from './routes/templates.ts';

/** The lifecycle's dependencies, from the module context (tests build their own). */
export function lifecycleDeps(ctx: ModuleContext): LifecycleDeps {
  return {
    db: ctx.db,
    logger: ctx.logger,
    organizationId: ctx.organizationId,
    now: ctx.now,
    openGoogle: () => openGoogleAdmin(ctx.db, ctx.vault, ctx.organizationId, ctx.identity.googleApiOrigin),
    actions: lifecycleActions,
    wake: () => ctx.jobs.send(LIFECYCLE_STEPS_QUEUE, {}),
    engine: defaultEngineOptions,
  };
}

/**
 * Onboarding and offboarding: templates of ordered steps, joiner and leaver requests approved by
 * staff, steps that act on Google Workspace and on Helios at their time — exactly once, retried,
 * resumable — and the manual tasks they open.
 */
export const lifecycleModule: HeliosModule = {
  name: 'lifecycle',
  routes: (ctx) => {
    const deps = lifecycleDeps(ctx);
    return [...templateRoutes(deps), ...requestRoutes(deps), ...taskRoutes(deps)];
  },
  jobs: (ctx) => lifecycleJobs(lifecycleDeps(ctx)),
  abilities: (actor) => ({
    manageLifecycleTemplates: canTemplate(actor, 'create'),
    requestLifecycle: canRequest(actor, 'create'),
    approveLifecycle: canRequest(actor, 'approve'),
  }),
  async onOrganizationCreated(trx, organization) {
    await insertDefaultTemplates(trx, organization.id, defaultTemplates(organization.primary_domain));
  },
};
