import type { Expiring, LifecycleTask, Me, PeopleContext, Ticket } from '@helios/shared';
import { Badge, Card, Group, List, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import { AnchorLink } from '../components/links.tsx';
import { meQuery } from '../auth.ts';
import { lifecycleAbilities } from '../components/lifecycle/abilities.ts';
import { EmptyState, ErrorState } from '../components/states.tsx';

const QUEUE_LIMIT = 200;

/** A queue's open tickets (first page; the count says "200+" beyond it). */
function useQueue(key: string, query: string) {
  return useQuery({
    queryKey: ['tickets', 'queue', key],
    queryFn: () => api<Ticket[]>('GET', `/tickets?${query}&limit=${QUEUE_LIMIT}`),
  });
}

const ageOf = (iso: string): string => {
  const days = Math.floor((Date.now() - new Date(iso).getTime()) / 86_400_000);
  return days <= 0 ? 'today' : days === 1 ? '1 day' : `${days} days`;
};

function QueueCard({
  title,
  queue,
  empty,
}: {
  title: string;
  queue: ReturnType<typeof useQueue>;
  empty: string;
}) {
  const tickets = queue.data?.data ?? [];
  const count = queue.data ? `${tickets.length}${queue.data.nextCursor ? '+' : ''}` : '…';
  const oldest = tickets.reduce<string | undefined>(
    (o, t) => (!o || t.createdAt < o ? t.createdAt : o),
    undefined,
  );
  return (
    <Card withBorder padding="lg" component="section" aria-label={title}>
      <Group justify="space-between" align="flex-start">
        <Title order={2} size="h5">
          {title}
        </Title>
        <Badge size="lg" variant="light" aria-label={`${count} open tickets`}>
          {count}
        </Badge>
      </Group>
      {queue.isPending ? <Skeleton h={60} mt="md" /> : null}
      {queue.isError ? <ErrorState error={queue.error} onRetry={() => void queue.refetch()} /> : null}
      {queue.data && tickets.length === 0 ? (
        <Text c="dimmed" size="sm" mt="sm">
          {empty}
        </Text>
      ) : null}
      {tickets.length > 0 ? (
        <Stack gap={4} mt="sm">
          {oldest ? (
            <Text size="xs" c="dimmed">
              Oldest waiting {ageOf(oldest)}
            </Text>
          ) : null}
          <List size="sm" spacing={4} listStyleType="none">
            {tickets.slice(0, 5).map((t) => (
              <List.Item key={t.id}>
                <AnchorLink to="/tickets/$id" params={{ id: String(t.id) }}>
                  {t.displayNumber}
                </AnchorLink>{' '}
                {t.subject}{' '}
                <Text span size="xs" c="dimmed">
                  · {ageOf(t.createdAt)}
                </Text>
              </List.Item>
            ))}
          </List>
        </Stack>
      ) : null}
    </Card>
  );
}

function ExpiringCard() {
  const expiring = useQuery({
    queryKey: ['expiring', 45],
    queryFn: () => api<Expiring>('GET', '/expiring?days=45'),
  });
  const data = expiring.data?.data;
  const rows = data
    ? [
        ...data.domains.map((d) => ({ kind: 'Domain', resource: 'domains', ...d })),
        ...data.certificates.map((d) => ({ kind: 'Certificate', resource: 'certificates', ...d })),
        ...data.softwareLicenses.map((d) => ({ kind: 'License', resource: 'software-licenses', ...d })),
        ...data.assetWarranties.map((d) => ({ kind: 'Warranty', resource: 'assets', ...d })),
      ].sort((a, b) => a.daysLeft - b.daysLeft)
    : [];
  return (
    <Card withBorder padding="lg" component="section" aria-label="Expiring in 45 days">
      <Group justify="space-between">
        <Title order={2} size="h5">
          Expiring in 45 days
        </Title>
        <Badge
          size="lg"
          variant="light"
          color={rows.some((r) => r.expired) ? 'red' : 'orange'}
          aria-label={`${rows.length} items expiring`}
        >
          {data ? rows.length : '…'}
        </Badge>
      </Group>
      {expiring.isPending ? <Skeleton h={60} mt="md" /> : null}
      {expiring.isError ? (
        <ErrorState error={expiring.error} onRetry={() => void expiring.refetch()} />
      ) : null}
      {data && rows.length === 0 ? (
        <Text c="dimmed" size="sm" mt="sm">
          Nothing expires in the next 45 days. Domains, certificates, licenses and warranties with a date show
          up here.
        </Text>
      ) : null}
      {rows.length > 8 ? (
        <Text size="xs" c="dimmed" mt={4}>
          The 8 soonest of {rows.length}
        </Text>
      ) : null}
      {rows.length > 0 ? (
        <List size="sm" spacing={4} mt="sm" listStyleType="none">
          {rows.slice(0, 8).map((r) => (
            <List.Item key={`${r.resource}-${r.id}`}>
              <Badge size="xs" variant="outline" mr={6}>
                {r.kind}
              </Badge>
              <AnchorLink to="/$resource/$id" params={{ resource: r.resource, id: String(r.id) }}>
                {r.name}
              </AnchorLink>{' '}
              <Text span size="xs" c={r.expired ? 'red' : 'dimmed'}>
                {r.expired
                  ? `expired ${-r.daysLeft} days ago`
                  : r.daysLeft === 0
                    ? 'today'
                    : `in ${r.daysLeft} days`}
              </Text>
            </List.Item>
          ))}
        </List>
      ) : null}
    </Card>
  );
}

const TASKS_LIMIT = 50;

/**
 * My open lifecycle tasks (joiners' and leavers' manual steps): how many, the first few. Anyone
 * may be given one (a leaver's manager); outside IT the card shows only while there are some.
 */
function LifecycleTasksCard({ onlyWhenAny = false }: { onlyWhenAny?: boolean }) {
  const tasks = useQuery({
    queryKey: ['lifecycle', 'tasks', 'dashboard'],
    queryFn: () =>
      api<LifecycleTask[]>('GET', `/lifecycle/tasks?assignedTo=me&status=open&limit=${TASKS_LIMIT}`),
  });
  const rows = tasks.data?.data ?? [];
  const count = tasks.data ? `${rows.length}${tasks.data.nextCursor ? '+' : ''}` : '…';
  if (onlyWhenAny && rows.length === 0) return null;
  return (
    <Card withBorder padding="lg" component="section" aria-label="My lifecycle tasks">
      <Group justify="space-between" align="flex-start">
        <Title order={2} size="h5">
          <AnchorLink to="/lifecycle/tasks" c="inherit">
            My lifecycle tasks
          </AnchorLink>
        </Title>
        <Badge size="lg" variant="light" aria-label={`${count} open lifecycle tasks`}>
          {count}
        </Badge>
      </Group>
      {tasks.isPending ? <Skeleton h={60} mt="md" /> : null}
      {tasks.isError ? <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} /> : null}
      {tasks.data && rows.length === 0 ? (
        <Text c="dimmed" size="sm" mt="sm">
          No open tasks for joiners or leavers.
        </Text>
      ) : null}
      {rows.length > 0 ? (
        <List size="sm" spacing={4} mt="sm" listStyleType="none">
          {rows.slice(0, 5).map((t) => (
            <List.Item key={t.id}>
              <AnchorLink to="/lifecycle/requests/$id" params={{ id: String(t.request.id) }}>
                {t.title}
              </AnchorLink>{' '}
              <Text span size="xs" c="dimmed">
                · {t.request.personName || t.request.personEmail}
                {t.dueDate ? ` · due ${t.dueDate}` : ''}
              </Text>
            </List.Item>
          ))}
        </List>
      ) : null}
    </Card>
  );
}

