import { notifications } from '@mantine/notifications';
import type { GoogleSettings, MicrosoftSettings, SyncProvider, SyncRun, SyncStart } from '@helios/shared';
import {
  Badge,
  Button,
  Card,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { LoadMore, useKeysetList } from '../../components/keyset.tsx';
import { ScrollTable } from '../../components/settings/scroll-table.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';

const PROVIDERS: { name: SyncProvider; label: string; settings: string }[] = [
  { name: 'google', label: 'Google Workspace', settings: '/settings/google' },
  { name: 'microsoft', label: 'Microsoft 365', settings: '/settings/microsoft' },
];
const LABEL: Record<SyncProvider, string> = { google: 'Google Workspace', microsoft: 'Microsoft 365' };
const STATUS_COLOR: Record<SyncRun['status'], string> = {
  queued: 'gray.7',
  running: 'blue.9',
  succeeded: 'teal.9',
  failed: 'red.9',
};
const active = (run: SyncRun) => run.status === 'queued' || run.status === 'running';
/** While a run is queued or running, its page asks again every second; idle, never. */
const POLL_MS = 1_000;

/** GET /sync/runs and /sync/runs/:id, POST /sync/<provider>: start a sync, watch it, read its counts. */
export function SyncSection() {
  const [selected, setSelected] = useState<number>();
  // Live progress: the list asks again while anything on it is still going.
  const { query: runs, rows } = useKeysetList<SyncRun>(
    ['sync-runs', 'list'],
    '/sync/runs',
    {},
    {
      limit: 20,
      poll: (loaded) => (loaded.some(active) ? POLL_MS : false),
    },
  );
  const shown = selected ?? rows[0]?.id;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {PROVIDERS.map((p) => (
          <RunNow key={p.name} provider={p} onStarted={setSelected} />
        ))}
      </SimpleGrid>
      {shown !== undefined ? <RunDetail id={shown} /> : null}
      <Card withBorder component="section" aria-labelledby="runs-heading">
        <Stack>
          <Title order={2} size="h4" id="runs-heading">
            Runs
          </Title>
          {runs.isPending ? <LoadingState label="Loading sync runs…" /> : null}
          {runs.isError ? <ErrorState error={runs.error} onRetry={() => void runs.refetch()} /> : null}
          {runs.isSuccess && rows.length === 0 ? (
            <EmptyState title="No sync has run yet">
              Connect Google Workspace or Microsoft 365, then press Run now above.
            </EmptyState>
          ) : null}
          {rows.length > 0 ? (
            <ScrollTable minWidth={720} label="Sync runs">
              <Table aria-label="Sync runs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Run</Table.Th>
                    <Table.Th scope="col">Directory</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">Trigger</Table.Th>
                    <Table.Th scope="col">Queued</Table.Th>
                    <Table.Th scope="col">Took</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>Details</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.id} aria-selected={r.id === shown}>
                      <Table.Td>#{r.id}</Table.Td>
                      <Table.Td>{LABEL[r.provider]}</Table.Td>
                      <Table.Td>
                        {/* Never cut to "SUCCEED…" in a narrow column. */}
                        <Badge
                          color={STATUS_COLOR[r.status]}
                          miw="fit-content"
                          styles={{ root: { maxWidth: 'none' }, label: { overflow: 'visible' } }}
                        >
                          {r.status}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{r.trigger}</Table.Td>
                      <Table.Td>{new Date(r.createdAt).toLocaleString()}</Table.Td>
                      <Table.Td>
                        {r.durationMs === null ? '—' : `${(r.durationMs / 1000).toFixed(1)} s`}
                      </Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => setSelected(r.id)}
                          aria-label={`Details of run #${r.id}`}
                        >
                          Details
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          ) : null}
          <LoadMore query={runs} shown={rows.length} noun="runs" />
        </Stack>
      </Card>
    </Stack>
  );
}

