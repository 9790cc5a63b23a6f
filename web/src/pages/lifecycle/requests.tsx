import { lifecycleKinds, type LifecycleKind, type LifecycleRequest } from '@helios/shared';
import { Button, Group, Progress, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { meQuery } from '../../auth.ts';
import { LoadMore, useKeysetList } from '../../components/keyset.tsx';
import { lifecycleAbilities } from '../../components/lifecycle/abilities.ts';
import { KIND_LABEL, localTime, RequestStatusBadge } from '../../components/lifecycle/labels.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { LifecycleTabs } from './tabs.tsx';

/** How far a request got: done and failed steps of all, as one bar with a readable label. */
export function RequestProgress({ progress }: { progress: LifecycleRequest['progress'] }) {
  const { total, done, failed } = progress;
  const pct = (n: number) => (total === 0 ? 0 : (n / total) * 100);
  const label = `${done} of ${total} steps done${failed ? `, ${failed} failed` : ''}`;
  return (
    <Stack gap={2} miw={140}>
      <Progress.Root size="md">
        <Progress.Section value={pct(done)} color="teal.8" aria-label={`${done} of ${total} steps done`} />
        <Progress.Section
          value={pct(failed)}
          color="red.8"
          aria-label={`${failed} of ${total} steps failed`}
        />
      </Progress.Root>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

/** `/lifecycle` — joiner and leaver requests, open ones first; filter by kind, all or open. */
export function LifecycleRequestsPage() {
  const { data: me } = useQuery(meQuery);
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const [kind, setKind] = useState<LifecycleKind | null>(null);
  const { query, rows } = useKeysetList<LifecycleRequest>(
    ['lifecycle', 'requests'],
    '/lifecycle/requests',
    { status, kind: kind ?? undefined },
    { limit: 50, poll: (list) => (list.some((r) => r.status === 'in_progress') ? 5_000 : false) },
  );
  if (me && !lifecycleAbilities(me).requests)
    return (
      <Stack>
        <Title order={1} size="h2">
          Lifecycle
        </Title>
        <EmptyState title="Joiners and leavers are handled by IT">
          Ask IT or HR to start an onboarding or offboarding.
        </EmptyState>
      </Stack>
    );
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Joiners and leavers
        </Title>
        <Button component={Link} to="/lifecycle/new" leftSection={<IconPlus size={16} aria-hidden />}>
          New request
        </Button>
      </Group>
      <LifecycleTabs active="requests" />
      <Group align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label="Which requests"
          value={status}
          onChange={(v) => setStatus(v === 'all' ? 'all' : 'open')}
          data={[
            { value: 'open', label: 'Open' },
            { value: 'all', label: 'All' },
          ]}
        />
        <Select
          label="Kind"
          placeholder="Joiners and leavers"
          data={lifecycleKinds.map((k) => ({ value: k, label: `${KIND_LABEL[k]}s` }))}
          value={kind}
          onChange={(v) => setKind(v as LifecycleKind | null)}
          clearable
          w={200}
        />
      </Group>
      {query.isPending ? <LoadingState label="Loading requests…" /> : null}
      {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && rows.length === 0 ? (
        <EmptyState title={status === 'open' ? 'No open requests' : 'No requests yet'}>
          A joiner or leaver request runs its template’s steps on Google Workspace and Helios once approved.
          Start one with “New request”, from a person’s page, or from HR’s email in Gmail.
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover aria-label="Lifecycle requests">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Person</Table.Th>
                  <Table.Th scope="col">Kind</Table.Th>
                  <Table.Th scope="col">Date</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Progress</Table.Th>
                  <Table.Th scope="col">Template</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <AnchorLink to="/lifecycle/requests/$id" params={{ id: String(r.id) }}>
                        {r.person.name || r.person.email}
                      </AnchorLink>
                      <Text size="xs" c="dimmed">
                        {r.person.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{KIND_LABEL[r.kind]}</Table.Td>
                    <Table.Td>{localTime(r.effectiveAt)}</Table.Td>
                    <Table.Td>
                      <RequestStatusBadge status={r.status} />
                    </Table.Td>
                    <Table.Td>
                      <RequestProgress progress={r.progress} />
                    </Table.Td>
                    <Table.Td>{r.template?.name ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore query={query} shown={rows.length} noun="requests" />
        </>
      ) : null}
    </Stack>
  );
}