function StaffDashboard({ me }: { me: Me }) {
  const mine = useQueue('mine', 'assignedTo=me&status=open');
  const unassigned = useQueue('unassigned', 'assignedTo=none&status=open');
  const tasks = lifecycleAbilities(me).tasks;
  return (
    <SimpleGrid cols={{ base: 1, md: tasks ? 2 : 3 }}>
      <QueueCard
        title="My queue"
        queue={mine}
        empty="Nothing assigned to you. Take one from the unassigned queue."
      />
      <QueueCard title="Unassigned" queue={unassigned} empty="Every open ticket has an owner." />
      <ExpiringCard />
      {tasks ? <LifecycleTasksCard /> : null}
    </SimpleGrid>
  );
}

/** The signed-in person's devices, from their own context (the add-on's person card call). */
function DevicesCard({ me }: { me: Me }) {
  const context = useQuery({
    queryKey: ['people', me.email, 'context'],
    queryFn: async () =>
      (await api<PeopleContext>('GET', `/people/${encodeURIComponent(me.email)}/context`)).data,
  });
  const assets = context.data?.assets ?? [];
  return (
    <Card withBorder padding="lg" component="section" aria-label="My devices">
      <Group justify="space-between">
        <Title order={2} size="h5">
          My devices
        </Title>
        <Badge size="lg" variant="light" aria-label={`${assets.length} devices`}>
          {context.data ? assets.length : '…'}
        </Badge>
      </Group>
      {context.isPending ? <Skeleton h={60} mt="md" /> : null}
      {context.isError ? <ErrorState error={context.error} onRetry={() => void context.refetch()} /> : null}
      {context.data && assets.length === 0 ? (
        <Text c="dimmed" size="sm" mt="sm">
          No devices are recorded for you. If you use a company laptop or phone, ask IT to add it.
        </Text>
      ) : null}
      {assets.length > 0 ? (
        <List size="sm" spacing={4} mt="sm" listStyleType="none">
          {assets.map((a) => (
            <List.Item key={a.id}>
              <Text span fw={600} size="sm">
                {a.name}
              </Text>{' '}
              <Text span size="xs" c="dimmed">
                {[a.make, a.model, a.serialNumber ? `S/N ${a.serialNumber}` : null]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </List.Item>
          ))}
        </List>
      ) : null}
    </Card>
  );
}

function PersonDashboard({ me }: { me: Me }) {
  const mine = useQueue('own', 'status=open');
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <QueueCard
        title="My open tickets"
        queue={mine}
        empty="You have no open tickets. To ask IT for help, use New ticket under Tickets, email IT or file one from Gmail."
      />
      <DevicesCard me={me} />
      <LifecycleTasksCard onlyWhenAny />
    </SimpleGrid>
  );
}

export function Dashboard() {
  const { data: me } = useQuery(meQuery);
  if (!me) return <EmptyState title="Not signed in">Sign in to see your dashboard.</EmptyState>;
  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          Dashboard
        </Title>
        <Text c="dimmed">Welcome, {firstName(me)}.</Text>
      </div>
      {me.abilities.readAllTickets ? <StaffDashboard me={me} /> : <PersonDashboard me={me} />}
    </Stack>
  );
}

const firstName = (me: Me) => me.name.split(/\s+/)[0] || me.email;
