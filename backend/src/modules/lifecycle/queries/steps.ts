import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { Database, LifecycleTasks, ScheduledUserActions } from '../../../core/db/schema.ts';
import type { PersonRef } from './requests.ts';

export type StepTaskRow = Selectable<LifecycleTasks>;

/** A step (lifecycle_tasks) with its run (scheduled_user_actions, actions only) and its people. */
export interface StepRow extends StepTaskRow {
  run_id: number | null;
  run_status: string | null;
  scheduled_for: Date | null;
  attempts: number;
  locked_until: Date | null;
  assignee_ref: PersonRef | null;
  completed_by_ref: PersonRef | null;
}

const ref = (alias: 'au' | 'cu') =>
  sql<PersonRef | null>`CASE WHEN ${sql.ref(`${alias}.id`)} IS NULL THEN NULL ELSE json_build_object(
    'id', ${sql.ref(`${alias}.id`)}, 'email', ${sql.ref(`${alias}.email`)},
    'first_name', ${sql.ref(`${alias}.first_name`)}, 'last_name', ${sql.ref(`${alias}.last_name`)}) END`;

function stepsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('lifecycle_tasks as t')
    .leftJoin('scheduled_user_actions as a', 'a.lifecycle_task_id', 't.id')
    .leftJoin('organization_users as au', 'au.id', 't.assignee_user_id')
    .leftJoin('organization_users as cu', 'cu.id', 't.completed_by_user_id')
    .selectAll('t')
    .select([
      'a.id as run_id',
      'a.status as run_status',
      'a.scheduled_for',
      sql<number>`COALESCE(a.attempts, 0)`.as('attempts'),
      'a.locked_until',
      ref('au').as('assignee_ref'),
      ref('cu').as('completed_by_ref'),
    ]);
}

/** A request's steps in template order. */
export async function stepsOf(db: Kysely<Database>, requestId: number): Promise<StepRow[]> {
  return stepsQuery(db).where('t.user_request_id', '=', requestId).orderBy('t.sort_order').execute();
}

export async function findStep(
  db: Kysely<Database>,
  requestId: number,
  stepId: number,
): Promise<StepRow | undefined> {
  return stepsQuery(db)
    .where('t.user_request_id', '=', requestId)
    .where('t.id', '=', stepId)
    .executeTakeFirst();
}

export async function insertSteps(db: Kysely<Database>, rows: Insertable<LifecycleTasks>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('lifecycle_tasks').values(rows).execute();
}

export async function updateStep(
  db: Kysely<Database>,
  id: number,
  values: Updateable<LifecycleTasks>,
): Promise<void> {
  await db
    .updateTable('lifecycle_tasks')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function insertRun(
  db: Kysely<Database>,
  values: Insertable<ScheduledUserActions>,
): Promise<void> {
  await db.insertInto('scheduled_user_actions').values(values).execute();
}

export async function updateRun(
  db: Kysely<Database>,
  taskId: number,
  values: Updateable<ScheduledUserActions>,
): Promise<void> {
  await db
    .updateTable('scheduled_user_actions')
    .set({ ...values, updated_at: new Date() })
    .where('lifecycle_task_id', '=', taskId)
    .execute();
}

/**
 * Stops what has not run yet: steps waiting (pending, scheduled) or failed become cancelled, and so
 * do their runs. A step running now finishes (a Google call cannot be taken back halfway).
 */
export async function cancelOpenSteps(db: Kysely<Database>, requestId: number): Promise<number> {
  const result = await db
    .updateTable('lifecycle_tasks')
    .set({ status: 'cancelled', updated_at: new Date() })
    .where('user_request_id', '=', requestId)
    .where('status', 'in', ['pending', 'scheduled', 'failed'])
    .executeTakeFirst();
  await db
    .updateTable('scheduled_user_actions')
    .set({ status: 'cancelled', locked_until: null, updated_at: new Date() })
    .where('user_request_id', '=', requestId)
    .where('status', 'in', ['scheduled', 'failed'])
    .execute();
  return Number(result.numUpdatedRows);
}

/** The statuses of a request's steps (settling the request after a change). */
export async function stepStatuses(db: Kysely<Database>, requestId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('lifecycle_tasks')
    .select('status')
    .where('user_request_id', '=', requestId)
    .execute();
  return rows.map((r) => r.status);
}

/**
 * Runs due now: scheduled and at or past their time, or left running by a worker whose lease ran
 * out (a crashed process; actions are idempotent, so running one again is safe) — of requests
 * under way, and only where every earlier automatic step of the request is completed or skipped
 * (steps of one request act in template order).
 */
export async function dueRuns(
  db: Kysely<Database>,
  organizationId: number,
  now: Date,
  limit: number,
): Promise<{ task_id: number; request_id: number }[]> {
  return db
    .selectFrom('scheduled_user_actions as a')
    .innerJoin('lifecycle_tasks as t', 't.id', 'a.lifecycle_task_id')
    .innerJoin('user_requests as r', 'r.id', 't.user_request_id')
    .select(['t.id as task_id', 'r.id as request_id'])
    .where('r.organization_id', '=', organizationId)
    .where('r.status', 'in', ['approved', 'in_progress'])
    .where((eb) =>
      eb.or([
        eb.and([eb('a.status', '=', 'scheduled'), eb('a.scheduled_for', '<=', now)]),
        eb.and([eb('a.status', '=', 'running'), eb('a.locked_until', '<', now)]),
      ]),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('lifecycle_tasks as e')
            .select(sql`1`.as('one'))
            .whereRef('e.user_request_id', '=', 't.user_request_id')
            .where('e.action_type', 'is not', null)
            .whereRef('e.sort_order', '<', 't.sort_order')
            .where('e.status', 'not in', ['completed', 'skipped']),
        ),
      ),
    )
    .orderBy('a.scheduled_for')
    .orderBy('t.sort_order')
    .limit(limit)
    .execute();
}

