// Every action a step can run: Google's (../google/actions.ts) and Helios's own (./helios.ts),
// one registry the engine, the template validation, the dry run and GET /lifecycle/scopes share.
import { lifecycleActionTypes, type LifecycleActionType } from '@helios/shared';
import { googleActions } from '../google/actions.ts';
import { heliosActions } from './helios.ts';
import type { LifecycleAction } from './types.ts';

export interface ActionRegistry {
  get(type: LifecycleActionType): LifecycleAction | undefined;
  all(): readonly LifecycleAction[];
}

export function actionRegistry(actions: readonly LifecycleAction[]): ActionRegistry {
  const byType = new Map<LifecycleActionType, LifecycleAction>();
  for (const a of actions) {
    if (byType.has(a.type)) throw new Error(`Two lifecycle actions of type ${a.type}`);
    byType.set(a.type, a);
  }
  return { get: (type) => byType.get(type), all: () => [...byType.values()] };
}

export const lifecycleActions = actionRegistry([...googleActions, ...heliosActions]);

/** Action types the shared contract names but no action implements yet (listed by a test). */
export const unimplementedActionTypes = (): LifecycleActionType[] =>
  lifecycleActionTypes.filter((t) => lifecycleActions.get(t) === undefined);
