// The simulated Admin SDK Reports API: an activity log of the scripted changes, served by
// `GET /admin/reports/v1/activity/users/all/applications/{applicationName}` (activities.list).
//
// Event names and parameters are Google's own (Reports API reference, "Admin Audit Activity
// Events": User Settings, Group Settings, Licenses Settings; "Enterprise Groups Audit Activity
// Events" for groups_enterprise). What Google documents about delivery is simulated too:
//   - lag: an event is recorded with the time of the change but becomes visible only `lagMs`
//     later (Google: "within minutes", rarely hours); `delayNext(ms)` delays the next events more;
//   - loss: `dropNext()` drops the next events altogether (Google: "rarely, never");
//   - order and paging: newest first, `maxResults` 1..1000 (default 1000), opaque page tokens
//     bound to the query; `startTime` inclusive, `endTime` exclusive, both RFC 3339.
import { createHash } from 'node:crypto';
import { invalid } from './errors.ts';
import type { PageTokens } from './paging.ts';
import { etagOf, listBody } from './render.ts';

export type ActivityApplication = 'admin' | 'groups_enterprise' | 'mobile';

export interface ActivityEvent {
  /** The event's type (USER_SETTINGS, GROUP_SETTINGS, LICENSES_SETTINGS, moderator_action…). */
  type: string;
  name: string;
  parameters: Record<string, string>;
}

interface ActivityRecord {
  seq: number;
  application: ActivityApplication;
  /** When the change happened (the activity's `id.time`). */
  time: number;
  /** When the Reports API starts returning it. */
  visibleAt: number;
  uniqueQualifier: string;
  actorEmail: string;
  event: ActivityEvent;
}

export interface ActivityLogOptions {
  /** Delay between a change and its event becoming visible (default 0). */
  lagMs?: number;
  /** The clock (tests move time forward). */
  now?: () => number;
}

export class ActivityLog {
  readonly #records: ActivityRecord[] = [];
  #lagMs: number;
  readonly #clock: () => number;
  #offset = 0;
  #extraDelay: { ms: number; count: number } | undefined;
  #drop = 0;
  #dropped = 0;

  constructor(options: ActivityLogOptions = {}) {
    this.#lagMs = options.lagMs ?? 0;
    this.#clock = options.now ?? Date.now;
  }

  #now(): number {
    return this.#clock() + this.#offset;
  }

  now(): number {
    return this.#now();
  }

  /** Moves the log's clock forward (tests: "time passes" without waiting). */
  advance(ms: number): void {
    this.#offset += ms;
  }

  set lagMs(ms: number) {
    this.#lagMs = ms;
  }

  /** The next `count` events become visible `ms` later than the usual lag. */
  delayNext(ms: number, count = 1): void {
    this.#extraDelay = { ms, count };
  }

  /** The next `count` events are never reported. */
  dropNext(count = 1): void {
    this.#drop = count;
  }

  /** Events dropped so far. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Events recorded (visible or not yet). */
  get size(): number {
    return this.#records.length;
  }

  record(application: ActivityApplication, actorEmail: string, event: ActivityEvent): void {
    if (this.#drop > 0) {
      this.#drop--;
      this.#dropped++;
      return;
    }
    const time = this.#now();
    let delay = this.#lagMs;
    if (this.#extraDelay !== undefined) {
      delay += this.#extraDelay.ms;
      if (--this.#extraDelay.count <= 0) this.#extraDelay = undefined;
    }
    const seq = this.#records.length;
    // Google's uniqueQualifier is a 64-bit number as a string, stable across pages and queries.
    const uniqueQualifier = BigInt(
      `0x${createHash('sha256').update(`${application}:${seq}:${time}`).digest('hex').slice(0, 15)}`,
    ).toString();
    this.#records.push({
      seq,
      application,
      time,
      visibleAt: time + delay,
      uniqueQualifier,
      actorEmail,
      event,
    });
  }

  /** activities.list for `userKey=all`: newest first, visible events of one application. */
  list(
    customerId: string,
    application: ActivityApplication,
    params: URLSearchParams,
    tokens: PageTokens,
  ): Record<string, unknown> {
    const start = timeParam(params, 'startTime');
    const end = timeParam(params, 'endTime');
    const now = this.#now();
    if (start !== undefined && start > now) throw invalid('Start time occurs after the current time');
    if (start !== undefined && end !== undefined && start > end) {
      throw invalid('Start time occurs after end time');
    }
    const eventName = params.get('eventName') ?? undefined;
    const raw = params.get('maxResults');
    const limit = raw === null || raw === '' ? 1000 : Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw invalid(`Invalid value '${raw ?? ''}'. Values must be within the range: [1, 1000]`);
    }
    const listing = `activities:${application}:${start ?? ''}:${end ?? ''}:${eventName ?? ''}`;
    const token = params.get('pageToken');
    let before = this.#records.length;
    if (token !== null && token !== '') {
      const key = tokens.decode(listing, token);
      if (key === undefined) throw invalid('Invalid pageToken');
      before = key;
    }
    const items: Record<string, unknown>[] = [];
    let next: number | undefined;
    // Newest first by time; the log is appended in time order, so by sequence descending.
    for (let seq = before - 1; seq >= 0; seq--) {
      const r = this.#records[seq];
      if (r === undefined || r.application !== application || r.visibleAt > now) continue;
      if (start !== undefined && r.time < start) continue;
      if (end !== undefined && r.time >= end) continue;
      if (eventName !== undefined && r.event.name !== eventName) continue;
      if (items.length === limit) {
        next = seq + 1;
        break;
      }
      items.push(render(customerId, r));
    }
    const body = listBody(
      'admin#reports#activities',
      'items',
      items as { etag: string }[],
      next === undefined ? undefined : tokens.encode(listing, next),
    );
    return body;
  }
}

function timeParam(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  if (value === null || value === '') return undefined;
  // RFC 3339 with a time zone, as Google requires.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw invalid(`Invalid value '${value}' for ${name}: RFC 3339 expected`);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(`Invalid value '${value}' for ${name}`);
  return ms;
}

function render(customerId: string, r: ActivityRecord): Record<string, unknown> {
  const activity: Record<string, unknown> = {
    kind: 'admin#reports#activity',
    id: {
      time: new Date(r.time).toISOString(),
      uniqueQualifier: r.uniqueQualifier,
      applicationName: r.application,
      customerId,
    },
    etag: '',
    actor: { callerType: 'USER', email: r.actorEmail },
    ipAddress: '192.0.2.10',
    events: [
      {
        type: r.event.type,
        name: r.event.name,
        parameters: Object.entries(r.event.parameters).map(([name, value]) => ({ name, value })),
      },
    ],
  };
  activity.etag = etagOf(activity);
  return activity;
}
