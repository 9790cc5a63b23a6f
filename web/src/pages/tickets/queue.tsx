import { ticketPriorities, type SavedView, type Ticket } from '@helios/shared';
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Paper,
  Popover,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api.ts';
import { meQuery } from '../../auth.ts';
import { AnchorLink } from '../../components/links.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { PriorityBadge, priorityLabel, StatusBadge } from '../../components/tickets/badges.tsx';
import {
  assigneesQuery,
  personName,
  savedViewsQuery,
  statusesQuery,
  ticketTagsQuery,
} from '../../components/tickets/data.ts';
import { ShortcutHelp } from '../../components/tickets/shortcuts.tsx';

const PAGE_SIZE = 50;

/** The queue's filters: exactly the list route's query parameters (so a saved view is one string). */
interface Filters {
  status: string;
  assignedTo: string;
  priority: string;
  relatedUser: string;
  tag: string;
  q: string;
  sort: string;
}

const DEFAULTS: Filters = {
  status: 'open',
  assignedTo: '',
  priority: '',
  relatedUser: '',
  tag: '',
  q: '',
  sort: 'newest',
};

const toQuery = (f: Filters): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(f) as [keyof Filters, string][]) {
    const v = value.trim();
    if (v && !(key === 'sort' && v === 'newest')) params.set(key, v);
  }
  return params.toString();
};

const fromQuery = (query: string): Filters => {
  const params = new URLSearchParams(query);
  const f: Filters = { ...DEFAULTS, status: '' };
  for (const key of Object.keys(DEFAULTS) as (keyof Filters)[])
    f[key] = params.get(key) ?? (key === 'sort' ? 'newest' : '');
  return f;
};

const SHORTCUTS = [
  { keys: 'j', does: 'Next ticket in the list' },
  { keys: 'k', does: 'Previous ticket in the list' },
  { keys: 'o / Enter', does: 'Open the highlighted ticket' },
  { keys: 'x', does: 'Select or unselect the highlighted ticket' },
  { keys: 'n', does: 'New ticket' },
];

/**
 * `/tickets`: the queue. Filters are the list route's own parameters; paging is the API's keyset
 * cursor one page (50 rows) at a time with a stack of cursors for "Previous", so the DOM holds 50
 * rows however deep the queue goes (10 000 tickets or a million). Staff select rows the API lets
 * them update (per-record `abilities.update`) and assign or move them in bulk.
 */
