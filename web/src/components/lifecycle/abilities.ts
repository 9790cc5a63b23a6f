import type { Me } from '@helios/shared';

/** What the lifecycle pages may offer the signed-in person (from GET /me; the API refuses the rest). */
export interface LifecycleAbilities {
  /** See requests, the Lifecycle nav, file joiner/leaver requests. */
  requests: boolean;
  /** Edit templates. */
  templates: boolean;
  /** Lifecycle tasks can be assigned to them (My tasks). */
  tasks: boolean;
}

export function lifecycleAbilities(me: Me): LifecycleAbilities {
  const a: Record<string, boolean | undefined> = { ...me.abilities };
  const staff = me.role === 'admin' || me.role === 'manager';
  return {
    requests: a.manageLifecycle ?? staff,
    templates: a.manageLifecycleTemplates ?? me.role === 'admin',
    tasks: a.manageLifecycle ?? staff,
  };
}
