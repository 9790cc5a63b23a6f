import type { LifecycleTask } from '@helios/shared';
import { Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { meQuery } from '../../auth.ts';
import { lifecycleAbilities } from '../../components/lifecycle/abilities.ts';
import { useState } from 'react';
import { api } from '../../api.ts';
import { LoadMore, useKeysetList } from '../../components/keyset.tsx';
import { KIND_LABEL, localTime, StepStatusBadge } from '../../components/lifecycle/labels.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { LifecycleTabs } from './tabs.tsx';

/** `GET /lifecycle/tasks` for the chosen filters (the API's names). */
export const tasksPath = '/lifecycle/tasks';

/** Days until a `YYYY-MM-DD` due date (negative: overdue). */
const daysUntil = (date: string): number =>
  Math.round((new Date(`${date}T00:00:00`).getTime() - new Date().setHours(0, 0, 0, 0)) / 86_400_000);

function Due({ date }: { date: string | null }) {
  if (!date) return null;
  const days = daysUntil(date);
  const text = days < 0 ? `overdue by ${-days} d` : days === 0 ? 'due today' : `due in ${days} d`;
  return (
    <Text span size="xs" c={days < 0 ? 'red.9' : 'dimmed'}>
      {date} · {text}
    </Text>
  );
}

/** `/lifecycle/tasks` — the manual steps of joiners and leavers given to me (or to anyone): complete or skip. */
export function LifecycleTasksPage() {
  const queryClient = useQueryClient();
  const { data: me } = useQuery(meQuery);
  // Anyone may be given a task (a leaver's manager); only IT staff see everyone's.
  const staff = me ? lifecycleAbilities(me).requests : false;
  const [status, setStatus] = useState<'open' | 'done'>('open');
  const [who, setWho] = useState<'me' | 'anyone'>('me');
  const { query, rows } = useKeysetList<LifecycleTask>(['lifecycle', 'tasks'], tasksPath, {
    assignedTo: who,
    status,
  });
  const patch = useMutation({
    mutationFn: async ({ task, to }: { task: LifecycleTask; to: 'completed' | 'skipped' | 'pending' }) =>
      (await api<LifecycleTask>('PATCH', `/lifecycle/tasks/${task.id}`, { status: to })).data,
    onSuccess: async (task, { to }) => {
      await queryClient.invalidateQueries({ queryKey: ['lifecycle'] });
      notifications.show({
        color: 'green',
        message: `${task.title}: ${to === 'completed' ? 'done' : to === 'skipped' ? 'skipped' : 'reopened'}`,
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: 'Task not changed', message: error.message }),
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        Lifecycle tasks
      </Title>
      <LifecycleTabs active="tasks" />
      <Group wrap="wrap">
        {staff ? (
          <SegmentedControl
            aria-label="Whose tasks"
            value={who}
            onChange={(v) => setWho(v === 'anyone' ? 'anyone' : 'me')}
            data={[
              { value: 'me', label: 'Mine' },
              { value: 'anyone', label: 'Everyone’s' },
            ]}
          />
        ) : null}
        <SegmentedControl
          aria-label="Which tasks"
          value={status}
          onChange={(v) => setStatus(v === 'done' ? 'done' : 'open')}
          data={[
            { value: 'open', label: 'Open' },
            { value: 'done', label: 'Done' },
          ]}
        />
      </Group>
      {query.isPending ? <LoadingState label="Loading tasks…" /> : null}
      {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data && rows.length === 0 ? (
        <EmptyState title={status === 'open' ? 'No open tasks' : 'Nothing done yet'}>
          Tasks come from the manual steps of joiner and leaver templates (“prepare a desk”, “collect the
          badge”), given to a role, the person’s manager or someone named.
        </EmptyState>
      ) : null}
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Tasks">
        {rows.map((t) => (
          <Card withBorder key={t.id} component="li" padding="sm" aria-label={t.title}>
            <Group justify="space-between" align="flex-start" wrap="wrap">
              <Stack gap={2} style={{ flex: 1, minWidth: 220 }}>
                <Group gap="xs">
                  <Text fw={600}>{t.title}</Text>
                  <StepStatusBadge status={t.status} task />
                </Group>
                <Text size="sm">
                  {KIND_LABEL[t.request.kind]}{' '}
                  <AnchorLink to="/lifecycle/requests/$id" params={{ id: String(t.request.id) }}>
                    {t.request.personName || t.request.personEmail}
                  </AnchorLink>{' '}
                  <Due date={t.dueDate} />
                </Text>
                {t.description ? (
                  <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                    {t.description}
                  </Text>
                ) : null}
                <Text size="xs" c="dimmed">
                  {t.assignee ? `For ${t.assignee.name}` : 'Unassigned'}
                  {t.completedAt
                    ? ` · ${t.status === 'skipped' ? 'skipped' : 'done'} ${localTime(t.completedAt)}${t.completedBy ? ` by ${t.completedBy.name}` : ''}`
                    : ''}
                </Text>
              </Stack>
              {t.abilities.complete ? (
                <Group gap="xs">
                  {status === 'open' ? (
                    <>
                      <Button
                        size="xs"
                        onClick={() => patch.mutate({ task: t, to: 'completed' })}
                        loading={patch.isPending && patch.variables.task.id === t.id}
                        aria-label={`Complete ${t.title}`}
                      >
                        Complete
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => patch.mutate({ task: t, to: 'skipped' })}
                        aria-label={`Skip ${t.title}`}
                      >
                        Skip
                      </Button>
                    </>
                  ) : (
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => patch.mutate({ task: t, to: 'pending' })}
                      aria-label={`Reopen ${t.title}`}
                    >
                      Reopen
                    </Button>
                  )}
                </Group>
              ) : null}
            </Group>
          </Card>
        ))}
      </Stack>
      <LoadMore query={query} shown={rows.length} noun="tasks" />
    </Stack>
  );
}
