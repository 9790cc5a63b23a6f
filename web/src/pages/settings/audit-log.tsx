import type { AuditLog } from '@helios/shared';
import {
  Anchor,
  Button,
  Card,
  Code,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../../api.ts';
import { LoadMore, useKeysetList } from '../../components/keyset.tsx';
import { ScrollTable } from '../../components/settings/scroll-table.tsx';
import { KIND_LABELS, recordPath } from '../../components/settings/record-links.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';

interface Filters {
  userId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
}

/** The start (or end) of a picked day, local time, as the API's timestamp. */
const dayBound = (day: string, end: boolean) =>
  day ? new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : undefined;

const ENTITY_TYPES = Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }));

/** GET /audit-logs — newest first, filtered by person, action, record and dates, keyset-paged. */
export function AuditLogSection() {
  const [applied, setApplied] = useState<Filters>({});
  const [userId, setUserId] = useState<string | null>(null);
  const [action, setAction] = useState('');
  const [entityType, setEntityType] = useState<string | null>(null);
  const [entityId, setEntityId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const { query, rows } = useKeysetList<AuditLog>(['audit-logs'], '/audit-logs', { ...applied });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setApplied({
      userId: userId ?? undefined,
      action: action.trim() || undefined,
      entityType: entityType ?? undefined,
      entityId: /^\d+$/.test(entityId.trim()) ? entityId.trim() : undefined,
      from: dayBound(from, false),
      to: dayBound(to, true),
    });
  };
  const clear = () => {
    setUserId(null);
    setAction('');
    setEntityType(null);
    setEntityId('');
    setFrom('');
    setTo('');
    setApplied({});
  };
  const filtered = Object.values(applied).some(Boolean);

  return (
    <Stack>
      <Card withBorder component="section" aria-labelledby="audit-filters">
        <form onSubmit={apply} aria-labelledby="audit-filters">
          <Stack gap="sm">
            <Title order={2} size="h4" id="audit-filters">
              Filters
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <ActorSelect value={userId} onChange={setUserId} />
              <TextInput
                label="Action"
                description="e.g. create, update, delete, reveal"
                value={action}
                onChange={(e) => setAction(e.currentTarget.value)}
              />
              <Select
                label="Record kind"
                data={ENTITY_TYPES}
                searchable
                clearable
                value={entityType}
                onChange={setEntityType}
              />
              <TextInput
                label="Record id"
                inputMode="numeric"
                value={entityId}
                onChange={(e) => setEntityId(e.currentTarget.value)}
              />
              <TextInput
                label="From"
                type="date"
                value={from}
                onChange={(e) => setFrom(e.currentTarget.value)}
              />
              <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
            </SimpleGrid>
            <Group>
              <Button type="submit">Apply filters</Button>
              <Button variant="default" onClick={clear} disabled={!filtered}>
                Clear filters
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <Card withBorder component="section" aria-labelledby="audit-entries">
        <Stack>
          <Title order={2} size="h4" id="audit-entries">
            Entries
          </Title>
          {query.isPending ? <LoadingState label="Loading the audit log…" /> : null}
          {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
          {query.isSuccess && rows.length === 0 ? (
            <EmptyState title={filtered ? 'No entry matches these filters' : 'The audit log is empty'}>
              {filtered ? 'Widen the dates or clear a filter.' : 'Changes people make in Helios appear here.'}
            </EmptyState>
          ) : null}
          {rows.length > 0 ? (
            <ScrollTable minWidth={760} label="Audit log entries">
              <Table aria-label="Audit log entries" verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">When</Table.Th>
                    <Table.Th scope="col">Who</Table.Th>
                    <Table.Th scope="col">Action</Table.Th>
                    <Table.Th scope="col">Record</Table.Th>
                    <Table.Th scope="col">What</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => {
                    const href = r.entityType ? recordPath(r.entityType, r.entityId) : undefined;
                    const record = r.entityType
                      ? `${KIND_LABELS[r.entityType] ?? r.entityType}${r.entityId ? ` #${r.entityId}` : ''}`
                      : '—';
                    return (
                      <Table.Tr key={r.id}>
                        <Table.Td>
                          <Text size="xs">{new Date(r.createdAt).toLocaleString()}</Text>
                        </Table.Td>
                        <Table.Td>
                          {r.userId ? (
                            <Anchor component={Link} to={`/users/${r.userId}`} size="sm">
                              Person #{r.userId}
                            </Anchor>
                          ) : (
                            <Text size="sm" c="dimmed">
                              Helios
                            </Text>
                          )}
                          {r.ipAddress ? (
                            <Text size="xs" c="dimmed">
                              {r.ipAddress}
                            </Text>
                          ) : null}
                        </Table.Td>
                        <Table.Td>
                          <Code>{r.action}</Code>
                        </Table.Td>
                        <Table.Td>
                          {href ? (
                            <Anchor component={Link} to={href} size="sm">
                              {record}
                            </Anchor>
                          ) : (
                            <Text size="sm">{record}</Text>
                          )}
                        </Table.Td>
                        <Table.Td maw={360}>
                          {r.description ? <Text size="sm">{r.description}</Text> : null}
                          {r.oldValue !== null || r.newValue !== null ? (
                            // A native disclosure: Spoiler makes each row's a landmark region.
                            <details>
                              <summary>
                                <Text span size="xs">
                                  Values before and after
                                </Text>
                              </summary>
                              <Code
                                block
                                tabIndex={0}
                                aria-label={`Entry ${r.id}: values before and after`}
                                maw={360}
                              >
                                {JSON.stringify({ before: r.oldValue, after: r.newValue }, null, 2)}
                              </Code>
                            </details>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          ) : null}
          <LoadMore query={query} shown={rows.length} noun="entries" />
        </Stack>
      </Card>
    </Stack>
  );
}

/** Who did it: people found by name or email as the admin types (GET /users?q=). */
function ActorSelect({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const [search, setSearch] = useState('');
  const [term] = useDebouncedValue(search.trim(), 250);
  const people = useQuery({
    queryKey: ['users', 'pick', term],
    queryFn: () =>
      api<{ id: number; email: string; firstName: string | null; lastName: string | null }[]>(
        'GET',
        `/users?${new URLSearchParams({ limit: '20', ...(term ? { q: term } : {}) })}`,
      ),
    placeholderData: keepPreviousData,
  });
  const [picked, setPicked] = useState<{ value: string; label: string }>();
  const data = (people.data?.data ?? []).map((p) => ({
    value: String(p.id),
    label: [p.firstName, p.lastName].filter(Boolean).join(' ')
      ? `${[p.firstName, p.lastName].filter(Boolean).join(' ')} (${p.email})`
      : p.email,
  }));
  // Keep the chosen person listed while the search shows others.
  if (picked && !data.some((d) => d.value === picked.value)) data.unshift(picked);
  return (
    <Select
      label="Who"
      placeholder="Anyone"
      searchable
      clearable
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(v, option) => {
        setPicked(v && option ? option : undefined);
        onChange(v);
      }}
      nothingFoundMessage={people.isFetching ? 'Searching…' : 'Nobody matches'}
    />
  );
}
