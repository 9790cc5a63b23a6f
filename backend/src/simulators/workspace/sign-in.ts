import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdTokenIssuer } from './id-tokens.ts';

/**
 * Plays Google's sign-in page (OAuth 2.0 / OpenID Connect implicit flow, `response_type=id_token`)
 * for demos and tests: instead of a password it lists people to sign in as. Choosing one mints a
 * real RS256 ID token with the issuer's key — the same kind of token Google Identity Services hands
 * a web app — and redirects to `redirect_uri#id_token=…&state=…`. No JavaScript: a form per choice.
 *
 * The host decides who is listed, which OAuth client ids exist and where tokens may go. People in
 * the Workspace domain get an `hd` claim; anyone else is a consumer Google account (no `hd`).
 */
export interface SignInAccount {
  email: string;
  name: string;
  /** Shown beside the name and used to group the list (e.g. the Helios role). */
  group?: string;
}

export interface SignInPageOptions {
  issuer: IdTokenIssuer;
  /** The Workspace's primary domain. */
  domain: string;
  accounts(): Promise<SignInAccount[]>;
  /** OAuth client ids tokens may be minted for (Google signs only for registered clients). */
  clientIds: readonly string[];
  /** May a token be sent to this redirect URI? (Google: the client's registered redirect URIs.) */
  allowRedirect(uri: URL, req: IncomingMessage): boolean;
  /** Page title line, e.g. the product being signed in to. */
  appName?: string;
}

interface AuthRequest {
  clientId: string;
  redirectUri: URL;
  state: string;
  nonce: string;
}

