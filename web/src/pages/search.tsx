import type { SearchResult } from '@helios/shared';
import { Anchor, Card, Group, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../api.ts';
import { KIND_LABELS, KIND_ORDER, recordPath } from '../components/settings/record-links.ts';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';

const route = getRouteApi('/app/search');

/** Results of one kind, in the order the API ranked them (exact names and ticket numbers first). */
function groupByKind(results: SearchResult[]): [string, SearchResult[]][] {
  const groups = new Map<string, SearchResult[]>();
  for (const r of results) groups.set(r.type, [...(groups.get(r.type) ?? []), r]);
  const rank = (kind: string) => {
    const i = KIND_ORDER.indexOf(kind);
    return i === -1 ? KIND_ORDER.length : i;
  };
  return [...groups].sort(([a], [b]) => rank(a) - rank(b));
}

/**
 * `/search?q=` — everything the caller may read, grouped by kind, each result its record's deep
 * link. Arrow keys move between results (and from the box to the first), Enter opens one.
 */
export function SearchPage() {
  const { q = '' } = route.useSearch();
  const navigate = useNavigate();
  const [draft, setDraft] = useState(q);
  const list = useRef<HTMLDivElement>(null);
  // A new `?q=` (the header's box, back/forward) replaces what is typed here: adjusted while
  // rendering, as React advises, rather than in an effect.
  const [shownQ, setShownQ] = useState(q);
  if (shownQ !== q) {
    setShownQ(q);
    setDraft(q);
  }
  const term = q.trim();
  const results = useQuery({
    queryKey: ['search', term],
    queryFn: () => api<SearchResult[]>('GET', `/search?${new URLSearchParams({ q: term, limit: '50' })}`),
    enabled: term.length >= 2,
    placeholderData: keepPreviousData,
  });

  const links = () => [...(list.current?.querySelectorAll<HTMLAnchorElement>('a[data-result]') ?? [])];
  const move = (e: KeyboardEvent, from: number) => {
    const all = links();
    const next = e.key === 'ArrowDown' ? from + 1 : e.key === 'ArrowUp' ? from - 1 : undefined;
    if (next === undefined || all.length === 0) return;
    e.preventDefault();
    all[Math.max(0, Math.min(all.length - 1, next))]?.focus();
  };

  const groups = results.data ? groupByKind(results.data.data) : [];
  return (
    <Stack>
      <Title order={1} size="h2">
        Search
      </Title>
      <form
        role="search"
        aria-label="Search page"
        onSubmit={(e) => {
          e.preventDefault();
          void navigate({ to: '/search', search: { q: draft.trim() }, replace: true });
        }}
      >
        <TextInput
          // The box a person lands on from the header: typing continues here.
          autoFocus={!q}
          type="search"
          label="Search everything you may see"
          description="Ticket numbers work as TKT-12 or 12. ↓ moves to the results."
          leftSection={<IconSearch size={16} aria-hidden />}
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') move(e, -1);
          }}
        />
      </form>
      <VisuallyHidden>
        <h2>Results</h2>
      </VisuallyHidden>
      {term.length < 2 ? (
        <EmptyState title={term ? 'Type at least 2 characters' : 'What are you looking for?'}>
          Search finds tickets (by number or subject), people, assets, licenses, domains, documents and the
          rest of the documentation you may read. Press / or Ctrl+K anywhere to start a search.
        </EmptyState>
      ) : null}
      {term.length >= 2 && results.isPending ? <LoadingState label="Searching…" /> : null}
      {results.isError ? <ErrorState error={results.error} onRetry={() => void results.refetch()} /> : null}
      {term.length >= 2 && results.data && results.data.data.length === 0 ? (
        <EmptyState title={`Nothing matches “${term}”`}>
          Check the spelling, try part of a name or a ticket number, or ask an admin whether you may see it.
        </EmptyState>
      ) : null}
      <div ref={list}>
        <Stack>
          {term.length >= 2 && results.data && results.data.data.length > 0 ? (
            <Text size="sm" c="dimmed" role="status">
              {results.data.data.length} results for “{term}”
            </Text>
          ) : null}
          {groups.map(([kind, rows]) => (
            <Card withBorder key={kind} component="section" aria-labelledby={`results-${kind}`} p="sm">
              <Title order={3} size="h5" id={`results-${kind}`} mb="xs">
                {KIND_LABELS[kind] ?? kind} ({rows.length})
              </Title>
              <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {rows.map((r) => {
                  const href = recordPath(r.type, r.id) ?? '/';
                  return (
                    <li key={`${r.type}-${r.id}`}>
                      <Group gap="xs" wrap="nowrap">
                        <Anchor
                          component={Link}
                          to={href}
                          data-result
                          fw={500}
                          size="sm"
                          onKeyDown={(e: KeyboardEvent) =>
                            move(e, links().indexOf(e.currentTarget as HTMLAnchorElement))
                          }
                        >
                          {r.title}
                        </Anchor>
                        {r.subtitle ? (
                          <Text size="xs" c="dimmed" truncate>
                            {r.subtitle}
                          </Text>
                        ) : null}
                      </Group>
                    </li>
                  );
                })}
              </Stack>
            </Card>
          ))}
        </Stack>
      </div>
    </Stack>
  );
}
