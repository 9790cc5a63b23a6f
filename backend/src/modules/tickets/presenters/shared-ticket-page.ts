import { createHash } from 'node:crypto';
import type { SharedTicket } from '@helios/shared';
import { escapeHtml } from '../../../core/html.ts';

// One stylesheet, allowed by its hash: the page's policy admits no script, no other style, no image,
// no frame and no form, so even a tag that slipped through escaping could do nothing.
const STYLE = `
:root{color-scheme:light dark;--fg:#1a1b1e;--muted:#5c5f66;--line:#dee2e6;--bg:#fff;--card:#f8f9fa;--accent:#1864ab}
@media (prefers-color-scheme:dark){:root{--fg:#e9ecef;--muted:#adb5bd;--line:#373a40;--bg:#1a1b1e;--card:#25262b;--accent:#74c0fc}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;line-height:1.3;margin:.25rem 0 .5rem;overflow-wrap:anywhere}
h2{font-size:1.05rem;margin:1.5rem 0 .5rem}
.number{color:var(--muted);font-weight:600;margin:0}
.meta{color:var(--muted);margin:0}
.status{display:inline-block;border:1px solid var(--accent);color:var(--accent);border-radius:1rem;padding:0 .6rem;font-weight:600}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0 0}
ol{list-style:none;margin:0;padding:0}
li{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.75rem;margin:0 0 .75rem}
.who{font-weight:600}
time{color:var(--muted);font-size:.875rem}
footer{color:var(--muted);font-size:.875rem;border-top:1px solid var(--line);margin-top:2rem;padding-top:.75rem}
`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** The page's Content-Security-Policy: nothing but its own stylesheet. */
export const SHARED_PAGE_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const when = (iso: string) => {
  const text = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(text)}</time>`;
};

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head><body><main>
${body}
</main></body></html>
`;
}

/**
 * The public shared view as HTML (`/shared/tickets/<key>`): the same fields as the JSON view
 * (presentSharedTicket — public replies only, no emails), every piece of text escaped and kept as
 * written (line breaks by CSS, never by markup).
 */
export function renderSharedTicketPage(ticket: SharedTicket): string {
  const replies = ticket.replies
    .map(
      (r) => `<li><article>
<p class="meta"><span class="who">${escapeHtml(r.author)}</span> · ${when(r.createdAt)}</p>
<p class="text">${escapeHtml(r.reply)}</p>
</article></li>`,
    )
    .join('\n');
  return page(
    `${ticket.displayNumber} · ${ticket.subject}`,
    `<header>
<p class="number">${escapeHtml(ticket.displayNumber)}</p>
<h1>${escapeHtml(ticket.subject)}</h1>
<p class="meta"><span class="status">${escapeHtml(ticket.status)}</span> · opened ${when(ticket.createdAt)} · updated ${when(ticket.updatedAt)}</p>
</header>
<section aria-labelledby="request"><h2 id="request">Request</h2>
<p class="text">${escapeHtml(ticket.details)}</p></section>
<section aria-labelledby="replies"><h2 id="replies">Replies (${ticket.replies.length})</h2>
${ticket.replies.length === 0 ? '<p class="meta">No replies yet. Replies from IT appear here.</p>' : `<ol>\n${replies}\n</ol>`}
</section>
<footer>The public view of a Helios ticket: anyone with this link can read it. To reply, answer the ticket's email.</footer>`,
  );
}

/** What a wrong, revoked or archived link shows (the same for each: existence never leaks). */
export function renderSharedTicketMissing(): string {
  return page(
    'Ticket not found',
    `<h1>This ticket link does not work</h1>
<p>The link may be mistyped, or it was revoked or the ticket was archived. Ask IT for a new link, or reply to the ticket's email.</p>`,
  );
}