const MAX_FORM_BYTES = 16 * 1024;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function signInPage(options: SignInPageOptions) {
  const parse = (params: URLSearchParams, req: IncomingMessage): AuthRequest | string => {
    const clientId = params.get('client_id') ?? '';
    if (!options.clientIds.includes(clientId)) return 'invalid_client: unknown OAuth client id';
    const responseType = params.get('response_type');
    if (responseType !== null && responseType !== 'id_token')
      return 'unsupported_response_type: only id_token';
    let redirectUri: URL;
    try {
      redirectUri = new URL(params.get('redirect_uri') ?? '');
    } catch {
      return 'invalid_request: redirect_uri is missing or not a URL';
    }
    if (!options.allowRedirect(redirectUri, req))
      return 'redirect_uri_mismatch: this redirect URI is not allowed';
    return {
      clientId,
      redirectUri,
      state: (params.get('state') ?? '').slice(0, 500),
      nonce: (params.get('nonce') ?? '').slice(0, 500),
    };
  };

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'GET' || method === 'HEAD') {
      const request = parse(url.searchParams, req);
      if (typeof request === 'string') return sendText(res, 400, request);
      const accounts = await options.accounts();
      const nonce = randomBytes(16).toString('base64');
      sendHtml(res, renderPage(options, request, accounts, nonce), nonce, request.redirectUri.origin);
      return;
    }
    if (method !== 'POST') return sendText(res, 405, 'GET or POST');
    const body = await readForm(req);
    if (body === undefined) return sendText(res, 413, 'form too large');
    const request = parse(body, req);
    if (typeof request === 'string') return sendText(res, 400, request);
    const email = (body.get('email') ?? '').trim().toLowerCase();
    if (!EMAIL.test(email) || email.length > 200)
      return sendText(res, 400, 'invalid_request: choose an account');
    const known = (await options.accounts()).find((a) => a.email.toLowerCase() === email);
    const name = known?.name ?? email.split('@')[0] ?? email;
    const [given, ...family] = name.split(/\s+/);
    const inDomain = email.endsWith(`@${options.domain.toLowerCase()}`);
    const idToken = options.issuer.sign({
      aud: request.clientId,
      azp: request.clientId,
      // Google's `sub` is a stable number per account; a hash of the email plays it.
      sub: BigInt(`0x${createHash('sha256').update(email).digest('hex').slice(0, 15)}`).toString(),
      email,
      email_verified: true,
      ...(inDomain ? { hd: options.domain.toLowerCase() } : {}),
      name,
      given_name: given,
      ...(family.length > 0 ? { family_name: family.join(' ') } : {}),
      ...(request.nonce ? { nonce: request.nonce } : {}),
    });
    const fragment = new URLSearchParams({ id_token: idToken, state: request.state, token_type: 'Bearer' });
    const target = new URL(request.redirectUri);
    target.hash = fragment.toString();
    res.writeHead(303, {
      location: target.toString(),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end();
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function hiddenFields(request: AuthRequest): string {
  const fields = {
    client_id: request.clientId,
    redirect_uri: request.redirectUri.toString(),
    response_type: 'id_token',
    state: request.state,
    nonce: request.nonce,
  };
  return Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escape(v)}">`)
    .join('');
}

function renderPage(
  options: SignInPageOptions,
  request: AuthRequest,
  accounts: SignInAccount[],
  nonce: string,
) {
  const groups = new Map<string, SignInAccount[]>();
  for (const account of accounts) {
    const key = account.group ?? 'People';
    groups.set(key, [...(groups.get(key) ?? []), account]);
  }
  const hidden = hiddenFields(request);
  const lists = [...groups]
    .map(
      (
        [group, people],
        index,
      ) => `<section aria-labelledby="group-${index}"><h2 id="group-${index}">${escape(group)}</h2>
<ul>${people
        .map(
          (p) =>
            `<li><form method="post">${hidden}<button type="submit" name="email" value="${escape(p.email)}"><span class="name">${escape(p.name)}</span><span class="email">${escape(p.email)}</span></button></form></li>`,
        )
        .join('')}</ul></section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in – Google Workspace simulator</title>
<style nonce="${nonce}">
body{font:16px/1.4 system-ui,sans-serif;margin:0;background:#f1f3f4;color:#202124}
main{max-width:460px;margin:40px auto;background:#fff;border:1px solid #dadce0;border-radius:8px;padding:32px}
h1{font-size:24px;font-weight:400;margin:0 0 4px}h2{font-size:13px;text-transform:uppercase;letter-spacing:.05em;color:#5f6368;margin:20px 0 6px}
p{margin:0 0 8px;color:#5f6368}.demo{background:#fef7e0;border-radius:4px;padding:8px 12px;color:#3c4043;font-size:14px}
ul{list-style:none;margin:0;padding:0}li{border-top:1px solid #e8eaed}form{margin:0}
button{all:unset;box-sizing:border-box;display:block;width:100%;padding:10px 8px;cursor:pointer}
button:hover,button:focus-visible{background:#f1f3f4;outline:2px solid #1a73e8}
.name{display:block;font-weight:500}.email{display:block;font-size:14px;color:#5f6368}
label{display:block;margin-top:20px;font-size:14px}input[type=email]{box-sizing:border-box;width:100%;padding:8px;margin:4px 0 8px;border:1px solid #dadce0;border-radius:4px;font:inherit}
.next{display:inline-block;background:#1a73e8;color:#fff;padding:8px 20px;border-radius:4px;font-weight:500;width:auto}
</style></head><body><main>
<h1>Choose an account</h1>
<p>to continue to ${escape(options.appName ?? 'the application')}</p>
<p class="demo" role="note">Google Workspace simulator: this page plays Google's sign-in for the demo. No password is asked; nothing leaves this machine.</p>
${lists || '<p>No people yet.</p>'}
<form method="post">${hidden}<label for="other">Use another account</label><input id="other" type="email" name="email" required autocomplete="email" placeholder="name@${escape(options.domain)}"><button class="next" type="submit">Next</button></form>
</main></body></html>`;
}

function sendHtml(res: ServerResponse, html: string, nonce: string, redirectOrigin: string): void {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The form posts here and is answered with a redirect to the app, which form-action must allow.
    'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; form-action 'self' ${redirectOrigin}; frame-ancestors 'none'; base-uri 'none'`,
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${text}\n`);
}
