import type { AuthConfig, Me, SessionCreate, SignedIn } from '@helios/shared';
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, isUnauthenticated } from './api.ts';

/** Who is signed in; `null` when nobody is (a 401 is an answer here, not an error). */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<Me | null> => {
    try {
      return (await api<Me>('GET', '/me')).data;
    } catch (error) {
      if (isUnauthenticated(error)) return null;
      throw error;
    }
  },
  staleTime: 60_000,
});

export const authConfigQuery = queryOptions({
  queryKey: ['auth-config'],
  queryFn: async () => (await api<AuthConfig>('GET', '/auth/config')).data,
  staleTime: Infinity,
});

/** Exchanges a Google ID token or an API key for the session cookie. */
export async function signIn(queryClient: QueryClient, input: SessionCreate): Promise<SignedIn> {
  const { data } = await api<SignedIn>('POST', '/auth/session', input);
  queryClient.setQueryData(meQuery.queryKey, data.me);
  return data;
}

export async function signOut(queryClient: QueryClient): Promise<void> {
  await api('DELETE', '/auth/session');
  queryClient.clear();
  queryClient.setQueryData(meQuery.queryKey, null);
}

/** Where to go after signing in: only paths of this console, never another site. */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/sign-in')) return '/';
  return next;
}

// The demo's sign-in is OAuth 2.0's implicit flow against the Workspace simulator: `state` ties the
// answer to this tab's request (a token arriving unasked is refused), `nonce` is echoed in the token.
const STATE_KEY = 'helios.signIn';

export function demoAuthorizeUrl(config: NonNullable<AuthConfig['demo']>, next: string): string {
  const state = randomToken();
  const nonce = randomToken();
  sessionStorage.setItem(STATE_KEY, JSON.stringify({ state, nonce, next }));
  const url = new URL(config.authorizeUrl, window.location.origin);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}/sign-in/callback`,
    response_type: 'id_token',
    scope: 'openid email profile',
    state,
    nonce,
  }).toString();
  return url.toString();
}

/** Reads the ID token the sign-in page sent back in the fragment, checking state and nonce. */
export function takeCallback(hash: string): { idToken: string; next: string } | { error: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const stored = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(STATE_KEY);
  if (params.get('error')) return { error: params.get('error_description') ?? 'Sign-in was cancelled.' };
  const idToken = params.get('id_token');
  if (!idToken) return { error: 'The sign-in page sent no ID token back.' };
  let expected: { state: string; nonce: string; next: string } | undefined;
  try {
    expected = stored ? (JSON.parse(stored) as typeof expected) : undefined;
  } catch {
    expected = undefined;
  }
  if (!expected || params.get('state') !== expected.state) {
    return { error: 'This sign-in answer was not requested from this tab. Start again.' };
  }
  if (nonceOf(idToken) !== expected.nonce) return { error: 'The ID token does not match this sign-in.' };
  return { idToken, next: safeNext(expected.next) };
}

function nonceOf(jwt: string): string | undefined {
  try {
    const part = jwt.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { nonce?: unknown };
    return typeof claims.nonce === 'string' ? claims.nonce : undefined;
  } catch {
    return undefined;
  }
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
