import type { z } from 'zod';
import type { lifecycleScopeSchema } from '@helios/shared';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api.ts';

export type LifecycleScope = z.infer<typeof lifecycleScopeSchema>;

/** GET /lifecycle/scopes: each Google scope, whether the service account has it, which actions need it. */
export const scopesQuery = queryOptions({
  queryKey: ['lifecycle', 'scopes'],
  queryFn: async () => (await api<LifecycleScope[]>('GET', '/lifecycle/scopes')).data,
  staleTime: 60_000,
});
