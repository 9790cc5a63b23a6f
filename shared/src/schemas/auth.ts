import { z } from 'zod';
import { idSchema } from './common.ts';
import { meSchema } from './me.ts';

/** A Helios API key as pasted by a person: `helios_<12 hex>_<43 chars>`. */
export const apiKeyTokenSchema = z
  .string()
  .trim()
  .regex(/^helios_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/, 'expected a Helios API key (helios_…)');

/** The web console's API-key sign-in form (and the `apiKey` variant of `POST /auth/session`). */
export const apiKeySignInSchema = z.object({ apiKey: apiKeyTokenSchema }).strict();
export type ApiKeySignIn = z.infer<typeof apiKeySignInSchema>;

/** A Google ID token (a JWT: three base64url parts). */
export const idTokenSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(8192)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'expected a Google ID token (a JWT)');

/** `POST /auth/session`: a Google ID token, or an API key for installs without Google. */
export const sessionCreateSchema = z.union([
  z.object({ idToken: idTokenSchema }).strict(),
  apiKeySignInSchema,
]);
export type SessionCreate = z.infer<typeof sessionCreateSchema>;

export const sessionMethods = ['google', 'api_key'] as const;

/** One sign-in session (never its token). */
export const sessionSchema = z
  .object({
    id: z.number().int(),
    user: z.object({ id: z.number().int(), email: z.string(), name: z.string() }),
    /** How the person signed in. */
    method: z.enum(sessionMethods),
    /** The session this request is authenticated with. */
    current: z.boolean(),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    /** Moves forward with use (sliding), never past the absolute limit. */
    expiresAt: z.string(),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof sessionSchema>;

/** `POST /auth/session` → who signed in and the session made for them. */
export const signedInSchema = z.object({ me: meSchema, session: sessionSchema }).meta({ id: 'SignedIn' });
export type SignedIn = z.infer<typeof signedInSchema>;

/** `GET /auth/sessions?userId=|all=` (other people's sessions: admins only). */
export const sessionListQuerySchema = z
  .object({
    userId: idSchema.optional(),
    all: z.enum(['true', 'false']).optional(),
  })
  .strict();

/** `DELETE /auth/sessions?userId=&keepCurrent=` — sign out everywhere (another user: admins only). */
export const sessionRevokeAllQuerySchema = z
  .object({
    userId: idSchema.optional(),
    /** Keep the session this request is made with ("sign out my other sessions"). */
    keepCurrent: z.enum(['true', 'false']).optional(),
  })
  .strict();

export const revokedSessionsSchema = z.object({ revoked: z.number().int() });

/** `GET /auth/config` (public): which ways to sign in this installation offers. */
export const authConfigSchema = z
  .object({
    organization: z.object({ name: z.string(), domain: z.string() }),
    /** Google Identity Services: the web OAuth client id (HELIOS_GOOGLE_WEB_CLIENT_ID). */
    google: z.object({ clientId: z.string() }).nullable(),
    /**
     * The demo: the Workspace simulator plays Google's sign-in page at `authorizeUrl` (OAuth 2.0
     * implicit flow, `response_type=id_token`, the token comes back in the redirect's fragment).
     */
    demo: z.object({ authorizeUrl: z.string(), clientId: z.string() }).nullable(),
    apiKey: z.boolean(),
  })
  .meta({ id: 'AuthConfig' });
export type AuthConfig = z.infer<typeof authConfigSchema>;
