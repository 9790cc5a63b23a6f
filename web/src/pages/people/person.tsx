import {
  roles,
  type Links,
  type PeopleContext,
  type Role,
  type TicketSummary,
  type User,
} from '@helios/shared';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { api } from '../../api.ts';
import { AnchorLink } from '../../components/links.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { NotFound } from '../not-found.tsx';
import { StatusBadge } from './directory.tsx';
import { meQuery } from '../../auth.ts';
import { lifecycleAbilities } from '../../components/lifecycle/abilities.ts';
import { LifecycleHistory } from '../../components/lifecycle/history.tsx';
import { displayName, ROLE_LABEL } from '../../names.ts';

const route = getRouteApi('/app/users/$id');

/** Days until an ISO date (negative when past); null without a date. */
const daysUntil = (iso: string | null): number | null =>
  iso ? Math.ceil((new Date(iso).getTime() - Date.now()) / 86_400_000) : null;

/** Resources a person's links may hold, with their labels (the API's names; deep links `/<name>/<id>`). */
const LINKED: Record<string, string> = {
  credentials: 'Credentials',
  assets: 'Assets',
  documents: 'Documents',
  files: 'Files',
  'software-licenses': 'Software licenses',
  domains: 'Domains',
  certificates: 'Certificates',
  vendors: 'Vendors',
  locations: 'Locations',
};

/**
 * A person's whole context on one page: who they are (title, manager, OU, groups), what they have
 * (devices, licenses, linked credentials and documents) and what they asked for (tickets). Admins
 * change the role here; the API's `abilities.changeRole` decides whether the control is shown.
 */
