import type { LifecycleKind } from '@helios/shared';
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { Database, UserRequests } from '../../../core/db/schema.ts';

export type UserRequestRow = Selectable<UserRequests>;

/** The seed's request_type of each lifecycle kind. */
export const requestTypeOf = (kind: LifecycleKind): 'onboard' | 'offboard' =>
  kind === 'onboarding' ? 'onboard' : 'offboard';
export const kindOf = (requestType: string): LifecycleKind =>
  requestType === 'onboard' ? 'onboarding' : 'offboarding';

/** Open: not yet finished one way or the other. */
export const OPEN_REQUEST_STATUSES = ['pending', 'approved', 'in_progress', 'failed'] as const;

export interface PersonRef {
  id: number;
  email: string;
  first_name: string | null;
  last_name: string | null;
}

/** A request with what its presenter shows of the people and template it names. */
export interface RequestRow extends UserRequestRow {
  person: PersonRef | null;
  template_name: string | null;
  requested_by: PersonRef | null;
  approved_by: PersonRef | null;
}

function withRefs(db: Kysely<Database>) {
  const person = (alias: 'p' | 'rq' | 'ap') =>
    sql<PersonRef | null>`(SELECT json_build_object('id', ${sql.ref(`${alias}.id`)}, 'email', ${sql.ref(
      `${alias}.email`,
    )}, 'first_name', ${sql.ref(`${alias}.first_name`)}, 'last_name', ${sql.ref(`${alias}.last_name`)}))`;
  return db
    .selectFrom('user_requests as r')
    .leftJoin('organization_users as p', 'p.id', 'r.subject_user_id')
    .leftJoin('organization_users as rq', 'rq.id', 'r.requested_by_user_id')
    .leftJoin('organization_users as ap', 'ap.id', 'r.approved_by_user_id')
    .leftJoin('onboarding_templates as ot', 'ot.id', 'r.onboarding_template_id')
    .leftJoin('offboarding_templates as ft', 'ft.id', 'r.offboarding_template_id')
    .selectAll('r')
    .select([
      sql<PersonRef | null>`CASE WHEN p.id IS NULL THEN NULL ELSE ${person('p')} END`.as('person'),
      sql<PersonRef | null>`CASE WHEN rq.id IS NULL THEN NULL ELSE ${person('rq')} END`.as('requested_by'),
      sql<PersonRef | null>`CASE WHEN ap.id IS NULL THEN NULL ELSE ${person('ap')} END`.as('approved_by'),
      sql<string | null>`COALESCE(ot.name, ft.name)`.as('template_name'),
    ]);
}

export async function findRequest(
  db: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<RequestRow | undefined> {
  return withRefs(db)
    .where('r.organization_id', '=', organizationId)
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** The request row locked for a state change (FOR UPDATE: two approvals at once are one). */
export async function lockRequest(
  trx: Kysely<Database>,
  organizationId: number,
  id: number,
): Promise<UserRequestRow | undefined> {
  return trx
    .selectFrom('user_requests')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function listRequests(
  db: Kysely<Database>,
  organizationId: number,
  filter: {
    kind?: LifecycleKind | undefined;
    status: string;
    personEmail?: string | undefined;
    afterId?: number | undefined;
    limit: number;
  },
): Promise<RequestRow[]> {
  let q = withRefs(db).where('r.organization_id', '=', organizationId);
  if (filter.kind) q = q.where('r.request_type', '=', requestTypeOf(filter.kind));
  else q = q.where('r.request_type', 'in', ['onboard', 'offboard']);
  if (filter.status === 'open') q = q.where('r.status', 'in', [...OPEN_REQUEST_STATUSES]);
  else if (filter.status !== 'all') q = q.where('r.status', '=', filter.status);
  if (filter.personEmail)
    q = q.where(sql<string>`lower(coalesce(p.email, r.email))`, '=', filter.personEmail.toLowerCase());
  if (filter.afterId !== undefined) q = q.where('r.id', '<', filter.afterId);
  return q
    .orderBy('r.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
}

/** The open request of this kind about this person, if any. */
export async function openRequestOf(
  db: Kysely<Database>,
  subjectUserId: number,
  kind: LifecycleKind,
): Promise<UserRequestRow | undefined> {
  return db
    .selectFrom('user_requests')
    .selectAll()
    .where('subject_user_id', '=', subjectUserId)
    .where('request_type', '=', requestTypeOf(kind))
    .where('status', 'in', [...OPEN_REQUEST_STATUSES])
    .executeTakeFirst();
}

export async function insertRequest(
  db: Kysely<Database>,
  values: Insertable<UserRequests>,
): Promise<UserRequestRow> {
  return db.insertInto('user_requests').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateRequest(
  db: Kysely<Database>,
  id: number,
  values: Updateable<UserRequests>,
): Promise<UserRequestRow> {
  return db
    .updateTable('user_requests')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Step counts per request: total, done (completed or skipped), failed. */
export async function progressOf(
  db: Kysely<Database>,
  requestIds: number[],
): Promise<Map<number, { total: number; done: number; failed: number }>> {
  if (requestIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('lifecycle_tasks')
    .select([
      'user_request_id',
      sql<number>`count(*)::int`.as('total'),
      sql<number>`(count(*) FILTER (WHERE status IN ('completed', 'skipped')))::int`.as('done'),
      sql<number>`(count(*) FILTER (WHERE status = 'failed'))::int`.as('failed'),
    ])
    .where('user_request_id', 'in', requestIds)
    .groupBy('user_request_id')
    .execute();
  return new Map(rows.map((r) => [r.user_request_id, { total: r.total, done: r.done, failed: r.failed }]));
}
