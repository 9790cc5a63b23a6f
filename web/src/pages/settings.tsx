import { notifications } from '@mantine/notifications';
import type { Session } from '@helios/shared';
import {
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api.ts';
import { meQuery } from '../auth.ts';
import { AnchorLink } from '../components/links.tsx';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';
import { MailSettingsCard, NotificationPreferencesCard } from './mail-settings.tsx';
import { sectionsFor } from './settings/sections.ts';

const when = (iso: string) => new Date(iso).toLocaleString();

/** A short, readable device name from a user agent (no parsing library for one label). */
function deviceOf(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Chrome\//.test(userAgent)
      ? 'Chrome'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : 'Browser';
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /Mac OS X/.test(userAgent)
      ? 'macOS'
      : /Android/.test(userAgent)
        ? 'Android'
        : /iPhone|iPad/.test(userAgent)
          ? 'iOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}

export function SettingsPage() {
  const { data: me } = useQuery(meQuery);
  const [everyone, setEveryone] = useState(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = useQuery({
    queryKey: ['sessions', everyone],
    queryFn: () => api<Session[]>('GET', `/auth/sessions${everyone ? '?all=true' : ''}`),
  });
  const afterRevoke = async (signedOut: boolean) => {
    if (signedOut) {
      queryClient.clear();
      queryClient.setQueryData(meQuery.queryKey, null);
      await navigate({ to: '/sign-in' });
      return;
    }
    await queryClient.invalidateQueries({ queryKey: ['sessions'] });
  };
  const revoke = useMutation({
    mutationFn: (session: Session) => api('DELETE', `/auth/sessions/${session.id}`),
    onSuccess: (_data, session) => afterRevoke(session.current),
    onError: (error) => notifications.show({ color: 'red', title: 'Not revoked', message: error.message }),
  });
  const others = useMutation({
    mutationFn: () => api('DELETE', '/auth/sessions?keepCurrent=true'),
    onSuccess: () => afterRevoke(false),
    onError: (error) => notifications.show({ color: 'red', title: 'Not signed out', message: error.message }),
  });
  const everywhere = useMutation({
    mutationFn: () => api('DELETE', '/auth/sessions'),
    onSuccess: () => afterRevoke(true),
    onError: (error) => notifications.show({ color: 'red', title: 'Not signed out', message: error.message }),
  });
  if (!me) return null;
  const isAdmin = me.abilities.manageSettings;
  const admin = sectionsFor(me.abilities);

  return (
    <Stack>
      <Title order={1} size="h2">
        Settings
      </Title>
      <Card withBorder component="section" aria-labelledby="sessions-heading">
        <Stack>
          <Group justify="space-between" wrap="wrap">
            <div>
              <Title order={2} size="h4" id="sessions-heading">
                {everyone ? 'Everyone’s sessions' : 'Your sessions'}
              </Title>
              <Text size="sm" c="dimmed">
                {everyone
                  ? 'Every browser signed in to Helios. Revoke a lost laptop’s or a leaver’s.'
                  : 'Each browser you signed in with. Revoke one you do not recognise.'}
              </Text>
            </div>
            <Group gap="xs">
              {isAdmin ? (
                <Switch
                  label="Show everyone’s sessions"
                  checked={everyone}
                  onChange={(e) => setEveryone(e.currentTarget.checked)}
                />
              ) : null}
              <Button variant="default" size="xs" onClick={() => others.mutate()} loading={others.isPending}>
                Sign out other sessions
              </Button>
              <Button
                color="red"
                variant="light"
                size="xs"
                onClick={() => everywhere.mutate()}
                loading={everywhere.isPending}
              >
                Sign out everywhere
              </Button>
            </Group>
          </Group>
          {sessions.isPending ? <LoadingState label="Loading sessions…" /> : null}
          {sessions.isError ? (
            <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
          ) : null}
          {sessions.data && sessions.data.data.length === 0 ? (
            <EmptyState title="No browser sessions">
              You are using an API key or the add-on; browser sign-ins will be listed here.
            </EmptyState>
          ) : null}
          {sessions.data && sessions.data.data.length > 0 ? (
            <Table.ScrollContainer minWidth={640}>
              <Table aria-label="Sign-in sessions">
                <Table.Thead>
                  <Table.Tr>
                    {everyone ? <Table.Th scope="col">Person</Table.Th> : null}
                    <Table.Th scope="col">Device</Table.Th>
                    <Table.Th scope="col">Signed in</Table.Th>
                    <Table.Th scope="col">Last active</Table.Th>
                    <Table.Th scope="col">Expires</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sessions.data.data.map((s) => (
                    <Table.Tr key={s.id}>
                      {everyone ? (
                        <Table.Td>
                          <Text size="sm">{s.user.name}</Text>
                          <Text size="xs" c="dimmed">
                            {s.user.email}
                          </Text>
                        </Table.Td>
                      ) : null}
                      <Table.Td>
                        <Group gap={6}>
                          <Text size="sm">{deviceOf(s.userAgent)}</Text>
                          {s.current ? <Badge size="xs">This browser</Badge> : null}
                          <Badge size="xs" variant="outline">
                            {s.method === 'google' ? 'Google' : 'API key'}
                          </Badge>
                        </Group>
                        <Text size="xs" c="dimmed">
                          {s.ipAddress ?? 'unknown address'}
                        </Text>
                      </Table.Td>
                      <Table.Td>{when(s.createdAt)}</Table.Td>
                      <Table.Td>{when(s.lastSeenAt)}</Table.Td>
                      <Table.Td>{when(s.expiresAt)}</Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => revoke.mutate(s)}
                          aria-label={`Revoke session: ${deviceOf(s.userAgent)}, signed in ${when(s.createdAt)}${everyone ? ` (${s.user.email})` : ''}`}
                        >
                          Revoke
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
        </Stack>
      </Card>
      <NotificationPreferencesCard />
      {isAdmin ? <MailSettingsCard /> : null}
      {admin.length > 0 ? (
        <Card withBorder component="section" aria-labelledby="admin-heading">
          <Stack gap="xs">
            <Title order={2} size="h4" id="admin-heading">
              Administration
            </Title>
            <SimpleGrid
              cols={{ base: 1, sm: 2, lg: 4 }}
              spacing="xs"
              component="ul"
              style={{ listStyle: 'none', padding: 0, margin: 0 }}
            >
              {admin.map((section) => (
                <li key={section.slug}>
                  <AnchorLink to="/settings/$section" params={{ section: section.slug }} fw={500}>
                    {section.title}
                  </AnchorLink>
                  <Text size="xs" c="dimmed">
                    {section.description}
                  </Text>
                </li>
              ))}
            </SimpleGrid>
          </Stack>
        </Card>
      ) : null}
    </Stack>
  );
}