function RunNow({
  provider,
  onStarted,
}: {
  provider: (typeof PROVIDERS)[number];
  onStarted: (runId: number) => void;
}) {
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: ['settings', provider.name],
    queryFn: () => api<GoogleSettings | MicrosoftSettings>('GET', provider.settings),
  });
  const start = useMutation({
    mutationFn: () => api<SyncStart>('POST', `/sync/${provider.name}`),
    onSuccess: async (data) => {
      onStarted(data.data.runId);
      await queryClient.invalidateQueries({ queryKey: ['sync-runs'] });
      notifications.show({
        title: data.data.alreadyRunning ? 'Already going' : 'Sync queued',
        message: data.data.alreadyRunning
          ? `${provider.label}: run #${data.data.runId} is ${data.data.status}; showing it.`
          : `${provider.label}: run #${data.data.runId} is queued.`,
      });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not started', message: error.message }),
  });
  const configured = settings.data?.data.configured ?? false;
  return (
    <Card withBorder component="section" aria-label={provider.label}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <div>
          <Text fw={500}>{provider.label}</Text>
          <Text size="xs" c="dimmed">
            {settings.isPending
              ? 'Checking…'
              : configured
                ? `Last sync: ${settings.data?.data.lastSyncAt ? new Date(settings.data.data.lastSyncAt).toLocaleString() : 'never'}`
                : 'Not connected: set it up in its settings section first.'}
          </Text>
        </div>
        <Button
          size="xs"
          onClick={() => start.mutate()}
          loading={start.isPending}
          disabled={!configured}
          aria-label={`Run now: ${provider.label}`}
        >
          Run now
        </Button>
      </Group>
    </Card>
  );
}

function RunDetail({ id }: { id: number }) {
  const run = useQuery({
    queryKey: ['sync-runs', 'one', id],
    queryFn: () => api<SyncRun>('GET', `/sync/runs/${id}`),
    refetchInterval: (q) => (q.state.data && !active(q.state.data.data) ? false : POLL_MS),
  });
  if (run.isPending) return <LoadingState label={`Loading run #${id}…`} />;
  if (run.isError) return <ErrorState error={run.error} onRetry={() => void run.refetch()} />;
  const r = run.data.data;
  const phases = [...new Set([...Object.keys(r.progress), ...Object.keys(r.counts)])];
  const done = Object.keys(r.counts).length;
  const percent =
    r.status === 'succeeded' || r.status === 'failed'
      ? 100
      : phases.length
        ? (done / phases.length) * 100
        : 5;
  return (
    <Card withBorder component="section" aria-labelledby="run-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="run-heading">
            Run #{r.id}: {LABEL[r.provider]}
          </Title>
          {/* Read out as it changes: queued → running → succeeded. */}
          <Group gap="xs" role="status" aria-live="polite" aria-label={`Run #${r.id} status`}>
            <Badge size="lg" color={STATUS_COLOR[r.status]}>
              {r.status}
            </Badge>
            {r.phase && active(r) ? <Text size="sm">phase: {r.phase}</Text> : null}
          </Group>
        </Group>
        <Progress
          value={percent}
          animated={active(r)}
          color={r.status === 'failed' ? 'red.9' : 'teal.9'}
          aria-label={`Run #${r.id} progress`}
        />
        <Text size="xs" c="dimmed">
          Queued {new Date(r.createdAt).toLocaleString()}
          {r.finishedAt ? `, finished ${new Date(r.finishedAt).toLocaleString()}` : ''}
          {r.durationMs !== null ? ` in ${(r.durationMs / 1000).toFixed(1)} s` : ''}; {r.requestCount} API
          requests.
        </Text>
        {phases.length > 0 ? (
          <ScrollTable minWidth={480} label={`Run #${r.id} phases`}>
            <Table aria-label={`Run #${r.id} phases`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Phase</Table.Th>
                  <Table.Th scope="col">Listed</Table.Th>
                  <Table.Th scope="col">Created</Table.Th>
                  <Table.Th scope="col">Updated</Table.Th>
                  <Table.Th scope="col">Unchanged</Table.Th>
                  <Table.Th scope="col">Archived</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {phases.map((p) => (
                  <Table.Tr key={p}>
                    <Table.Td>{p}</Table.Td>
                    <Table.Td>{r.progress[p] ?? '—'}</Table.Td>
                    <Table.Td>{r.counts[p]?.created ?? '—'}</Table.Td>
                    <Table.Td>{r.counts[p]?.updated ?? '—'}</Table.Td>
                    <Table.Td>{r.counts[p]?.unchanged ?? '—'}</Table.Td>
                    <Table.Td>{r.counts[p]?.archived ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        ) : null}
        {r.errors.length > 0 ? (
          <Stack gap={4} role="alert">
            {r.errors.map((e, i) => (
              <Text key={i} size="sm" c="red.9">
                {e.phase}: {e.message}
              </Text>
            ))}
          </Stack>
        ) : null}
      </Stack>
    </Card>
  );
}
