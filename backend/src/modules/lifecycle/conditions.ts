import type { LifecycleConditions } from '@helios/shared';
import type { LifecyclePerson } from './actions/types.ts';

/** An OU path matches itself and every OU below it (`/Sales` matches `/Sales/EMEA`). */
const underOu = (path: string, parent: string): boolean => {
  const p = parent.replace(/\/+$/, '') || '/';
  return p === '/' || path === p || path.startsWith(`${p}/`);
};

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Why a step does not apply to this person (its conditions, each of which must match), or null
 * when it does. Steps without conditions apply to everyone.
 */
export function conditionMismatch(
  conditions: LifecycleConditions | null | undefined,
  person: Pick<LifecyclePerson, 'orgUnitPath' | 'department' | 'employeeType'>,
): string | null {
  if (!conditions) return null;
  const { orgUnitPaths, departments, employeeTypes } = conditions;
  if (orgUnitPaths && orgUnitPaths.length > 0) {
    const ou = person.orgUnitPath;
    if (!ou || !orgUnitPaths.some((p) => underOu(ou, p)))
      return `org unit ${ou ?? '(none)'} is not under ${orgUnitPaths.join(', ')}`;
  }
  if (departments && departments.length > 0) {
    const d = person.department;
    if (!d || !departments.some((x) => same(x, d)))
      return `department ${d ?? '(none)'} is not one of ${departments.join(', ')}`;
  }
  if (employeeTypes && employeeTypes.length > 0) {
    const t = person.employeeType;
    if (!t || !employeeTypes.some((x) => same(x, t)))
      return `employee type ${t ?? '(none)'} is not one of ${employeeTypes.join(', ')}`;
  }
  return null;
}

const DAY_MS = 86_400_000;

/** When a step is due: the request's effective moment moved by the step's offset in days. */
export const stepTime = (effectiveAt: Date, offsetDays: number): Date =>
  new Date(effectiveAt.getTime() + offsetDays * DAY_MS);

/** A task's due date (UTC calendar day of its time). */
export const dueDateOf = (effectiveAt: Date, offsetDays: number): string =>
  stepTime(effectiveAt, offsetDays).toISOString().slice(0, 10);
