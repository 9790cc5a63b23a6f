import { resolve } from 'node:path';
import { z } from 'zod';

/** Demo domain used when embedded mode runs without HELIOS_ORG_DOMAIN. */
export const DEMO_DOMAIN = 'helios-demo.example';

const emptyToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const booleanFlag = z.preprocess(
  emptyToUndefined,
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .optional(),
);

/** `a, b,c` → `['a', 'b', 'c']` (blank entries dropped). */
const commaList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'expected a domain like example.com',
  );

const encryptionKeySchema = z
  .string()
  .trim()
  .refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(v), {
    message: 'expected 32 bytes encoded as base64 (e.g. `openssl rand -base64 32`)',
  });

const envSchema = z.object({
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// connection string')
      .optional(),
  ),
  HELIOS_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.helios')),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(8080)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
  HELIOS_ORG_DOMAIN: z.preprocess(emptyToUndefined, domainSchema.optional()),
  HELIOS_ORG_NAME: z.preprocess(emptyToUndefined, z.string().max(200).optional()),
  HELIOS_GOOGLE_AUDIENCES: z.preprocess(emptyToUndefined, commaList.optional()),
  HELIOS_GOOGLE_WEB_CLIENT_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(
        /^[\w.-]+\.apps\.googleusercontent\.com$/,
        'expected an OAuth client id (….apps.googleusercontent.com)',
      )
      .optional(),
  ),
  HELIOS_DEMO_SIGN_IN: booleanFlag,
  HELIOS_SESSION_HOURS: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number()
      .min(0.1)
      .max(24 * 30)
      .default(12),
  ),
  // How long a process keeps a cached actor, custom-field list or status list at most (the
  // database's NOTIFY drops it at once when it changes; this bounds a lost notification). 0: off.
  HELIOS_CACHE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(60).default(5)),
  HELIOS_GOOGLE_API_ORIGIN: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/, message: 'expected an http(s) origin such as http://127.0.0.1:9999' })
      .transform((v) => new URL(v).origin)
      .optional(),
  ),
  // Microsoft 365 elsewhere (api.md, round 2): https only, msal-node refuses http authorities.
  HELIOS_MICROSOFT_LOGIN_ORIGIN: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https$/, message: 'expected an https origin such as https://127.0.0.1:4011' })
      .transform((v) => new URL(v).origin)
      .optional(),
  ),
  HELIOS_MICROSOFT_GRAPH_ORIGIN: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https$/, message: 'expected an https origin such as https://127.0.0.1:4011' })
      .transform((v) => new URL(v).origin)
      .optional(),
  ),
  HELIOS_ENCRYPTION_KEY: z.preprocess(emptyToUndefined, encryptionKeySchema.optional()),
  HELIOS_ENCRYPTION_KEY_PREVIOUS: z.preprocess(
    emptyToUndefined,
    commaList.pipe(z.array(encryptionKeySchema)).optional(),
  ),
  HELIOS_BOOTSTRAP_ADMIN_EMAIL: z.preprocess(emptyToUndefined, z.email().toLowerCase().optional()),
  HELIOS_SEED_DEMO: booleanFlag,
  HELIOS_DEMO_GOOGLE_USERS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1).max(200_000).optional(),
  ),
  HELIOS_DEMO_MICROSOFT_USERS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1).max(200_000).optional(),
  ),
  HELIOS_JOBS: booleanFlag,
  HELIOS_LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  HELIOS_SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(10_000)),
  HELIOS_TRUST_PROXY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^(true|false|\d+|[\w.:/, -]+)$/, 'expected true, false, a hop count or addresses/subnets')
      .transform((v): boolean | number | string =>
        v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v,
      )
      .optional(),
  ),
  HELIOS_RATE_LIMIT_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(600)),
  HELIOS_AUTH_FAILURE_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).default(30)),
});

export interface Config {
  /** `server`: a PostgreSQL server at DATABASE_URL; `embedded`: PGlite in the data directory. */
  databaseMode: 'server' | 'embedded';
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  orgDomain: string;
  orgName: string;
  googleAudiences: string[];
  /** The web console's OAuth client id (Google Identity Services); also accepted as `aud`. */
  googleWebClientId: string | undefined;
  /** Sign-in through the Workspace simulator's people page (the demo; never real Google). */
  demoSignIn: boolean;
  /** Idle lifetime of a web console session, in hours (sliding; 30 days at most in all). */
  sessionHours: number;
  /** HELIOS_CACHE_SECONDS: the longest a cached actor or definition lives (core/cache.ts). */
  cacheSeconds: number;
  googleApiOrigin: string | undefined;
  microsoftLoginOrigin: string | undefined;
  microsoftGraphOrigin: string | undefined;
  /** base64 key-encryption key; embedded mode may leave it unset (one is generated in dataDir). */
  encryptionKey: string | undefined;
  /** Keys being rotated away from: still decrypt, never encrypt. */
  previousEncryptionKeys: string[];
  bootstrapAdminEmail: string | undefined;
  /** Fill a fresh database with the demo organization's users, assets, tickets… */
  seedDemo: boolean;
  /** Run an in-process Workspace simulator of this many users and sync from it (demo without Google). */
  demoGoogleUsers: number | undefined;
  demoMicrosoftUsers: number | undefined;
  /** Run background jobs (pg-boss) in this process; false for web-only replicas. */
  jobs: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  shutdownTimeoutMs: number;
  /** Express `trust proxy` (false: req.ip is the socket's address). */
  trustProxy: boolean | number | string;
  rateLimits: { perIpPerMinute: number; perActorPerMinute: number; authFailuresPer15Minutes: number };
}

