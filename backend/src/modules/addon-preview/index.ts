// The addon-preview module's public entry.
import { createHash } from 'node:crypto';
import type { AddonPreviewDeps } from '../../core/module.ts';
import type { IdTokenIssuer } from '../../simulators/workspace/id-tokens.ts';
import { ensureBuilt } from '../../../../appsscript/runtime/addon.ts';

/** The OAuth client id the demo's add-on tokens are minted for (only the simulator signs for it). */
export const DEMO_ADDON_CLIENT_ID = 'helios-demo-addon.apps.googleusercontent.com';

/**
 * The demo's preview identity: the Workspace simulator signs the caller's ID token, as Google signs
 * the real add-on's (same claims: aud = the add-on's client id, email, email_verified, hd).
 */
export function demoAddonPreview(issuer: IdTokenIssuer, domain: string): AddonPreviewDeps {
  return {
    idToken: (email) =>
      issuer.sign({
        aud: DEMO_ADDON_CLIENT_ID,
        azp: DEMO_ADDON_CLIENT_ID,
        // The same stable `sub` the demo's sign-in page gives this person.
        sub: BigInt(
          `0x${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 15)}`,
        ).toString(),
        email,
        email_verified: true,
        hd: domain.toLowerCase(),
        // Short-lived: it only has to outlive one 30 s call.
        exp: Math.floor(Date.now() / 1000) + 300,
      }),
  };
}

/** Builds the add-on bundle (appsscript/dist) when it is missing or older than its sources. */
export function ensureAddonBundle(): void {
  ensureBuilt();
}
