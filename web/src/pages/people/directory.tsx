import { roles, type Role, type User } from '@helios/shared';
import { Badge, Group, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { meQuery } from '../../auth.ts';
import { LoadMore, useKeysetList } from '../../components/keyset.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { displayName, ROLE_LABEL } from '../../names.ts';
import { UserStatusBadge, userStatusOf } from '../../components/lifecycle/labels.tsx';

const PAGE = 50;

const SORTS = [
  { value: 'email', label: 'Email A–Z' },
  { value: '-email', label: 'Email Z–A' },
  { value: '-created_at', label: 'Newest first' },
  { value: '-updated_at', label: 'Recently changed' },
];

const STATUS = [
  { value: 'active', label: 'Active' },
  { value: 'suspended', label: 'Suspended' },
  { value: 'archived', label: 'Archived' },
];

/** `GET /users` parameters for the chosen filters (the API's names, nothing derived). */
function usersParams(q: string, role: Role | null, status: string | null, sort: string) {
  return {
    sort,
    q: q.trim() || undefined,
    role: role ?? undefined,
    isActive: status === 'active' ? 'true' : status === 'suspended' ? 'false' : undefined,
    archived: status === 'archived' ? 'true' : undefined,
  };
}

/**
 * Staff's directory of everyone in the organization: search, role and status filters, sort, and
 * keyset pages of 50 appended on demand ("Show more"), so a 100 000-person directory costs one
 * indexed page per click and the table never holds more rows than were asked for.
 */
export function PeopleDirectoryPage() {
  const { data: me } = useQuery(meQuery);
  if (me && !me.abilities.readAllUsers)
    return (
      <Stack>
        <Title order={1} size="h2">
          People
        </Title>
        <EmptyState title="The directory is for IT staff">
          Your own profile, devices and tickets are on{' '}
          <AnchorLink to="/users/$id" params={{ id: String(me.id) }}>
            your profile page
          </AnchorLink>
          .
        </EmptyState>
      </Stack>
    );
  return <Directory />;
}

function Directory() {
  const [q, setQ] = useState('');
  const [search] = useDebouncedValue(q, 250);
  const [role, setRole] = useState<Role | null>(null);
  const [status, setStatus] = useState<string | null>('active');
  const [sort, setSort] = useState('email');
  const { query: people, rows } = useKeysetList<User>(
    ['users', 'directory'],
    '/users',
    usersParams(search, role, status, sort),
    { limit: PAGE },
  );
  return (
    <Stack>
      <Title order={1} size="h2">
        People
      </Title>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Search people"
          placeholder="Name, email, title or department"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={{ base: '100%', sm: 320 }}
        />
        <Select
          label="Role"
          placeholder="Any role"
          data={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
          value={role}
          onChange={(v) => setRole(v as Role | null)}
          clearable
          w={150}
        />
        <Select
          label="Status"
          data={STATUS}
          value={status}
          onChange={setStatus}
          clearable
          placeholder="Any"
          w={150}
        />
        <Select
          label="Sort"
          data={SORTS}
          value={sort}
          onChange={(v) => setSort(v ?? 'email')}
          allowDeselect={false}
          w={180}
        />
      </Group>
      {people.isPending ? <LoadingState label="Loading people…" /> : null}
      {people.isError ? <ErrorState error={people.error} onRetry={() => void people.refetch()} /> : null}
      {people.data && rows.length === 0 ? (
        <EmptyState title="Nobody matches">
          {search || role || status !== 'active'
            ? 'Clear the search or a filter to see more people.'
            : 'People arrive with the Google Workspace sync (Settings → Google Workspace), or by CSV import.'}
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover aria-label="People">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Email</Table.Th>
                  <Table.Th scope="col">Title</Table.Th>
                  <Table.Th scope="col">Department</Table.Th>
                  <Table.Th scope="col">Role</Table.Th>
                  <Table.Th scope="col" w={110}>
                    Status
                  </Table.Th>
                  <Table.Th scope="col">Tags</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>
                      <AnchorLink to="/users/$id" params={{ id: String(u.id) }}>
                        {displayName(u)}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{u.email}</Table.Td>
                    <Table.Td>{u.title ?? ''}</Table.Td>
                    <Table.Td>{u.department ?? ''}</Table.Td>
                    <Table.Td>{ROLE_LABEL[u.role]}</Table.Td>
                    <Table.Td>
                      <StatusBadge user={u} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {u.tags.map((t) => (
                          <Badge key={t.id} variant="outline" size="sm" color="gray.8">
                            {t.name}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore query={people} shown={rows.length} noun="people" />
        </>
      ) : null}
    </Stack>
  );
}

export function StatusBadge({ user }: { user: Pick<User, 'isActive' | 'archivedAt'> }) {
  if (user.archivedAt) return <Badge color="gray.8">Archived</Badge>;
  // Where they are in their lifecycle (joining, leaving, left), kept in step with isActive by the API.
  const lifecycle = userStatusOf(user);
  if (lifecycle) return <UserStatusBadge status={lifecycle} />;
  return user.isActive ? (
    <Badge color="teal.9" variant="outline">
      Active
    </Badge>
  ) : (
    <Badge color="red.9">Suspended</Badge>
  );
}
