import { Button, Group, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Envelope } from '../api.ts';

/**
 * A keyset-paged list (`limit`, `cursor` → `nextCursor`): pages arrive on "Load more", so a long
 * list never loads whole and never skips or repeats rows when new ones arrive (no offsets).
 */
export function useKeysetList<T>(
  queryKey: readonly unknown[],
  path: string,
  params: Record<string, string | undefined> = {},
  options: { limit?: number; poll?: (rows: T[]) => number | false } = {},
) {
  const { limit = 50, poll } = options;
  const query = useInfiniteQuery({
    queryKey: [...queryKey, params],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => {
      const search = new URLSearchParams({ limit: String(limit) });
      for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
      if (pageParam) search.set('cursor', pageParam);
      return api<T[]>('GET', `${path}?${search.toString()}`);
    },
    getNextPageParam: (last: Envelope<T[]>) => last.nextCursor ?? undefined,
    // Every loaded page is fetched again on each poll (TanStack Query refetches infinite lists whole).
    refetchInterval: poll ? (q) => poll(q.state.data?.pages.flatMap((p) => p.data) ?? []) : false,
  });
  const rows = query.data?.pages.flatMap((p) => p.data) ?? [];
  return { query, rows };
}

/** The "Load more" button under a keyset list, and how many rows are shown. */
export function LoadMore({
  query,
  shown,
  noun,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
  shown: number;
  noun: string;
}) {
  if (shown === 0) return null;
  return (
    <Group justify="space-between">
      <Text size="xs" c="dimmed">
        Shown: {shown}
        {query.hasNextPage ? ` (more ${noun} below)` : ''}
      </Text>
      {query.hasNextPage ? (
        <Button
          size="xs"
          variant="default"
          onClick={() => void query.fetchNextPage()}
          loading={query.isFetchingNextPage}
        >
          Load more {noun}
        </Button>
      ) : null}
    </Group>
  );
}
