// Plain-text helpers for turning an email into a ticket: trim quoted history and signatures (where
// the usual markers make it practical), tidy subjects, parse addresses.

const QUOTE_STARTS: RegExp[] = [
  /^On .{1,300}wrote:\s*$/, // Gmail, Apple Mail (may span two lines; see below)
  /^-{2,}\s*Original Message\s*-{2,}/i, // Outlook
  /^-{2,}\s*Forwarded message\s*-{2,}/i,
  /^_{10,}\s*$/, // Outlook's rule before "From:"
  /^From:\s.+$/, // Outlook header block ("From: … Sent: …")
  /^Le .{1,300}a écrit\s?:\s*$/, // French
  /^Am .{1,300}schrieb .{0,200}:\s*$/, // German
  /^El .{1,300}escribió:\s*$/, // Spanish
];

const SIGNATURE_STARTS: RegExp[] = [
  /^--\s?$/, // RFC 3676 delimiter
  /^Sent from my (iPhone|iPad|Android|mobile|phone)/i,
  /^Get Outlook for /i,
  /^(Best|Kind|Warm)?\s*regards,?\s*$/i,
  /^(Thanks|Thank you|Cheers|Best),?\s*$/i,
];

const MAX_DETAILS = 20_000;

/** The new part of an email body: no quoted history, no signature, tidy blank lines. */
export function trimEmailBody(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\s+$/, '');
    const joined = `${line} ${(lines[i + 1] ?? '').trim()}`;
    if (QUOTE_STARTS.some((re) => re.test(line)) || (/^On\s/.test(line) && /wrote:\s*$/.test(joined))) {
      // "From:" only starts history when a "Sent:"/"Date:" line follows (Outlook's header block).
      if (/^From:\s/.test(line) && !/^(Sent|Date):\s/i.test(lines[i + 1] ?? '')) {
        kept.push(line);
        continue;
      }
      break;
    }
    if (kept.length > 0 && SIGNATURE_STARTS.some((re) => re.test(line.trim()))) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line);
  }
  const text = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text.length > MAX_DETAILS ? `${text.slice(0, MAX_DETAILS)}…` : text;
}

/** "Re: Fwd: printer" → "printer"; empty → "(no subject)"; capped to the column. */
export function cleanSubject(subject: string): string {
  let s = subject.trim();
  for (;;) {
    const next = s.replace(/^(re|fwd?|aw|wg|sv|tr|rv)\s*(\[\d+\])?\s*:\s*/i, '');
    if (next === s) break;
    s = next;
  }
  s = s.replace(/\s+/g, ' ').trim();
  return (s || '(no subject)').slice(0, 500);
}

/** `"Ada Lovelace" <ada@example.org>` → { name, email }. */
export function parseAddress(from: string): { name: string | null; email: string } {
  const angle = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (angle) return { name: angle[1]?.trim() || null, email: (angle[2] ?? '').trim().toLowerCase() };
  return { name: null, email: from.trim().toLowerCase() };
}
