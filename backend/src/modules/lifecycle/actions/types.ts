// The contract between the lifecycle engine (which schedules, claims, retries and records steps)
// and the actions a step runs (Google's in ../google/, Helios's own in ./helios.ts). The engine
// knows nothing of any API; an action knows nothing of scheduling.
import type { LifecycleActionType, LifecycleKind } from '@helios/shared';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../../core/db/schema.ts';
import type { Logger } from '../../../core/logger.ts';

/** The person a request is about, as the action sees them. */
export interface LifecyclePerson {
  /** organization_users.id (onboarding: the pending row created with the request). */
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  title: string | null;
  department: string | null;
  orgUnitPath: string | null;
  employeeType: string | null;
  /** Google's user id once the account exists (createUser sets it). */
  googleId: string | null;
  manager: { id: number; email: string } | null;
  /** Onboarding only: where the first password may also go (never stored). */
  personalEmail: string | null;
}

/** A Google API call as a dry run shows it and as the client sends it. */
export interface GoogleCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute Google URL (https://admin.googleapis.com/…); the transport rewrites the origin in tests. */
  url: string;
  body?: unknown;
  /** The scope this call is made with (the token is requested for exactly these). */
  scopes: readonly string[];
  /** Gmail settings calls act as the person (subject = their address), not as the admin. */
  subject?: string;
}

/** What the Google client answers: the parsed JSON body and the status (errors are thrown). */
export interface GoogleResponse {
  status: number;
  body: unknown;
}

/**
 * Google Workspace write access for the lifecycle (implemented in ../google/client.ts): the
 * organization's service account with domain-wide delegation, through the HELIOS_GOOGLE_API_ORIGIN-
 * aware transport. `send` retries 429/5xx with backoff and throws GoogleCallError otherwise.
 */
export interface GoogleAdmin {
  send(call: GoogleCall): Promise<GoogleResponse>;
  /** Which of these scopes the service account may use (asks Google's token endpoint per scope). */
  grantedScopes(scopes: readonly string[]): Promise<Set<string>>;
  /** The customer id (`my_customer` or C…) and the admin the service account acts as. */
  customerId: string;
  adminEmail: string;
}

/** A failed Google call: its status and Google's own error reason/message, for the step's error. */
export class GoogleCallError extends Error {
  readonly status: number;
  readonly reason: string;
  /** Worth retrying later (429, 5xx, timeouts) — the engine backs off and tries again. */
  readonly transient: boolean;
  constructor(status: number, reason: string, message: string, transient: boolean) {
    super(message);
    this.name = 'GoogleCallError';
    this.status = status;
    this.reason = reason;
    this.transient = transient;
  }
}

export interface ActionContext<P> {
  db: Kysely<Database>;
  logger: Logger;
  organizationId: number;
  now: Date;
  request: { id: number; kind: LifecycleKind; effectiveAt: Date; requestedByUserId: number | null };
  /** The step's key in its template: with the request id, the idempotency key of what it does. */
  stepKey: string;
  person: LifecyclePerson;
  params: P;
  /** undefined when Google is not configured for this organization. */
  google: GoogleAdmin | undefined;
}

/** One call the dry run lists (Helios actions describe themselves with method `HELIOS`). */
export interface PlannedCall {
  method: string;
  url: string;
  body?: unknown;
  description: string;
  scopes: readonly string[];
}

export interface ActionResult {
  /** Shown on the step (ids, counts, "already a member"); never a secret. */
  output: Record<string, unknown>;
}

export interface LifecycleAction<P = Record<string, unknown>> {
  type: LifecycleActionType;
  /** "Remove from every group" — for the template editor and the timeline. */
  label: string;
  kinds: readonly LifecycleKind[];
  provider: 'google' | 'helios';
  /** Every scope `run` may use (the settings page lists them per action and checks them). */
  scopes: readonly string[];
  /** Validates the step's params when a template is saved (400 names the field) and before running. */
  params: z.ZodType<P>;
  /**
   * The calls `run` would make, for the dry run. May read (GET) Google and Helios to say exactly
   * what it would touch ("remove from sales@, eng@"); must never write.
   */
  plan(ctx: ActionContext<P>): Promise<PlannedCall[]>;
  /**
   * Does it. Must be idempotent: the engine may run a step again after a crash or a transient
   * failure halfway, so each write checks or tolerates what is already done (409 "already exists",
   * 404 on delete of what is gone) and never acts twice.
   */
  run(ctx: ActionContext<P>): Promise<ActionResult>;
}
