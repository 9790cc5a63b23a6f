import type { LifecycleDryRun, LifecycleRequest, LifecycleStep } from '@helios/shared';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Timeline,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconBan,
  IconCheck,
  IconCircleDashed,
  IconClock,
  IconLoader2,
  IconPlayerSkipForward,
  IconX,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { api } from '../../api.ts';
import { Dialog } from '../../components/dialog.tsx';
import {
  ACTION_LABEL,
  isRunning,
  KIND_LABEL,
  localTime,
  RequestStatusBadge,
  StepStatusBadge,
} from '../../components/lifecycle/labels.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { ConfirmButton } from '../../components/settings/confirm-button.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { NotFound } from '../not-found.tsx';
import { RequestProgress } from './requests.tsx';

const route = getRouteApi('/app/lifecycle/requests/$id');

const POLL_MS = 2_000;

const STEP_ICON: Record<LifecycleStep['status'], { icon: ReactNode; color: string }> = {
  pending: { icon: <IconCircleDashed size={14} />, color: 'gray' },
  scheduled: { icon: <IconClock size={14} />, color: 'blue' },
  running: { icon: <IconLoader2 size={14} />, color: 'blue' },
  completed: { icon: <IconCheck size={14} />, color: 'teal' },
  skipped: { icon: <IconPlayerSkipForward size={14} />, color: 'gray' },
  failed: { icon: <IconX size={14} />, color: 'red' },
  cancelled: { icon: <IconBan size={14} />, color: 'gray' },
};

/**
 * `/lifecycle/requests/:id` — one joiner or leaver: who, when, the template, and a timeline of its
 * steps (status, when each is planned in local time, attempts, output, error), polled every two
 * seconds while anything runs. Buttons follow the record's abilities: dry run, approve, reject,
 * cancel; per step: retry or skip a failed action, complete a task.
 */
export function LifecycleRequestPage() {
  const { id } = route.useParams();
  const valid = /^\d+$/.test(id);
  const queryClient = useQueryClient();
  const request = useQuery({
    queryKey: ['lifecycle', 'request', Number(id)],
    queryFn: async () => (await api<LifecycleRequest>('GET', `/lifecycle/requests/${id}`)).data,
    enabled: valid,
    refetchInterval: (q) => (q.state.data && isRunning(q.state.data) ? POLL_MS : false),
  });
  const [dryRun, setDryRun] = useState<LifecycleDryRun | null>(null);
  const refresh = async (updated?: LifecycleRequest) => {
    if (updated && typeof updated === 'object' && 'steps' in updated)
      queryClient.setQueryData(['lifecycle', 'request', Number(id)], updated);
    await queryClient.invalidateQueries({ queryKey: ['lifecycle'] });
  };
  const approve = useRequestAction(id, 'approve', 'Approved: the steps run at their times', refresh);
  const reject = useRequestAction(id, 'reject', 'Rejected: nothing will run', refresh);
  const cancel = useRequestAction(id, 'cancel', 'Cancelled: nothing further runs', refresh);
  const runDry = useMutation({
    mutationFn: async () =>
      (await api<LifecycleDryRun>('POST', `/lifecycle/requests/${id}/dry-run`, {})).data,
    onSuccess: setDryRun,
    onError: (error) =>
      notifications.show({ color: 'red', title: 'The dry run failed', message: error.message }),
  });

  if (!valid) return <NotFound />;
  if (request.isPending) return <LoadingState label="Loading request…" />;
  if (request.isError)
    return (
      <ErrorState
        error={request.error}
        onRetry={() => void request.refetch()}
        title={`Request ${id} could not be opened`}
      />
    );
  const r = request.data;
  const personLink = r.person.id ? (
    <AnchorLink to="/users/$id" params={{ id: String(r.person.id) }}>
      {r.person.name || r.person.email}
    </AnchorLink>
  ) : (
    r.person.name || r.person.email
  );

  return (
    <Stack>
      <Text size="sm">
        <Anchor component={Link} to="/lifecycle">
          Joiners and leavers
        </Anchor>{' '}
        / Request {r.id}
      </Text>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Title order={1} size="h2">
            {KIND_LABEL[r.kind]}: {r.person.name || r.person.email}
          </Title>
          <Text c="dimmed">
            {r.kind === 'onboarding' ? 'Starts' : 'Last day'} {localTime(r.effectiveAt)}
          </Text>
        </div>
        <Group gap="xs">
          <RequestStatusBadge status={r.status} />
          {isRunning(r) ? (
            <Badge variant="dot" color="blue.9" aria-live="polite">
              Live
            </Badge>
          ) : null}
        </Group>
      </Group>

      <Group gap="xs" wrap="wrap">
        {r.abilities.dryRun ? (
          <Button variant="default" onClick={() => runDry.mutate()} loading={runDry.isPending}>
            Dry run
          </Button>
        ) : null}
        {r.abilities.approve ? (
          <Button color="teal.9" onClick={() => approve.mutate()} loading={approve.isPending}>
            Approve
          </Button>
        ) : null}
        {r.abilities.reject ? (
          <ConfirmButton
            size="sm"
            variant="default"
            label="Reject"
            title="Reject this request?"
            message="Nothing of it will run; the requester is told."
            confirm="Reject"
            onConfirm={() => reject.mutate()}
            loading={reject.isPending}
          >
            Reject
          </ConfirmButton>
        ) : null}
        {r.abilities.cancel ? (
          <ConfirmButton
            size="sm"
            variant="default"
            label="Cancel request"
            title="Cancel this request?"
            message="Steps that have not run yet will not run. What already ran stays done."
            confirm="Cancel request"
            onConfirm={() => cancel.mutate()}
            loading={cancel.isPending}
          >
            Cancel request
          </ConfirmButton>
        ) : null}
      </Group>

      <Card withBorder component="section" aria-label="Details">
        <Table variant="vertical" aria-label="Details">
          <Table.Tbody>
            <Fact label="Person">
              {personLink}{' '}
              <Text span size="xs" c="dimmed">
                {r.person.email}
              </Text>
            </Fact>
            <Fact label="Template">{r.template?.name ?? '—'}</Fact>
            <Fact label="Requested by">
              {r.requestedBy?.name ?? '—'} {r.createdAt ? `· ${localTime(r.createdAt)}` : ''}
            </Fact>
            <Fact label="Approved by">
              {r.approvedBy ? `${r.approvedBy.name} · ${localTime(r.approvedAt)}` : '—'}
            </Fact>
            {r.ticketId ? (
              <Fact label="From ticket">
                <AnchorLink to="/tickets/$id" params={{ id: String(r.ticketId) }}>
                  Ticket {r.ticketId}
                </AnchorLink>
              </Fact>
            ) : null}
            {r.notes ? <Fact label="Notes">{r.notes}</Fact> : null}
            <Fact label="Progress">
              <RequestProgress progress={r.progress} />
            </Fact>
          </Table.Tbody>
        </Table>
      </Card>

      <Card withBorder component="section" aria-labelledby="steps-heading">
        <Title order={2} size="h4" id="steps-heading" mb="md">
          Steps
        </Title>
        {r.steps.length === 0 ? <Text c="dimmed">This request has no steps.</Text> : null}
        <Timeline bulletSize={24} lineWidth={2} active={-1}>
          {r.steps.map((s) => (
            <Timeline.Item
              key={s.id}
              bullet={
                <ThemeIcon size={24} radius="xl" color={STEP_ICON[s.status].color} aria-hidden>
                  {STEP_ICON[s.status].icon}
                </ThemeIcon>
              }
              title={<StepTitle step={s} />}
            >
              <StepBody request={r} step={s} onChanged={refresh} />
            </Timeline.Item>
          ))}
        </Timeline>
      </Card>

      <Dialog opened={dryRun !== null} onClose={() => setDryRun(null)} title="Dry run" size="90%">
        {dryRun ? <DryRunView dryRun={dryRun} /> : null}
      </Dialog>
    </Stack>
  );
}