/** A configuration error whose message names every bad variable. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * What a server-mode process must be given because it cannot be made up: the key that seals secrets
 * and the organization's domain. The server needs both; a CLI command names what it uses, so that
 * `db:migrate` with only DATABASE_URL works.
 */
export type ConfigNeed = 'encryptionKey' | 'orgDomain';
export const ALL_NEEDS: readonly ConfigNeed[] = ['encryptionKey', 'orgDomain'];

/** Parses the environment into one typed object; throws ConfigError naming each bad variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  needs: readonly ConfigNeed[] = ALL_NEEDS,
): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const databaseMode = e.DATABASE_URL ? 'server' : 'embedded';
  const problems: string[] = [];
  if (databaseMode === 'server' && needs.includes('encryptionKey') && !e.HELIOS_ENCRYPTION_KEY) {
    problems.push(
      'HELIOS_ENCRYPTION_KEY: required when DATABASE_URL is set (32 bytes base64, e.g. `openssl rand -base64 32`)',
    );
  }
  if (databaseMode === 'server' && needs.includes('orgDomain') && !e.HELIOS_ORG_DOMAIN) {
    problems.push('HELIOS_ORG_DOMAIN: required when DATABASE_URL is set (your Workspace primary domain)');
  }
  if (e.HELIOS_DEMO_SIGN_IN === true && e.HELIOS_GOOGLE_WEB_CLIENT_ID) {
    problems.push(
      'HELIOS_DEMO_SIGN_IN: the demo sign-in trusts only the simulator, so real Google sign-in (HELIOS_GOOGLE_WEB_CLIENT_ID) cannot work beside it; unset one',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const orgDomain = e.HELIOS_ORG_DOMAIN ?? DEMO_DOMAIN;
  return {
    databaseMode,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.HELIOS_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    orgDomain,
    orgName: e.HELIOS_ORG_NAME ?? (orgDomain === DEMO_DOMAIN ? 'Helios Demo Co.' : orgDomain),
    googleAudiences: e.HELIOS_GOOGLE_AUDIENCES ?? [],
    googleWebClientId: e.HELIOS_GOOGLE_WEB_CLIENT_ID,
    // On by default only for the demo domain: `.example` can never be a real Workspace domain, so a
    // real installation never trusts the simulator's keys unless told to.
    demoSignIn: e.HELIOS_DEMO_SIGN_IN ?? (orgDomain === DEMO_DOMAIN && !e.HELIOS_GOOGLE_WEB_CLIENT_ID),
    sessionHours: e.HELIOS_SESSION_HOURS,
    cacheSeconds: e.HELIOS_CACHE_SECONDS,
    googleApiOrigin: e.HELIOS_GOOGLE_API_ORIGIN,
    microsoftLoginOrigin: e.HELIOS_MICROSOFT_LOGIN_ORIGIN,
    microsoftGraphOrigin: e.HELIOS_MICROSOFT_GRAPH_ORIGIN,
    encryptionKey: e.HELIOS_ENCRYPTION_KEY,
    previousEncryptionKeys: e.HELIOS_ENCRYPTION_KEY_PREVIOUS ?? [],
    bootstrapAdminEmail: e.HELIOS_BOOTSTRAP_ADMIN_EMAIL,
    seedDemo: e.HELIOS_SEED_DEMO ?? databaseMode === 'embedded',
    demoGoogleUsers: e.HELIOS_DEMO_GOOGLE_USERS,
    demoMicrosoftUsers: e.HELIOS_DEMO_MICROSOFT_USERS,
    jobs: e.HELIOS_JOBS ?? true,
    logLevel: e.HELIOS_LOG_LEVEL,
    shutdownTimeoutMs: e.HELIOS_SHUTDOWN_TIMEOUT_MS,
    trustProxy: e.HELIOS_TRUST_PROXY ?? false,
    rateLimits: {
      // Before authentication one IP may be a whole office behind NAT: allow it twice one user's rate.
      perIpPerMinute: e.HELIOS_RATE_LIMIT_PER_MINUTE * 2,
      perActorPerMinute: e.HELIOS_RATE_LIMIT_PER_MINUTE,
      authFailuresPer15Minutes: e.HELIOS_AUTH_FAILURE_LIMIT,
    },
  };
}
