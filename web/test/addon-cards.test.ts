// The card renderer's faithfulness to Google's card JSON (web/src/components/cards): the text
// formatting subset, hostile text as text, collapsible sections, navigations and form inputs — as
// pure functions, and as the markup React renders (server-side, no browser needed).
import type { AddonCard } from '@helios/shared';
import { describe, expect, it } from 'vitest';
import { parseCardText, plainCardText, safeHref } from '../src/components/cards/format.ts';
import { formInputsOf, navigate, sectionLayout } from '../src/components/cards/model.ts';

/** Renders the card with Mantine on the server. The .tsx modules are loaded by Vite at run time. */
async function markup(card: AddonCard): Promise<string> {
  const view = '../src/components/cards/card-view.tsx';
  const [{ createElement }, { renderToStaticMarkup }, { MantineProvider }, { AddonCardView }] =
    (await Promise.all([
      import('react'),
      import('react-dom/server'),
      import('@mantine/core'),
      import(view),
    ])) as [
      { createElement: (...args: unknown[]) => unknown },
      { renderToStaticMarkup: (element: unknown) => string },
      { MantineProvider: unknown },
      { AddonCardView: unknown },
    ];
  const handlers = { busy: false, onAction: () => {}, onOpenLink: () => {} };
  return renderToStaticMarkup(
    createElement(MantineProvider, null, createElement(AddonCardView, { card, handlers })),
  );
}

describe('card text formatting (Google’s subset)', () => {
  it('renders the supported tags and decodes entities', () => {
    expect(parseCardText('<b>TKT-1</b> &amp; <i>more</i>')).toEqual([
      { kind: 'element', tag: 'b', children: [{ kind: 'text', text: 'TKT-1' }] },
      { kind: 'text', text: ' & ' },
      { kind: 'element', tag: 'i', children: [{ kind: 'text', text: 'more' }] },
    ]);
    expect(parseCardText('a<br>b\nc').map((n) => n.kind)).toEqual(['text', 'br', 'text', 'br', 'text']);
    expect(parseCardText('<font color="#ea4335">late</font>')[0]).toMatchObject({
      tag: 'font',
      color: '#ea4335',
    });
  });

  it('keeps <script>, event handlers and unknown tags as literal text', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    expect(parseCardText(hostile)).toEqual([{ kind: 'text', text: hostile }]);
    // An escaped tag (what the add-on sends for user text) is text too, shown with its brackets.
    expect(plainCardText('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('<script>alert(1)</script>');
    // Unbalanced closing tags stay text; an unclosed tag closes at the end.
    expect(plainCardText('</b>x<b>y')).toBe('</b>xy');
  });

  it('links only to the web or mail', () => {
    expect(parseCardText('<a href="https://helios.example/t/1">open</a>')[0]).toMatchObject({
      tag: 'a',
      href: 'https://helios.example/t/1',
    });
    expect(parseCardText('<a href="javascript:alert(1)">x</a>')[0]).not.toHaveProperty('href');
    expect(safeHref('jav&#x61;script:alert(1)')).toBeUndefined();
    expect(safeHref('mailto:it@acme.example')).toBe('mailto:it@acme.example');
  });
});

describe('sections, navigation and form inputs', () => {
  const section = (n: number, collapsible?: boolean, keep?: number) => ({
    header: 'Devices',
    ...(collapsible !== undefined ? { collapsible } : {}),
    ...(keep !== undefined ? { uncollapsibleWidgetsCount: keep } : {}),
    widgets: Array.from({ length: n }, (_, i) => ({ textParagraph: { text: `w${i}` } })),
  });

  it('a collapsible section shows its uncollapsible widgets and hides the rest', () => {
    expect(sectionLayout(section(5, true, 2))).toEqual({ shown: 2, collapsible: true });
    expect(sectionLayout(section(5, true))).toEqual({ shown: 0, collapsible: true });
    expect(sectionLayout(section(2, true, 3))).toEqual({ shown: 2, collapsible: false });
    expect(sectionLayout(section(5))).toEqual({ shown: 5, collapsible: false });
  });

  it('applies push, update, pop, popToRoot and popToCard as Gmail does', () => {
    const card = (name: string): AddonCard => ({ name, header: { title: name }, sections: [] });
    const respond = (navigations: object[]) => ({ renderActions: { action: { navigations } } });
    const names = (stack: AddonCard[]) => stack.map((c) => c.name);
    let stack = navigate([card('home')], respond([{ pushCard: card('form') }, { pushCard: card('ticket') }]));
    expect(names(stack)).toEqual(['home', 'form', 'ticket']);
    stack = navigate(stack, respond([{ updateCard: card('ticket2') }]));
    expect(names(stack)).toEqual(['home', 'form', 'ticket2']);
    expect(names(navigate(stack, respond([{ popToCard: 'form' }])))).toEqual(['home', 'form']);
    expect(names(navigate(stack, respond([{ popToRoot: true }, { pushCard: card('done') }])))).toEqual([
      'home',
      'done',
    ]);
    expect(names(navigate([card('home')], respond([{ pop: true }])))).toEqual(['home']);
  });

  it('sends every input as Google’s formInputs: text, dropdown, checked boxes, dates', () => {
    const form: AddonCard = {
      sections: [
        {
          widgets: [
            { textInput: { name: 'subject' } },
            { selectionInput: { name: 'priority', type: 'DROPDOWN', items: [] } },
            { selectionInput: { name: 'assets', type: 'CHECK_BOX', items: [] } },
            { selectionInput: { name: 'none', type: 'CHECK_BOX', items: [] } },
            { dateTimePicker: { name: 'due', type: 'DATE_ONLY' } },
          ],
        },
      ],
    };
    const data = new FormData();
    data.append('subject', 'Printer');
    data.append('priority', 'high');
    data.append('assets', '1');
    data.append('assets', '7');
    data.append('due', '2026-02-03');
    expect(formInputsOf(form, data)).toEqual({
      subject: 'Printer',
      priority: 'high',
      assets: ['1', '7'],
      due: { date: Date.UTC(2026, 1, 3) },
    });
  });
});

describe('the rendered card', () => {
  it('shows a hostile textParagraph as text and keeps collapsed widgets in the form, hidden', async () => {
    const html = await markup({
      header: { title: '<b>Ada</b>', subtitle: 'Analyst' },
      sections: [
        { widgets: [{ textParagraph: { text: '<script>alert(1)</script> <b>bold</b>' } }] },
        {
          header: 'Devices',
          collapsible: true,
          uncollapsibleWidgetsCount: 1,
          widgets: [
            { decoratedText: { topLabel: 'Laptop', text: 'MacBook' } },
            { textInput: { name: 'note', label: 'Note', value: 'kept' } },
          ],
        },
      ],
      fixedFooter: {
        primaryButton: { text: 'File ticket', onClick: { action: { function: 'onFileTicket' } } },
      },
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<b>bold</b>');
    // The header is plain text: its markup shows as typed.
    expect(html).toContain('&lt;b&gt;Ada&lt;/b&gt;');
    // The collapsed input is in the form but hidden; a toggle says how many more.
    expect(html).toMatch(/<div[^>]*hidden=""[^>]*>(?:(?!<\/form>).)*name="note"/s);
    expect(html).toContain('Show 1 more');
    expect(html).toContain('aria-expanded="false"');
    expect(html).toContain('data-fixed-footer');
    expect(html).toContain('File ticket');
  });
});
