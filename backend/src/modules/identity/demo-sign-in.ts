import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/schema.ts';
import { displayName } from '../../core/queries/users.ts';
import type { IdTokenIssuer } from '../../simulators/workspace/id-tokens.ts';
import { signInPage } from '../../simulators/workspace/sign-in.ts';
import { listSignInPeople } from './queries/sign-in-people.ts';

/**
 * The demo's Google sign-in, with no Google: the Workspace simulator's people page, served by the
 * backend itself (same origin, so it works however the console is reached — localhost, a LAN
 * address, a container's mapped port) and listing the demo organization's people. Only in demo
 * mode (HELIOS_DEMO_SIGN_IN): the backend then trusts the simulator's token keys and no others.
 */
export const DEMO_SIGN_IN_PATH = '/demo/google/o/oauth2/v2/auth';
/** The web client id the demo's tokens are minted for (an audience only the simulator signs for). */
export const DEMO_WEB_CLIENT_ID = 'helios-demo-web.apps.googleusercontent.com';

const ROLE_GROUP = {
  admin: 'Admins',
  manager: 'Managers (IT staff)',
  user: 'Users',
  contact: 'Contacts (outside the domain)',
};

export function demoSignInPage(options: {
  db: Kysely<Database>;
  organizationId: number;
  domain: string;
  organizationName: string;
  issuer: IdTokenIssuer;
}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return signInPage({
    issuer: options.issuer,
    domain: options.domain,
    appName: `Helios (${options.organizationName})`,
    clientIds: [DEMO_WEB_CLIENT_ID],
    // Tokens go back only to this server's own callback page: the Host the browser used.
    allowRedirect: (uri, req) => uri.host === req.headers.host && uri.pathname === '/sign-in/callback',
    accounts: async () =>
      (await listSignInPeople(options.db, options.organizationId, 6)).map((p) => ({
        email: p.email,
        name: displayName(p),
        group: ROLE_GROUP[p.role],
      })),
  });
}