export function PersonPage() {
  const { id } = route.useParams();
  const { data: me } = useQuery(meQuery);
  const valid = /^\d+$/.test(id);
  const user = useQuery({
    queryKey: ['users', Number(id)],
    queryFn: () => api<User>('GET', `/users/${id}`),
    enabled: valid,
  });
  const email = user.data?.data.email;
  const context = useQuery({
    queryKey: ['people', 'context', email],
    queryFn: () => api<PeopleContext>('GET', `/people/${encodeURIComponent(email ?? '')}/context`),
    enabled: email !== undefined,
  });
  const links = useQuery({
    queryKey: ['users', Number(id), 'links'],
    queryFn: () => api<Links>('GET', `/users/${id}/links`),
    enabled: user.isSuccess,
  });
  if (!valid) return <NotFound />;
  if (user.isPending) return <LoadingState label="Loading person…" />;
  if (user.isError)
    return (
      <ErrorState
        error={user.error}
        onRetry={() => void user.refetch()}
        title={`Person ${id} could not be opened`}
      />
    );
  const u = user.data.data;
  const ctx = context.data?.data;
  const person = ctx?.person;

  return (
    <Stack>
      <Text size="sm">
        <Anchor component={Link} to="/people">
          People
        </Anchor>{' '}
        / {displayName(u)}
      </Text>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h2">
            {displayName(u)}
          </Title>
          <Text c="dimmed">{[u.title, u.department].filter(Boolean).join(' · ') || u.email}</Text>
        </div>
        <Group gap="xs">
          <Badge variant="light">{ROLE_LABEL[u.role]}</Badge>
          <StatusBadge user={u} />
          {u.syncedFromGoogle ? (
            <Badge variant="outline" color="gray.8">
              Synced from Google
            </Badge>
          ) : null}
          {u.tags.map((t) => (
            <Badge key={t.id} variant="outline" color="gray.8">
              {t.name}
            </Badge>
          ))}
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title="Profile">
          <Table aria-label="Profile" variant="vertical">
            <Table.Tbody>
              <Fact label="Email">
                <Anchor href={`mailto:${u.email}`}>{u.email}</Anchor>
              </Fact>
              <Fact label="Manager">
                {person?.manager ? (
                  <AnchorLink to="/users/$id" params={{ id: String(person.manager.id) }}>
                    {person.manager.name}
                  </AnchorLink>
                ) : (
                  '—'
                )}
              </Fact>
              <Fact label="Organizational unit">
                {ctx?.orgUnit?.orgUnitPath ?? u.googleWorkspaceOu ?? '—'}
              </Fact>
              <Fact label="Phone">{[u.phone, u.mobile].filter(Boolean).join(' · ') || '—'}</Fact>
              <Fact label="Location">{person?.location ?? '—'}</Fact>
              <Fact label="Last synced">
                {u.lastSyncedAt ? new Date(u.lastSyncedAt).toLocaleString() : '—'}
              </Fact>
            </Table.Tbody>
          </Table>
          {u.abilities.changeRole ? <RoleChange user={u} /> : null}
        </Section>

        <Section title="Groups">
          {context.isError ? (
            <ErrorState error={context.error} onRetry={() => void context.refetch()} />
          ) : null}
          {ctx && ctx.groups.length === 0 ? (
            <Text c="dimmed">Not a member of any directory group.</Text>
          ) : null}
          <List spacing={4} listStyleType="none">
            {ctx?.groups.map((g) => (
              <List.Item key={g.id}>
                {g.name}{' '}
                <Text span size="xs" c="dimmed">
                  {[g.email, g.role.toLowerCase()].filter(Boolean).join(' · ')}
                </Text>
              </List.Item>
            ))}
          </List>
        </Section>
      </SimpleGrid>

      <Section title={`Devices and assets (${u.counts?.assets ?? ctx?.assets.length ?? 0})`}>
        {ctx && ctx.assets.length === 0 ? (
          <Text c="dimmed">No assets are assigned. Assign one from its asset page.</Text>
        ) : null}
        {ctx && ctx.assets.length > 0 ? (
          <Table.ScrollContainer minWidth={560}>
            <Table aria-label="Devices and assets">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Type</Table.Th>
                  <Table.Th scope="col">Model</Table.Th>
                  <Table.Th scope="col">Serial</Table.Th>
                  <Table.Th scope="col">Warranty</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ctx.assets.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <AnchorLink to="/$resource/$id" params={{ resource: 'assets', id: String(a.id) }}>
                        {a.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{a.assetType}</Table.Td>
                    <Table.Td>{[a.make, a.model].filter(Boolean).join(' ')}</Table.Td>
                    <Table.Td>{a.serialNumber ?? ''}</Table.Td>
                    <Table.Td>
                      <Expiry date={a.warrantyExpireDate} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Section>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title={`Licenses (${ctx?.softwareLicenses.length ?? 0})`}>
          {ctx && ctx.softwareLicenses.length === 0 ? <Text c="dimmed">No licenses assigned.</Text> : null}
          <List spacing={4} listStyleType="none">
            {ctx?.softwareLicenses.map((l) => (
              <List.Item key={l.id}>
                <AnchorLink to="/$resource/$id" params={{ resource: 'software-licenses', id: String(l.id) }}>
                  {l.name}
                </AnchorLink>{' '}
                <Expiry date={l.expireDate} />
              </List.Item>
            ))}
          </List>
        </Section>
        <Section title="Linked records">
          {links.isError ? <ErrorState error={links.error} onRetry={() => void links.refetch()} /> : null}
          {links.data ? <LinkedRecords links={links.data.data} /> : null}
        </Section>
      </SimpleGrid>

      {me && lifecycleAbilities(me).requests ? (
        <LifecycleHistory email={u.email} offboard={u.isActive && !u.archivedAt} />
      ) : null}

      <Section title={`Tickets (${u.counts?.tickets ?? 0})`}>
        {ctx && ctx.openTickets.length + ctx.recentTickets.length === 0 ? (
          <Text c="dimmed">No tickets from or about this person.</Text>
        ) : null}
        {ctx && ctx.openTickets.length > 0 ? (
          <TicketList label="Open tickets" tickets={ctx.openTickets} />
        ) : null}
        {ctx && ctx.recentTickets.length > 0 ? (
          <TicketList label="Recently closed tickets" tickets={ctx.recentTickets} />
        ) : null}
      </Section>
    </Stack>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={170}>
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

/** A date with a warning colour when it is within 45 days (the expiring window) or past. */
function Expiry({ date }: { date: string | null }) {
  const days = daysUntil(date);
  if (!date || days === null)
    return (
      <Text span c="dimmed" size="sm">
        —
      </Text>
    );
  const label = new Date(date).toLocaleDateString();
  if (days < 0)
    return (
      <Badge color="red.9" variant="filled">
        expired {label}
      </Badge>
    );
  if (days <= 45)
    return (
      // Dark text on a light orange ground: orange text itself falls under 4.5:1 on white.
      <Badge color="orange" variant="light" c="dark.8">
        expires {label}
      </Badge>
    );
  return (
    <Text span size="sm">
      {label}
    </Text>
  );
}

function LinkedRecords({ links }: { links: Links }) {
  const groups = Object.entries(links).filter(([name, rows]) => rows.length > 0 && LINKED[name]);
  if (groups.length === 0) return <Text c="dimmed">Nothing is linked to this person yet.</Text>;
  return (
    <Stack gap="xs">
      {groups.map(([name, rows]) => (
        <div key={name}>
          <Text fw={500} size="sm">
            {LINKED[name]}
          </Text>
          <List spacing={2} listStyleType="none" aria-label={LINKED[name]}>
            {rows.map((r) => (
              <List.Item key={r.id}>
                <AnchorLink to="/$resource/$id" params={{ resource: name, id: String(r.id) }}>
                  {r.title}
                </AnchorLink>
                {r.subtitle ? (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {r.subtitle}
                  </Text>
                ) : null}
              </List.Item>
            ))}
          </List>
        </div>
      ))}
    </Stack>
  );
}

function TicketList({ label, tickets }: { label: string; tickets: TicketSummary[] }) {
  return (
    <Table aria-label={label} mb="sm">
      <Table.Caption>{label}</Table.Caption>
      <Table.Tbody>
        {tickets.map((t) => (
          <Table.Tr key={t.id}>
            <Table.Td w={110}>
              <AnchorLink to="/tickets/$id" params={{ id: String(t.id) }}>
                {t.displayNumber}
              </AnchorLink>
            </Table.Td>
            <Table.Td>{t.subject}</Table.Td>
            <Table.Td w={140}>
              <Badge variant="light">{t.status.name}</Badge>
            </Table.Td>
            <Table.Td w={180}>{t.assignedTo?.name ?? 'Unassigned'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** An admin changes the person's role; the API refuses what policy forbids (e.g. the last admin). */
function RoleChange({ user }: { user: User }) {
  const [role, setRole] = useState<Role>(user.role);
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (next: Role) => api<User>('PATCH', `/users/${user.id}`, { role: next }),
    onSuccess: async (res) => {
      notifications.show({
        color: 'teal',
        title: 'Role changed',
        message: `${displayName(res.data)} is now ${ROLE_LABEL[res.data.role].toLowerCase()}.`,
      });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  return (
    <Group align="flex-end" mt="md">
      <Select
        label="Role"
        data={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
        value={role}
        onChange={(v) => v && setRole(v as Role)}
        allowDeselect={false}
        w={160}
      />
      <Button disabled={role === user.role} loading={change.isPending} onClick={() => change.mutate(role)}>
        Change role
      </Button>
      {change.isError ? (
        <Alert color="red" variant="light" w="100%" title="Role not changed">
          {change.error.message}
        </Alert>
      ) : null}
    </Group>
  );
}
