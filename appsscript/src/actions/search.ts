// Search across Helios and opening what was found.
import { call } from '../api/client.ts';
import { inputError } from '../api/errors.ts';
import { searchRequest } from '../api/helios.ts';
import { pushCard, updateCard } from '../cards/responses.ts';
import { searchCard } from '../cards/search.ts';
import { PAGE } from '../cards/ui.ts';
import type { AddonEvent } from '../types/events.ts';
import { formValue, intParam, param } from './event.ts';
import { lookupUser } from './home.ts';

const MAX_RESULTS = 100;

export const emptySearchCard = (): GasCard => searchCard({ q: '', results: [], offset: 0 });

export function search(e: AddonEvent): GasActionResponse {
  const q = (param(e, 'q') ?? formValue(e, 'q')).trim();
  if (q.length < 2) throw inputError('Type at least 2 characters to search.');
  const offset = intParam(e, 'offset') ?? 0;
  const results = call(searchRequest(q.slice(0, 200), Math.min(offset + PAGE + 1, MAX_RESULTS)));
  const card = searchCard({ q, results, offset });
  return param(e, 'mode') === 'update' ? updateCard(card) : pushCard(card);
}

export function openSearchResult(e: AddonEvent): GasActionResponse {
  if (param(e, 'type') === 'user') return lookupUser(e);
  throw inputError('That kind of result has no card here.');
}
