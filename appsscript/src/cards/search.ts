// Search across Helios (GET /search): tickets open their card, people their person card.
import type { SearchResult } from '../api/schemas.ts';
import { fn } from './names.ts';
import { action, button, buttons, card, input, moreButton, PAGE, row, section, textOf } from './ui.ts';

export interface SearchView {
  q: string;
  /** Results from the first one up to offset + PAGE (+1 to know there are more). */
  results: SearchResult[];
  offset: number;
}

const clickFor = (r: SearchResult): GasAction | undefined =>
  r.type === 'ticket'
    ? action(fn.openTicket, { ticketId: r.id })
    : r.type === 'user' && r.title.includes('@')
      ? action(fn.openResult, { type: 'user', email: r.title })
      : undefined;

export function searchCard(view: SearchView): GasCard {
  const page = view.results.slice(view.offset, view.offset + PAGE);
  return card({
    title: 'Search Helios',
    name: 'search',
    sections: [
      section(null, [
        input({ name: 'q', title: 'Search', value: view.q, hint: 'At least 2 characters' }),
        buttons(button('Search', action(fn.search, { mode: 'update' }), true)),
      ]),
      view.q
        ? section(`Results for “${view.q}”`, [
            ...(page.length > 0
              ? page.map((r) => {
                  const onClick = clickFor(r);
                  return row({
                    top: r.type.replace(/_/g, ' '),
                    text: r.title,
                    bottom: r.subtitle,
                    ...(onClick ? { onClick } : {}),
                  });
                })
              : [textOf(view.offset > 0 ? 'No more results.' : 'Nothing found.')]),
            view.results.length > view.offset + PAGE
              ? moreButton(action(fn.search, { q: view.q, offset: view.offset + PAGE, mode: 'update' }))
              : null,
          ])
        : null,
    ],
  });
}