export function TicketsQueuePage() {
  const { data: me } = useQuery(meQuery);
  const staff = Boolean(me?.abilities.readAllTickets);
  const [filters, setFilters] = useState<Filters>(DEFAULTS);
  const [debouncedQ] = useDebouncedValue(filters.q, 250);
  const query = toQuery({ ...filters, q: debouncedQ });
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [active, setActive] = useState(-1);
  const navigate = useNavigate();

  // A new filter starts again at the first page, with nothing selected (adjusted while rendering,
  // so no frame ever shows the old page's cursor with the new filter).
  const [pagedQuery, setPagedQuery] = useState(query);
  if (pagedQuery !== query) {
    setPagedQuery(query);
    setCursors([undefined]);
    setSelected(new Set());
    setActive(-1);
  }

  const tickets = useQuery({
    queryKey: ['tickets', 'queue-page', query, cursor],
    queryFn: () =>
      api<Ticket[]>(
        'GET',
        `/tickets?${query}${query ? '&' : ''}limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => tickets.data?.data ?? [], [tickets.data]);
  const set = (key: keyof Filters) => (value: string | null) =>
    setFilters((f) => ({ ...f, [key]: value ?? '' }));

  useHotkeys([
    ['j', () => setActive((i) => Math.min(rows.length - 1, i + 1))],
    ['k', () => setActive((i) => Math.max(0, i - 1))],
    ['o', () => openActive()],
    ['enter', () => openActive(), { preventDefault: false }],
    ['x', () => toggleActive()],
    ['n', () => void navigate({ to: '/tickets/new' })],
  ]);
  const openActive = () => {
    const t = rows[active];
    if (t) void navigate({ to: '/tickets/$id', params: { id: String(t.id) } });
  };
  const toggleActive = () => {
    const t = rows[active];
    if (t?.abilities.update) toggle(t.id);
  };
  useEffect(() => {
    if (active >= 0)
      document.getElementById(`ticket-row-${rows[active]?.id ?? ''}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, rows]);

  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const selectable = rows.filter((t) => t.abilities.update);
  const allSelected = selectable.length > 0 && selectable.every((t) => selected.has(t.id));

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Tickets
        </Title>
        <Group gap="xs">
          <ShortcutHelp shortcuts={SHORTCUTS} />
          {me?.abilities.createTickets ? (
            <Button
              renderRoot={(props) => <Link to="/tickets/new" {...props} />}
              leftSection={<IconPlus size={16} aria-hidden />}
            >
              New ticket
            </Button>
          ) : null}
        </Group>
      </Group>

      <Paper withBorder p="sm" component="section" aria-label="Filters">
        <SimpleGrid cols={{ base: 1, xs: 2, md: staff ? 4 : 3, lg: staff ? 7 : 4 }} spacing="xs">
          <TextInput
            label="Search"
            placeholder="Subject or TKT-12"
            value={filters.q}
            onChange={(e) => set('q')(e.currentTarget.value)}
          />
          <StatusFilter value={filters.status} onChange={set('status')} />
          {staff ? <AssigneeFilter value={filters.assignedTo} onChange={set('assignedTo')} /> : null}
          <Select
            label="Priority"
            placeholder="Any priority"
            clearable
            data={ticketPriorities.map((p) => ({ value: p, label: priorityLabel(p) }))}
            value={filters.priority || null}
            onChange={set('priority')}
          />
          {staff ? (
            <TextInput
              label="Requester"
              placeholder="Email"
              value={filters.relatedUser}
              onChange={(e) => set('relatedUser')(e.currentTarget.value)}
            />
          ) : null}
          {staff ? <TagFilter value={filters.tag} onChange={set('tag')} /> : null}
          <Select
            label="Sort"
            allowDeselect={false}
            data={[
              { value: 'newest', label: 'Newest first' },
              { value: 'oldest', label: 'Oldest first' },
            ]}
            value={filters.sort}
            onChange={set('sort')}
          />
        </SimpleGrid>
        <SavedViews query={toQuery(filters)} onApply={(q) => setFilters(fromQuery(q))} />
      </Paper>

      {staff && selected.size > 0 ? (
        <BulkBar ids={[...selected]} onDone={() => setSelected(new Set())} />
      ) : null}

      {tickets.isPending ? <LoadingState label="Loading tickets…" /> : null}
      {tickets.isError ? <ErrorState error={tickets.error} onRetry={() => void tickets.refetch()} /> : null}
      {tickets.data && rows.length === 0 ? (
        <EmptyState title="No tickets match">
          {query === 'status=open'
            ? 'No open tickets. New tickets arrive from email, the Gmail add-on and the New ticket button.'
            : 'Change or clear a filter to see more tickets.'}
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Table.ScrollContainer minWidth={720}>
          <Table highlightOnHover aria-label="Tickets" aria-busy={tickets.isFetching}>
            <Table.Thead>
              <Table.Tr>
                {staff ? (
                  <Table.Th scope="col" w={40}>
                    <Checkbox
                      aria-label="Select every ticket on this page"
                      checked={allSelected}
                      indeterminate={!allSelected && selectable.some((t) => selected.has(t.id))}
                      disabled={selectable.length === 0}
                      onChange={() =>
                        setSelected(allSelected ? new Set() : new Set(selectable.map((t) => t.id)))
                      }
                    />
                  </Table.Th>
                ) : null}
                <Table.Th scope="col">Ticket</Table.Th>
                <Table.Th scope="col">Subject</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Priority</Table.Th>
                <Table.Th scope="col">Assignee</Table.Th>
                <Table.Th scope="col">Requester</Table.Th>
                <Table.Th scope="col">Opened</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((t, i) => (
                <Table.Tr
                  key={t.id}
                  id={`ticket-row-${t.id}`}
                  aria-current={i === active ? 'true' : undefined}
                  // The highlighted row (j/k): a tint links keep their contrast on, and a left rule.
                  bg={i === active ? 'var(--mantine-color-gray-1)' : undefined}
                  style={
                    i === active ? { boxShadow: 'inset 4px 0 0 var(--mantine-color-indigo-7)' } : undefined
                  }
                  onClick={() => setActive(i)}
                >
                  {staff ? (
                    <Table.Td>
                      <Checkbox
                        aria-label={`Select ${t.displayNumber}`}
                        checked={selected.has(t.id)}
                        disabled={!t.abilities.update}
                        onChange={() => toggle(t.id)}
                      />
                    </Table.Td>
                  ) : null}
                  <Table.Td>
                    <AnchorLink to="/tickets/$id" params={{ id: String(t.id) }}>
                      {t.displayNumber}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{t.subject}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={t.status} />
                  </Table.Td>
                  <Table.Td>
                    <PriorityBadge priority={t.priority} />
                  </Table.Td>
                  <Table.Td>
                    {t.assignedTo?.name ?? (
                      <Text span c="dimmed" size="sm">
                        Unassigned
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{t.relatedUser?.name ?? t.createdBy?.name ?? '—'}</Table.Td>
                  <Table.Td>
                    <Text span size="sm">
                      {new Date(t.createdAt).toLocaleDateString()}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {rows.length > 0 || cursors.length > 1 ? (
        <Group justify="space-between" component="nav" aria-label="Pages">
          <Text size="sm" c="dimmed">
            Page {cursors.length} · {rows.length} tickets
            {tickets.data?.nextCursor ? ' · more follow' : ''}
          </Text>
          <Group gap="xs">
            <Button
              variant="default"
              disabled={cursors.length === 1}
              onClick={() => {
                setCursors((c) => c.slice(0, -1));
                setActive(-1);
              }}
            >
              Previous page
            </Button>
            <Button
              variant="default"
              disabled={!tickets.data?.nextCursor}
              onClick={() => {
                const next = tickets.data?.nextCursor;
                if (next) setCursors((c) => [...c, next]);
                setActive(-1);
              }}
            >
              Next page
            </Button>
          </Group>
        </Group>
      ) : null}
    </Stack>
  );
}

function StatusFilter({ value, onChange }: { value: string; onChange: (v: string | null) => void }) {
  const statuses = useQuery(statusesQuery);
  return (
    <Select
      label="Status"
      placeholder="Any status"
      clearable
      data={[
        {
          group: 'State',
          items: [
            { value: 'open', label: 'All open' },
            { value: 'closed', label: 'All resolved or closed' },
          ],
        },
        {
          group: 'Status',
          items: (statuses.data ?? []).map((s) => ({ value: String(s.id), label: s.name })),
        },
      ]}
      value={value || null}
      onChange={onChange}
    />
  );
}

function AssigneeFilter({ value, onChange }: { value: string; onChange: (v: string | null) => void }) {
  const assignees = useQuery(assigneesQuery);
  return (
    <Select
      label="Assignee"
      placeholder="Anyone"
      clearable
      searchable
      data={[
        { value: 'me', label: 'Me' },
        { value: 'none', label: 'Unassigned' },
        ...(assignees.data ?? []).map((u) => ({ value: String(u.id), label: personName(u) })),
      ]}
      value={value || null}
      onChange={onChange}
    />
  );
}

function TagFilter({ value, onChange }: { value: string; onChange: (v: string | null) => void }) {
  const tags = useQuery(ticketTagsQuery);
  return (
    <Select
      label="Tag"
      placeholder="Any tag"
      clearable
      searchable
      nothingFoundMessage="No ticket tags yet"
      data={(tags.data ?? []).map((t) => ({ value: String(t.id), label: t.name }))}
      value={value || null}
      onChange={onChange}
    />
  );
}

/** The person's saved views (on the server, so they follow them to any browser): apply, save, delete. */
function SavedViews({ query, onApply }: { query: string; onApply: (query: string) => void }) {
  const queryClient = useQueryClient();
  const views = useQuery(savedViewsQuery);
  const [chosen, setChosen] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [opened, setOpened] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: savedViewsQuery.queryKey });
  const save = useMutation({
    mutationFn: () => api<SavedView>('POST', '/me/saved-views', { scope: 'tickets', name, query }),
    onSuccess: async ({ data }) => {
      await refresh();
      setChosen(String(data.id));
      setOpened(false);
      setName('');
      notifications.show({ message: `View “${data.name}” saved` });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api('DELETE', `/me/saved-views/${id}`),
    onSuccess: async () => {
      setChosen(null);
      await refresh();
    },
  });
  const current = views.data?.find((v) => String(v.id) === chosen);
  return (
    <Group gap="xs" mt="sm" align="flex-end" wrap="wrap">
      <Select
        label="Saved view"
        placeholder={views.data?.length ? 'Choose a view' : 'No saved views yet'}
        data={(views.data ?? []).map((v) => ({ value: String(v.id), label: v.name }))}
        value={chosen}
        onChange={(id) => {
          setChosen(id);
          const view = views.data?.find((v) => String(v.id) === id);
          if (view) onApply(view.query);
        }}
        w={220}
      />
      {current ? (
        <ActionIcon
          variant="subtle"
          color="red"
          size="lg"
          aria-label={`Delete the view ${current.name}`}
          onClick={() => remove.mutate(String(current.id))}
          loading={remove.isPending}
        >
          <IconTrash size={18} aria-hidden />
        </ActionIcon>
      ) : null}
      <Popover opened={opened} onChange={setOpened} trapFocus position="bottom-start" withArrow>
        <Popover.Target>
          <Button variant="default" onClick={() => setOpened((o) => !o)}>
            Save this view
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) save.mutate();
            }}
          >
            <Stack gap="xs">
              <TextInput
                label="View name"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={save.error?.message}
                data-autofocus
              />
              <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
                Save view
              </Button>
            </Stack>
          </form>
        </Popover.Dropdown>
      </Popover>
      {remove.error ? (
        <Text c="red" size="sm" role="alert">
          {remove.error.message}
        </Text>
      ) : null}
    </Group>
  );
}

/**
 * Bulk moves on the selected tickets: one PATCH each (the API has no bulk route; each is
 * authorized and audited on its own), then the queue is refetched and failures are named.
 */
function BulkBar({ ids, onDone }: { ids: number[]; onDone: () => void }) {
  const queryClient = useQueryClient();
  const { data: me } = useQuery(meQuery);
  const assignees = useQuery(assigneesQuery);
  const statuses = useQuery(statusesQuery);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const apply = useMutation({
    mutationFn: async (body: { assignedToUserId?: number | null; statusId?: number }) => {
      const results = await Promise.allSettled(ids.map((id) => api('PATCH', `/tickets/${id}`, body)));
      return results.filter((r) => r.status === 'rejected').length;
    },
    onSuccess: async (failed) => {
      await queryClient.invalidateQueries({ queryKey: ['tickets'] });
      notifications.show({
        color: failed ? 'red' : 'green',
        message: failed
          ? `${ids.length - failed} tickets changed, ${failed} refused (reload to see why)`
          : `${ids.length} tickets changed`,
      });
      onDone();
    },
  });
  return (
    <Paper
      withBorder
      p="sm"
      component="section"
      aria-label="Bulk actions"
      bg="var(--mantine-color-indigo-light)"
    >
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Text fw={600} aria-live="polite">
          {ids.length} selected
        </Text>
        <Select
          label="Assign to"
          placeholder="Choose a person"
          searchable
          data={[
            ...(me ? [{ value: String(me.id), label: 'Me' }] : []),
            { value: 'none', label: 'Nobody (unassign)' },
            ...(assignees.data ?? [])
              .filter((u) => u.id !== me?.id)
              .map((u) => ({ value: String(u.id), label: personName(u) })),
          ]}
          value={assignee}
          onChange={setAssignee}
          w={220}
        />
        <Button
          disabled={!assignee}
          loading={apply.isPending}
          onClick={() => apply.mutate({ assignedToUserId: assignee === 'none' ? null : Number(assignee) })}
        >
          Assign
        </Button>
        <Select
          label="Set status"
          placeholder="Choose a status"
          data={(statuses.data ?? [])
            .filter((s) => !s.archivedAt)
            .map((s) => ({ value: String(s.id), label: s.name }))}
          value={status}
          onChange={setStatus}
          w={200}
        />
        <Button
          disabled={!status}
          loading={apply.isPending}
          onClick={() => apply.mutate({ statusId: Number(status) })}
        >
          Change status
        </Button>
        <Button variant="subtle" onClick={onDone}>
          Clear selection
        </Button>
      </Group>
    </Paper>
  );
}