/**
 * Claims a run for this worker, exactly once: the one UPDATE that moves it to running succeeds for
 * one caller only (a second sees the row already running, with a live lease). Returns the attempt
 * number this claim owns, or undefined when someone else has it.
 */
export async function claimRun(
  db: Kysely<Database>,
  taskId: number,
  now: Date,
  leaseUntil: Date,
): Promise<number | undefined> {
  const row = await db
    .updateTable('scheduled_user_actions')
    .set((eb) => ({
      status: 'running',
      attempts: eb('attempts', '+', 1),
      locked_until: leaseUntil,
      executed_at: now,
      updated_at: now,
    }))
    .where('lifecycle_task_id', '=', taskId)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'scheduled'), eb('scheduled_for', '<=', now)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
      ]),
    )
    .returning('attempts')
    .executeTakeFirst();
  return row?.attempts;
}

/** The request of a step, and whether it ever started (the claim stamps the first start). */
export async function stepStart(
  db: Kysely<Database>,
  taskId: number,
): Promise<{ user_request_id: number; started_at: Date | null }> {
  return db
    .selectFrom('lifecycle_tasks')
    .select(['user_request_id', 'started_at'])
    .where('id', '=', taskId)
    .executeTakeFirstOrThrow();
}

/** Keeps a claimed run this worker's while it still works on it (false: no longer ours). */
export async function extendLease(
  db: Kysely<Database>,
  taskId: number,
  attempt: number,
  until: Date,
): Promise<boolean> {
  const row = await db
    .updateTable('scheduled_user_actions')
    .set({ locked_until: until })
    .where('lifecycle_task_id', '=', taskId)
    .where('status', '=', 'running')
    .where('attempts', '=', attempt)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Ends the run this worker claimed (attempt `attempt`): false when it is no longer ours — its
 * lease ran out and another worker claimed it again — so the outcome is that worker's to record.
 */
export async function releaseRun(
  db: Kysely<Database>,
  taskId: number,
  attempt: number,
  values: Updateable<ScheduledUserActions>,
): Promise<boolean> {
  const row = await db
    .updateTable('scheduled_user_actions')
    .set({ ...values, locked_until: null, updated_at: new Date() })
    .where('lifecycle_task_id', '=', taskId)
    .where('status', '=', 'running')
    .where('attempts', '=', attempt)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** A manual task with its request. */
export interface TaskRow extends StepRow {
  request_kind: string;
  request_email: string | null;
  request_status: string;
  person: PersonRef | null;
}

/** Manual tasks: of requests under way, assigned to someone (or to this person). */
export async function listTasks(
  db: Kysely<Database>,
  organizationId: number,
  filter: {
    assigneeUserId?: number | undefined;
    status: 'open' | 'done' | 'all';
    afterId?: number | undefined;
    limit: number;
  },
): Promise<TaskRow[]> {
  let q = stepsQuery(db)
    .innerJoin('user_requests as r', 'r.id', 't.user_request_id')
    .leftJoin('organization_users as p', 'p.id', 'r.subject_user_id')
    .select([
      'r.request_type as request_kind',
      'r.email as request_email',
      'r.status as request_status',
      sql<PersonRef | null>`CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'email', p.email,
        'first_name', p.first_name, 'last_name', p.last_name) END`.as('person'),
    ])
    .where('r.organization_id', '=', organizationId)
    .where('t.action_type', 'is', null)
    // Tasks exist for people once the request is approved (before, nobody is assigned).
    .where('r.status', 'not in', ['pending', 'rejected']);
  if (filter.assigneeUserId !== undefined) q = q.where('t.assignee_user_id', '=', filter.assigneeUserId);
  if (filter.status === 'open') q = q.where('t.status', '=', 'pending').where('r.status', '!=', 'cancelled');
  else if (filter.status === 'done') q = q.where('t.status', 'in', ['completed', 'skipped']);
  if (filter.afterId !== undefined) q = q.where('t.id', '<', filter.afterId);
  return q
    .orderBy('t.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}

/** One task with its request (for PATCH /lifecycle/tasks/:id). */
export async function findTask(
  db: Kysely<Database>,
  organizationId: number,
  taskId: number,
): Promise<TaskRow | undefined> {
  return stepsQuery(db)
    .innerJoin('user_requests as r', 'r.id', 't.user_request_id')
    .leftJoin('organization_users as p', 'p.id', 'r.subject_user_id')
    .select([
      'r.request_type as request_kind',
      'r.email as request_email',
      'r.status as request_status',
      sql<PersonRef | null>`CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'email', p.email,
        'first_name', p.first_name, 'last_name', p.last_name) END`.as('person'),
    ])
    .where('r.organization_id', '=', organizationId)
    .where('t.action_type', 'is', null)
    .where('t.id', '=', taskId)
    .executeTakeFirst();
}
