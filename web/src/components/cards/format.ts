// Google's card text formatting, parsed into a tree the renderer turns into React elements: only the
// tags Google's add-on cards render (<b> <i> <u> <s> <font color> <a href> <time> <br>, and line
// breaks), with HTML entities decoded. Everything else — <script>, <img onerror>, an unknown or
// unbalanced tag — stays literal text, so hostile text shows as what it is and runs nothing.

export type FormatTag = 'b' | 'i' | 'u' | 's' | 'font' | 'a' | 'time';

export type FormatNode =
  | { kind: 'text'; text: string }
  | { kind: 'br' }
  | { kind: 'element'; tag: FormatTag; href?: string; color?: string; children: FormatNode[] };

const TAGS = new Set<string>(['b', 'i', 'u', 's', 'font', 'a', 'time']);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** `&amp;`, `&lt;`, `&#39;`, `&#x2014;` … decoded; an unknown entity stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/** Links open only to the web or mail: `javascript:` and friends stay text. */
export function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const url = decodeEntities(href).trim();
  return /^(https?:\/\/|mailto:)/i.test(url) ? url : undefined;
}

/** A color Google accepts: #rgb / #rrggbb (with alpha) or a CSS name. */
const safeColor = (color: string | undefined): string | undefined =>
  color && /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20})$/.test(color.trim()) ? color.trim() : undefined;

function pushText(into: FormatNode[], raw: string): void {
  const lines = decodeEntities(raw).split('\n');
  lines.forEach((line, i) => {
    if (i > 0) into.push({ kind: 'br' });
    if (line === '') return;
    const last = into.at(-1);
    if (last?.kind === 'text') last.text += line;
    else into.push({ kind: 'text', text: line });
  });
}

/** Parses card text into nodes (see the file comment for what counts as markup). */
export function parseCardText(text: string): FormatNode[] {
  const root: FormatNode[] = [];
  const open: Array<{ tag: FormatTag; children: FormatNode[] }> = [];
  const children = (): FormatNode[] => open.at(-1)?.children ?? root;
  let at = 0;
  for (const match of text.matchAll(TAG)) {
    const [raw, closing, rawName, attributes = '', selfClosing] = match;
    const name = (rawName ?? '').toLowerCase();
    pushText(children(), text.slice(at, match.index));
    at = match.index + raw.length;
    if (name === 'br' && !closing) {
      children().push({ kind: 'br' });
      continue;
    }
    if (!TAGS.has(name) || selfClosing) {
      pushText(children(), raw);
      continue;
    }
    const tag = name as FormatTag;
    if (closing) {
      const depth = open.map((o) => o.tag).lastIndexOf(tag);
      if (depth < 0) {
        pushText(children(), raw);
        continue;
      }
      // Closing an outer tag closes the ones opened inside it, as browsers do.
      open.length = depth;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attributes.matchAll(ATTRIBUTE)) attrs[(a[1] ?? '').toLowerCase()] = a[2] ?? a[3] ?? '';
    const node: FormatNode = { kind: 'element', tag, children: [] };
    if (tag === 'a') {
      const href = safeHref(attrs.href);
      if (href) node.href = href;
    }
    if (tag === 'font') {
      const color = safeColor(attrs.color);
      if (color) node.color = color;
    }
    children().push(node);
    open.push({ tag, children: node.children });
  }
  pushText(children(), text.slice(at));
  return root;
}

/** The text a person reads (tags gone, entities decoded): for accessible names and tests. */
export function plainCardText(text: string): string {
  const walk = (nodes: FormatNode[]): string =>
    nodes.map((n) => (n.kind === 'text' ? n.text : n.kind === 'br' ? '\n' : walk(n.children))).join('');
  return walk(parseCardText(text));
}