/** approve, reject or cancel: the answer is the request as it is now. */
function useRequestAction(
  id: string,
  verb: 'approve' | 'reject' | 'cancel',
  done: string,
  refresh: (r?: LifecycleRequest) => Promise<void>,
) {
  return useMutation({
    mutationFn: async () =>
      (await api<LifecycleRequest>('POST', `/lifecycle/requests/${id}/${verb}`, {})).data,
    onSuccess: async (r) => {
      await refresh(r);
      notifications.show({ color: 'green', message: done });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: `Could not ${verb} the request`, message: error.message }),
  });
}

function StepTitle({ step }: { step: LifecycleStep }) {
  return (
    <Group gap="xs" wrap="wrap" component="span">
      <Text span fw={600}>
        {step.name}
      </Text>
      <StepStatusBadge status={step.status} task={step.kind === 'task'} />
      <Text span size="xs" c="dimmed">
        {step.kind === 'task' ? 'Task' : step.action ? ACTION_LABEL[step.action] : ''}
      </Text>
    </Group>
  );
}

function StepBody({
  request,
  step: s,
  onChanged,
}: {
  request: LifecycleRequest;
  step: LifecycleStep;
  onChanged: (r?: LifecycleRequest) => Promise<void>;
}) {
  const patch = useMutation({
    mutationFn: async (status: 'pending' | 'skipped' | 'completed') =>
      (await api<LifecycleRequest>('PATCH', `/lifecycle/requests/${request.id}/steps/${s.id}`, { status }))
        .data,
    onSuccess: async (r, status) => {
      await onChanged(r);
      notifications.show({
        color: 'green',
        message:
          status === 'pending'
            ? `${s.name}: retrying`
            : status === 'skipped'
              ? `${s.name}: skipped`
              : `${s.name}: done`,
      });
    },
    onError: (error) =>
      notifications.show({ color: 'red', title: `${s.name} not changed`, message: error.message }),
  });
  const facts = [
    s.kind === 'task'
      ? `Due ${s.dueDate ?? '—'}${s.assignee ? ` · for ${s.assignee.name}` : ''}`
      : `Planned ${localTime(s.scheduledFor)}`,
    s.attempts > 0 ? `${s.attempts} ${s.attempts === 1 ? 'attempt' : 'attempts'}` : null,
    s.completedAt
      ? `finished ${localTime(s.completedAt)}`
      : s.startedAt
        ? `started ${localTime(s.startedAt)}`
        : null,
  ].filter(Boolean);
  return (
    <Stack gap={4} mt={4}>
      <Text size="xs" c="dimmed">
        {facts.join(' · ')}
      </Text>
      {s.error ? (
        <Alert
          color="red"
          variant="light"
          p="xs"
          icon={<IconAlertTriangle size={16} aria-hidden />}
          title="Error"
        >
          <Text size="sm">{s.error}</Text>
        </Alert>
      ) : null}
      {s.output && Object.keys(s.output).length > 0 ? (
        <details>
          <summary>
            <Text span size="xs">
              Output
            </Text>
          </summary>
          <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {JSON.stringify(s.output, null, 2)}
          </Code>
        </details>
      ) : null}
      {s.abilities.retry || s.abilities.skip || s.abilities.complete ? (
        <Group gap="xs">
          {s.abilities.retry ? (
            <Button
              size="xs"
              variant="default"
              onClick={() => patch.mutate('pending')}
              loading={patch.isPending}
              aria-label={`Retry ${s.name}`}
            >
              Retry
            </Button>
          ) : null}
          {s.abilities.complete ? (
            <Button
              size="xs"
              onClick={() => patch.mutate('completed')}
              loading={patch.isPending}
              aria-label={`Complete ${s.name}`}
            >
              Complete
            </Button>
          ) : null}
          {s.abilities.skip ? (
            <Button
              size="xs"
              variant="subtle"
              onClick={() => patch.mutate('skipped')}
              loading={patch.isPending}
              aria-label={`Skip ${s.name}`}
            >
              Skip
            </Button>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}

/** Every call the request would make, nothing sent: method, URL, body, scopes, allowed. */
export function DryRunView({ dryRun }: { dryRun: LifecycleDryRun }) {
  return (
    <Stack>
      {dryRun.missingScopes.length > 0 ? (
        <Alert color="red" title="Scopes missing" role="alert">
          The service account lacks {dryRun.missingScopes.join(', ')}: the calls marked “blocked” would fail.
          Grant them in the Google Admin console (Security → API controls → Domain-wide delegation).
        </Alert>
      ) : (
        <Alert color="teal.9" variant="outline" title="Every scope is granted">
          {dryRun.calls.length} {dryRun.calls.length === 1 ? 'call' : 'calls'}, {dryRun.tasks.length}{' '}
          {dryRun.tasks.length === 1 ? 'task' : 'tasks'}. Nothing was sent or written.
        </Alert>
      )}
      <Table.ScrollContainer minWidth={820}>
        <Table aria-label="Planned calls" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Step</Table.Th>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">Call</Table.Th>
              <Table.Th scope="col">Scopes</Table.Th>
              <Table.Th scope="col" w={110}>
                Allowed
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {dryRun.calls.map((c, i) => (
              <Table.Tr key={`${c.step}-${i}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {c.stepName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {c.description}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{localTime(c.at)}</Text>
                </Table.Td>
                <Table.Td maw={480}>
                  <Code fz="xs" style={{ wordBreak: 'break-all' }}>
                    {c.method} {c.url}
                  </Code>
                  {c.body !== undefined ? (
                    <Code block fz="xs" mt={4} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                      {JSON.stringify(c.body, null, 2)}
                    </Code>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {c.scopes.map((s) => (
                      <Text key={s} size="xs" style={{ wordBreak: 'break-all' }}>
                        {s.replace('https://www.googleapis.com/auth/', '')}
                      </Text>
                    ))}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {c.allowed ? (
                    <Badge color="teal.9" variant="outline">
                      Allowed
                    </Badge>
                  ) : (
                    <Badge color="red.9">Blocked</Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {dryRun.tasks.length > 0 ? (
        <>
          <Title order={3} size="h5">
            Tasks it would open
          </Title>
          <Table aria-label="Planned tasks">
            <Table.Tbody>
              {dryRun.tasks.map((t) => (
                <Table.Tr key={t.step}>
                  <Table.Td>{t.title}</Table.Td>
                  <Table.Td>{t.assignee?.name ?? 'Unassigned'}</Table.Td>
                  <Table.Td>Due {t.dueDate}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : null}
      {dryRun.skipped.length > 0 ? (
        <>
          <Title order={3} size="h5">
            Skipped
          </Title>
          {dryRun.skipped.map((s) => (
            <Text key={s.step} size="sm">
              {s.step}: {s.reason}
            </Text>
          ))}
        </>
      ) : null}
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={160}>
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}
