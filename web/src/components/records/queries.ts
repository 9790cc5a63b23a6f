import type { CustomField, Links, TagSummary } from '@helios/shared';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../api.ts';

/** A record as the generic pages see it: the presented fields, abilities and custom fields. */
export type RecordData = Record<string, unknown> & {
  id: number;
  archivedAt?: string | null;
  abilities?: Record<string, boolean>;
  customFields?: Record<string, string | number | boolean | null>;
  tags?: TagSummary[];
};

/** Rows per request: one screenful and a half, so a fast scroll asks at most every ~100 rows. */
export const PAGE_SIZE = 100;

/** Query string of a list from its filters (repeatable keys such as `tag` as arrays). */
export function listSearch(params: Record<string, string | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
  }
  return search.toString();
}

/**
 * A resource's list, page after page by keyset cursor (`nextCursor` → `cursor=`): the server seeks
 * to the last row seen through the (sort column, id) index, so page 10 000 costs what page 1 does —
 * there is no offset anywhere.
 */
export const recordListQuery = (resource: string, params: Record<string, string | string[] | undefined>) =>
  infiniteQueryOptions({
    queryKey: [resource, 'list', params],
    queryFn: ({ pageParam }) =>
      api<RecordData[]>(
        'GET',
        `/${resource}?${listSearch({ ...params, limit: String(PAGE_SIZE), cursor: pageParam ?? undefined })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });

export const recordQuery = (resource: string, id: number) =>
  queryOptions({
    queryKey: [resource, id],
    queryFn: async () => (await api<RecordData>('GET', `/${resource}/${id}`)).data,
  });

export const linksQuery = (resource: string, id: number) =>
  queryOptions({
    queryKey: [resource, id, 'links'],
    queryFn: async () => (await api<Links>('GET', `/${resource}/${id}/links`)).data,
  });

/** The custom fields defined for a table, in display order (columns, inputs, filters). */
export const customFieldsQuery = (table: string) =>
  queryOptions({
    queryKey: ['custom-fields', table],
    queryFn: async () =>
      (await api<CustomField[]>('GET', `/custom-fields?tableName=${table}&sort=displayOrder&limit=200`)).data,
    staleTime: 60_000,
  });

/** Tags that may go on this kind of record (`appliesTo=`). */
export const tagsQuery = (appliesTo: string) =>
  queryOptions({
    queryKey: ['tags', appliesTo],
    queryFn: async () =>
      (await api<TagSummary[]>('GET', `/tags?appliesTo=${appliesTo}&limit=200&sort=name`)).data,
    staleTime: 60_000,
  });
