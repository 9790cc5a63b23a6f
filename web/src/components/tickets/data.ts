import type { SavedView, Tag, TicketStatus } from '@helios/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';

/** A person as the pickers show them (staff list or directory entry). */
export interface PersonOption {
  id: number;
  email: string;
  firstName: string | null;
  lastName: string | null;
}

export const personName = (p: PersonOption): string =>
  [p.firstName, p.lastName].filter(Boolean).join(' ') || p.email;

/** The organization's ticket statuses, in their display order (anyone who reads tickets may list them). */
export const statusesQuery = queryOptions({
  queryKey: ['ticket-statuses'],
  queryFn: async () =>
    (await api<TicketStatus[]>('GET', '/ticket-statuses?sort=displayOrder&limit=200')).data,
  staleTime: 5 * 60_000,
});

/** Whoever may be assigned a ticket: admins and managers (asked only by staff, who may list users). */
export const assigneesQuery = queryOptions({
  queryKey: ['users', 'assignees'],
  queryFn: async () => {
    const [admins, managers] = await Promise.all(
      (['admin', 'manager'] as const).map((role) =>
        api<PersonOption[]>('GET', `/users?role=${role}&isActive=true&limit=200&sort=email`),
      ),
    );
    return [...(admins?.data ?? []), ...(managers?.data ?? [])].sort((a, b) =>
      personName(a).localeCompare(personName(b)),
    );
  },
  staleTime: 5 * 60_000,
});

export const ticketTagsQuery = queryOptions({
  queryKey: ['tags', 'ticket'],
  queryFn: async () => (await api<Tag[]>('GET', '/tags?appliesTo=ticket&limit=200')).data,
  staleTime: 5 * 60_000,
});

export const savedViewsQuery = queryOptions({
  queryKey: ['saved-views', 'tickets'],
  queryFn: async () => (await api<SavedView[]>('GET', '/me/saved-views?scope=tickets')).data,
});

/** People matching what was typed (staff: the user list; others: the directory), for a picker. */
export function usePeopleSearch(search: string, enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'search', search],
    queryFn: async () =>
      (await api<PersonOption[]>('GET', `/users?limit=20${search ? `&q=${encodeURIComponent(search)}` : ''}`))
        .data,
    enabled,
    staleTime: 30_000,
  });
}

/** The closed status a "close" move goes to: the first one in display order. */
export const closedStatusOf = (statuses: readonly TicketStatus[] | undefined) =>
  statuses?.find((s) => s.isClosedStatus && !s.archivedAt);
