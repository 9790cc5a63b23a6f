import type { Abilities } from '@helios/shared';
import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Actor } from './auth/actor.ts';
import type { IdTokenVerifier } from './auth/google-id-token.ts';
import type { Config, ConfigNeed } from './config.ts';
import type { Vault } from './crypto/vault.ts';
import type { Database } from './db/schema.ts';
import type { RouteSpec } from './http/route.ts';
import type { JobSpec } from './jobs/spec.ts';
import type { Logger } from './logger.ts';
import type { OrganizationRow } from './queries/organizations.ts';
import type { ResourceDefinition } from './records/definition.ts';
import type { FileStorage } from './storage/file-storage.ts';

/**
 * A product module: one folder under modules/ that brings its routes, jobs, abilities, CLI commands
 * and the records it serves, registered in one place (modules/index.ts). The app, the job runner,
 * /me, the OpenAPI document and the CLI iterate the registry; nothing is mounted by hand.
 */
export interface HeliosModule {
  /** Folder name, e.g. `tickets`. */
  name: string;
  /** Records served by the generic record routes, and found by links, tags and search. */
  resources?: readonly ResourceDefinition[];
  /** The module's HTTP routes (precedence is decided by the route layer, never by order). */
  routes?(ctx: ModuleContext): RouteSpec[];
  /**
   * Server-rendered pages outside /api/v1 and outside the console (e.g. the public shared ticket
   * view): public, GET only, each behind the per-address rate limit.
   */
  pages?(ctx: ModuleContext): PageSpec[];
  /** Queues, schedules and workers. */
  jobs?(ctx: ModuleContext): JobSpec[];
  /** What the actor may do in this module, for GET /me (computed by the module's policies). */
  abilities?(actor: Actor): Partial<Abilities>;
  /** `npm run helios -- <name> …` commands. */
  commands?: readonly CliCommand[];
  /** Runs once, in the transaction that creates the organization (e.g. default ticket statuses). */
  onOrganizationCreated?(trx: Kysely<Database>, organization: OrganizationRow): Promise<void>;
}

/** A server-rendered public page: an Express path (`/shared/tickets/:urlKey`) and its handler. */
export interface PageSpec {
  path: string;
  handle(req: Request, res: Response): Promise<void>;
}

/** Hands background work to the job queue (undefined methods when this process runs no jobs). */
export interface JobQueue {
  /** Queues one job; resolves once it is stored. No-op when this process runs no jobs. */
  send(queue: string, data: object, options?: { singletonKey?: string }): Promise<void>;
}

/** What the registry knows across modules (links, tags and search look records up by name). */
export interface Registry {
  readonly modules: readonly HeliosModule[];
  readonly resources: readonly ResourceDefinition[];
  /** A resource by its API name (`software-licenses`), or undefined. */
  resource(name: string): ResourceDefinition | undefined;
}

/** What a module's routes and jobs are built with. */
export interface ModuleContext {
  db: Kysely<Database>;
  logger: Logger;
  /** The installation's organization (created at first start). */
  organizationId: number;
  /** HELIOS_DATA_DIR. */
  dataDir: string;
  /** Seals and opens secrets at rest. */
  vault: Vault;
  /** Where uploaded bytes live. */
  storage: FileStorage;
  /** Who may sign in and where Google is. */
  identity: Pick<Config, 'orgDomain' | 'googleApiOrigin' | 'bootstrapAdminEmail'> & {
    audiences: string[];
    /** HELIOS_MICROSOFT_LOGIN_ORIGIN / _GRAPH_ORIGIN: where Microsoft is (the demo: its simulator). */
    microsoftLoginOrigin?: string | undefined;
    microsoftGraphOrigin?: string | undefined;
    /** The web console's Google OAuth client id (Google Identity Services' button). */
    webClientId?: string | undefined;
    /** The demo's sign-in page (the Workspace simulator playing Google), when it runs. */
    demoSignIn?: { authorizeUrl: string; clientId: string } | undefined;
    /** Idle lifetime of a web session, hours (HELIOS_SESSION_HOURS). */
    sessionHours?: number | undefined;
  };
  /** Verifies Google ID tokens (one instance: its certificate cache is shared by every caller). */
  idTokens: IdTokenVerifier;
  jobs: JobQueue;
  registry: Registry;
  /** The clock jobs read "today" from (tests set it). */
  now: () => Date;
  /** The console's live add-on preview; absent where the server cannot sign in as its caller. */
  addonPreview?: AddonPreviewDeps | undefined;
}

/**
 * How the add-on preview (modules/addon-preview) runs the add-on as the signed-in person: the
 * add-on proves who it is with a Google ID token, so the server needs an issuer the backend trusts
 * — the demo's Workspace simulator (HELIOS_DEMO_SIGN_IN), or a test's.
 */
export interface AddonPreviewDeps {
  /** A Google ID token for a person of the organization, as ScriptApp.getIdentityToken() gives. */
  idToken(email: string): string;
  /** Limit of one add-on call (default: Apps Script's 30 s; tests set less). */
  callLimitMs?: number;
}

export interface CliContext {
  db: Kysely<Database>;
  config: Config;
  /** The key-encryption keys in effect (embedded mode: from the key file). */
  encryptionKeys: { current: string; previous: string[] };
  registry: Registry;
  /** Migrates and creates the organization if this is the first start; returns it. */
  bootstrap(): Promise<OrganizationRow>;
  out: NodeJS.WriteStream;
  err: NodeJS.WriteStream;
}

/** One CLI command, e.g. `api-key create`. */
export interface CliCommand {
  /** Words after `npm run helios --`, e.g. `['api-key', 'create']`. */
  name: readonly string[];
  /** One line of help: `--email E [--name N]`. */
  usage: string;
  summary: string;
  /**
   * Configuration a server-mode run must be given for this command (default: none). A command that
   * seals or opens secrets needs `encryptionKey`; one that may create the organization `orgDomain`.
   */
  needs?: readonly ConfigNeed[];
  /** Options (node:util parseArgs) this command reads. */
  options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  /** Exit code. */
  run(
    ctx: CliContext,
    values: Record<string, string | boolean | undefined>,
    positionals: string[],
  ): Promise<number>;
}

/** The registry of the given modules. */
export function registryOf(modules: readonly HeliosModule[]): Registry {
  const resources = modules.flatMap((m) => m.resources ?? []);
  const byName = new Map(resources.map((r) => [r.name, r]));
  if (byName.size !== resources.length) throw new Error('Two modules register a resource of the same name');
  return { modules, resources, resource: (name) => byName.get(name) };
}
