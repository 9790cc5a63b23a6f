import {
  Badge,
  Box,
  Button,
  Group,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { meQuery } from '../../auth.ts';
import { AnchorLink } from '../links.tsx';
import { EmptyState, ErrorState, LoadingState } from '../states.tsx';
import { customFieldsQuery, recordListQuery, tagsQuery, type RecordData } from './queries.ts';
import { RecordPicker } from './record-picker.tsx';
import { recordTitle, type ResourceSpec } from './resources.ts';
import { formatValue } from './values.tsx';

const ROW_HEIGHT = 41;
/** Ask for the next page while this many loaded rows are still below the viewport. */
const PREFETCH_ROWS = 30;

const SORTS = [
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: '-updatedAt', label: 'Recently updated' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
];

/**
 * The list of any documentation resource: search, the resource's filters, tags, custom-field
 * columns and filters, sort, live/archived — and every row reachable by scrolling. Rows arrive by
 * keyset cursor (never an offset), and only the rows in view are in the DOM (@tanstack/react-virtual),
 * so 10 000 loaded rows scroll as smoothly as 50 and page 10 000 loads as fast as page 1.
 */
export function RecordList({
  spec,
  heading,
  onNew,
  rowAction,
}: {
  spec: ResourceSpec;
  heading?: ReactNode;
  onNew?: () => void;
  /** An extra cell per row (the vault's reveal button). */
  rowAction?: (row: RecordData) => ReactNode;
}) {
  const me = useQuery(meQuery).data;
  const phone = useMediaQuery('(max-width: 40em)') ?? false;
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const [sort, setSort] = useState('name');
  const [archived, setArchived] = useState('false');
  const [filters, setFilters] = useState<Record<string, string | undefined>>({});
  const [tags, setTags] = useState<string[]>([]);
  // At a phone's width the filters fold behind one button, so the rows start on the first screen.
  const [showFilters, setShowFilters] = useState(false);
  const fields = useQuery({
    ...customFieldsQuery(spec.customFieldTable ?? ''),
    enabled: spec.customFieldTable !== undefined,
  });
  const tagOptions = useQuery({ ...tagsQuery('asset'), enabled: spec.taggable === true });
  const customFields = fields.data ?? [];

  const params = useMemo(
    () => ({ q, sort, archived, ...filters, ...(tags.length > 0 ? { tag: tags } : {}) }),
    [q, sort, archived, filters, tags],
  );
  const list = useInfiniteQuery(recordListQuery(spec.name, params));
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const activeFilters = Object.values(filters).filter(Boolean).length + (tags.length > 0 ? 1 : 0);
  const filtered =
    q !== '' || archived !== 'false' || tags.length > 0 || Object.values(filters).some(Boolean);

  const scroller = useRef<HTMLDivElement>(null);
  // Its measurements change on every scroll by design; the compiler leaves this component unmemoized.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= rows.length - PREFETCH_ROWS) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastIndex, rows.length]);

  const setFilter = (key: string, value: string | null | undefined) =>
    setFilters((current) => ({ ...current, [key]: value ?? undefined }));
  const clear = () => {
    setSearch('');
    setFilters({});
    setTags([]);
    setArchived('false');
  };

  const columns = phone ? [] : spec.columns;
  const cfColumns = phone ? [] : customFields.slice(0, 3);
  const colSpan =
    1 + columns.length + cfColumns.length + (spec.taggable && !phone ? 1 : 0) + (rowAction ? 1 : 0);
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const canCreate = me?.abilities.writeDocumentation === true;

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        {heading ?? (
          <Title order={1} size="h2">
            {spec.label}
          </Title>
        )}
        {onNew && canCreate ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onNew}>
            New {spec.singular.toLowerCase()}
          </Button>
        ) : null}
      </Group>
      <Group gap="sm" align="end" wrap="wrap">
        <TextInput
          label="Search"
          placeholder={`Search ${spec.label.toLowerCase()}`}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', sm: 240 }}
        />
        {phone ? (
          <Button
            variant="default"
            size="xs"
            aria-expanded={showFilters}
            onClick={() => setShowFilters((v) => !v)}
          >
            {showFilters
              ? 'Hide filters'
              : `Filters and sort${activeFilters > 0 ? ` (${activeFilters})` : ''}`}
          </Button>
        ) : null}
      </Group>
      <Group gap="sm" align="end" wrap="wrap" display={phone && !showFilters ? 'none' : undefined}>
        {spec.filters.map((filter) =>
          filter.kind.type === 'select' ? (
            <Select
              key={filter.key}
              label={filter.label}
              placeholder="Any"
              clearable
              data={filter.kind.options.map((o) => ({ value: o, label: o }))}
              value={filters[filter.key] ?? null}
              onChange={(v) => setFilter(filter.key, v)}
              w={{ base: '100%', sm: 160 }}
            />
          ) : filter.kind.type === 'date' ? (
            <TextInput
              key={filter.key}
              type="date"
              label={filter.label}
              value={filters[filter.key] ?? ''}
              onChange={(e) => setFilter(filter.key, e.currentTarget.value || undefined)}
              w={{ base: '100%', sm: 170 }}
            />
          ) : (
            <Box key={filter.key} w={{ base: '100%', sm: 200 }}>
              <RecordPicker
                resource={filter.kind.resource}
                label={filter.label}
                placeholder="Any"
                value={filters[filter.key] ? Number(filters[filter.key]) : null}
                onChange={(id) => setFilter(filter.key, id === null ? undefined : String(id))}
              />
            </Box>
          ),
        )}
        {customFields
          .filter((cf) => cf.fieldType === 'dropdown' && cf.fieldOptions)
          .map((cf) => (
            <Select
              key={cf.id}
              label={cf.fieldLabel}
              placeholder="Any"
              clearable
              data={cf.fieldOptions?.options ?? []}
              value={filters[`cf.${cf.fieldName}`] ?? null}
              onChange={(v) => setFilter(`cf.${cf.fieldName}`, v)}
              w={{ base: '100%', sm: 160 }}
            />
          ))}
        {spec.taggable ? (
          <MultiSelect
            label="Tags"
            placeholder={tags.length ? undefined : 'Any'}
            data={(tagOptions.data ?? []).map((t) => ({ value: String(t.id), label: t.name }))}
            value={tags}
            onChange={setTags}
            clearable
            w={{ base: '100%', sm: 200 }}
          />
        ) : null}
        <Select
          label="Sort"
          data={SORTS}
          value={sort}
          onChange={(v) => setSort(v ?? 'name')}
          allowDeselect={false}
          w={{ base: '100%', sm: 170 }}
        />
        <SegmentedControl
          aria-label="Which records"
          data={[
            { value: 'false', label: 'Live' },
            { value: 'true', label: 'Archived' },
            { value: 'all', label: 'All' },
          ]}
          value={archived}
          onChange={setArchived}
        />
      </Group>

      {list.isPending ? (
        <LoadingState label={`Loading ${spec.label.toLowerCase()}…`} />
      ) : list.isError ? (
        <ErrorState
          error={list.error}
          onRetry={() => void list.refetch()}
          title={`${spec.label} could not be loaded`}
        />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState
            title={`No ${spec.label.toLowerCase()} match`}
            action={
              <Button variant="default" size="xs" onClick={clear}>
                Clear search and filters
              </Button>
            }
          >
            Nothing matches this search and these filters. Loosen them, or clear them to see everything.
          </EmptyState>
        ) : (
          <EmptyState
            title={`No ${spec.label.toLowerCase()} yet`}
            action={
              onNew && canCreate ? (
                <Button size="xs" onClick={onNew}>
                  Create the first {spec.singular.toLowerCase()}
                </Button>
              ) : undefined
            }
          >
            {spec.purpose} {canCreate ? '' : 'Staff add them; ask IT if you expected to see some here.'}
          </EmptyState>
        )
      ) : (
        <>
          <Box
            ref={scroller}
            style={{ overflow: 'auto', height: 'min(70vh, 720px)', contain: 'strict' }}
            tabIndex={0}
            role="region"
            aria-label={`${spec.label}, scroll for more`}
          >
            <Table
              stickyHeader
              striped
              highlightOnHover
              aria-label={spec.label}
              style={{ minWidth: phone ? 0 : 720 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  {columns.map((c) => (
                    <Table.Th key={c.key}>{c.label}</Table.Th>
                  ))}
                  {cfColumns.map((cf) => (
                    <Table.Th key={cf.id}>{cf.fieldLabel}</Table.Th>
                  ))}
                  {spec.taggable && !phone ? <Table.Th>Tags</Table.Th> : null}
                  {rowAction ? (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  ) : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {top > 0 ? (
                  <Table.Tr aria-hidden>
                    <Table.Td colSpan={colSpan} style={{ height: top, padding: 0 }} />
                  </Table.Tr>
                ) : null}
                {items.map((item) => {
                  const row = rows[item.index];
                  if (!row) return null;
                  return (
                    <Table.Tr key={row.id} data-index={item.index} style={{ height: ROW_HEIGHT }}>
                      <Table.Td>
                        <AnchorLink
                          to="/$resource/$id"
                          params={{ resource: spec.name, id: String(row.id) }}
                          fw={500}
                        >
                          {recordTitle(row)}
                        </AnchorLink>
                        {row.archivedAt ? (
                          <Badge ml="xs" size="xs" color="gray" variant="light">
                            archived
                          </Badge>
                        ) : null}
                      </Table.Td>
                      {columns.map((c) => (
                        <Table.Td key={c.key}>
                          <Text size="sm" lineClamp={1}>
                            {formatValue(row[c.key], c.key)}
                          </Text>
                        </Table.Td>
                      ))}
                      {cfColumns.map((cf) => (
                        <Table.Td key={cf.id}>{formatValue(row.customFields?.[cf.fieldName], '')}</Table.Td>
                      ))}
                      {spec.taggable && !phone ? (
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            {(row.tags ?? []).slice(0, 3).map((t) => (
                              <Badge key={t.id} size="sm" variant="dot" color={t.color ?? 'gray'}>
                                {t.name}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                      ) : null}
                      {rowAction ? <Table.Td>{rowAction(row)}</Table.Td> : null}
                    </Table.Tr>
                  );
                })}
                {bottom > 0 ? (
                  <Table.Tr aria-hidden>
                    <Table.Td colSpan={colSpan} style={{ height: bottom, padding: 0 }} />
                  </Table.Tr>
                ) : null}
              </Table.Tbody>
            </Table>
          </Box>
          <Text size="sm" c="dimmed" role="status" aria-live="polite">
            {rows.length} {rows.length === 1 ? spec.singular.toLowerCase() : spec.label.toLowerCase()} loaded
            {hasNextPage
              ? isFetchingNextPage
                ? ' · loading more…'
                : ' · scroll for more'
              : ' · that is all'}
          </Text>
        </>
      )}
    </Stack>
  );
}
