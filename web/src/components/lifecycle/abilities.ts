import type { Me } from '@helios/shared';

/** What the lifecycle pages may offer the signed-in person (from GET /me; the API refuses the rest). */
export interface LifecycleAbilities {
  /** See requests and the Lifecycle nav; file, dry-run, cancel and steer joiner/leaver requests. */
  requests: boolean;
  /** Approve or reject requests (a manager not their own: the request's abilities decide). */
  approve: boolean;
  /** Create, change and delete templates. */
  templates: boolean;
  /** Lifecycle tasks can be assigned to them (My tasks, the dashboard card). */
  tasks: boolean;
}

export function lifecycleAbilities(me: Me): LifecycleAbilities {
  const a = me.abilities;
  const requests = a.requestLifecycle ?? false;
  return {
    requests,
    approve: a.approveLifecycle ?? false,
    templates: a.manageLifecycleTemplates ?? false,
    tasks: requests,
  };
}
