import { notifications } from '@mantine/notifications';
import type { NotificationEntry as Notification } from '@helios/shared';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../api.ts';
import { LoadMore, useKeysetList } from '../components/keyset.tsx';
import { recordPath } from '../components/settings/record-links.ts';
import { EmptyState, ErrorState, LoadingState } from '../components/states.tsx';

/** A notification's link: the record it is about, else the URL it carries when that is ours. */
function linkOf(n: Notification): string | undefined {
  if (n.entityType) return recordPath(n.entityType, n.entityId);
  if (n.actionUrl?.startsWith('/') && !n.actionUrl.startsWith('//')) return n.actionUrl;
  return undefined;
}

/**
 * The lifecycle's notifications (one type, `lifecycle_task`, for a task given, a request waiting
 * for approval, a step that failed) get a word beside their message saying which.
 */
function typeLabel(n: Notification): { label: string; color: string } | undefined {
  if (!n.type.startsWith('lifecycle')) return undefined;
  if (n.entityType === 'lifecycle_task') return { label: 'Lifecycle task', color: 'grape.9' };
  if (/waits for approval/i.test(n.message)) return { label: 'Needs approval', color: 'yellow.9' };
  if (/failed|stopped/i.test(n.message)) return { label: 'Step failed', color: 'red.9' };
  return { label: 'Lifecycle', color: 'grape.9' };
}

/** `/notifications` — mine, newest first: read, dismiss, read all; each opens its record. */
export function NotificationsPage() {
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const { query, rows } = useKeysetList<Notification>(['notifications', 'list'], '/notifications', {
    unread: filter === 'unread' ? 'true' : undefined,
  });
  // Every change refreshes the list and the bell's count (both live under ['notifications']).
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const fail = (error: Error) =>
    notifications.show({ color: 'red', title: 'Not changed', message: error.message });
  const read = useMutation({
    mutationFn: (n: Notification) => api('POST', `/notifications/${n.id}/read`),
    onSuccess: refresh,
    onError: fail,
  });
  const dismiss = useMutation({
    mutationFn: (n: Notification) => api('POST', `/notifications/${n.id}/dismiss`),
    onSuccess: refresh,
    onError: fail,
  });
  const readAll = useMutation({
    mutationFn: () => api<{ marked: number }>('POST', '/notifications/read-all'),
    onSuccess: async (data) => {
      await refresh();
      notifications.show({ title: 'All read', message: `${data.data.marked} marked read.` });
    },
    onError: fail,
  });

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Notifications
        </Title>
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            aria-label="Show"
            value={filter}
            onChange={(v) => setFilter(v === 'unread' ? 'unread' : 'all')}
            data={[
              { value: 'all', label: 'All' },
              { value: 'unread', label: 'Unread' },
            ]}
          />
          <Button size="xs" onClick={() => readAll.mutate()} loading={readAll.isPending}>
            Mark all read
          </Button>
        </Group>
      </Group>
      {/* The states below carry h3 titles: this keeps the outline h1 → h2 → h3. */}
      <VisuallyHidden>
        <h2>Your notifications</h2>
      </VisuallyHidden>
      {query.isPending ? <LoadingState label="Loading notifications…" /> : null}
      {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && rows.length === 0 ? (
        <EmptyState title={filter === 'unread' ? 'Nothing unread' : 'No notifications'}>
          You hear here about tickets assigned to you, replies, and what expires soon. Choose how each reaches
          you in{' '}
          <Anchor component={Link} to="/settings" underline="always">
            Settings
          </Anchor>
          .
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Stack
          gap="xs"
          component="ul"
          aria-label="Notifications"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {rows.map((n) => {
            const href = linkOf(n);
            return (
              <Card
                withBorder
                component="li"
                key={n.id}
                p="sm"
                bg={n.isRead ? undefined : 'var(--mantine-color-blue-light)'}
              >
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Group gap="xs">
                      {n.isRead ? null : (
                        <Badge size="xs" color="blue.9">
                          Unread
                        </Badge>
                      )}
                      {typeLabel(n) ? (
                        <Badge size="xs" variant="outline" color={typeLabel(n)?.color}>
                          {typeLabel(n)?.label}
                        </Badge>
                      ) : null}
                      <Text size="xs" c="dimmed">
                        {new Date(n.createdAt).toLocaleString()}
                      </Text>
                    </Group>
                    {href ? (
                      <Anchor
                        component={Link}
                        to={href}
                        size="sm"
                        fw={n.isRead ? 400 : 600}
                        onClick={() => {
                          if (!n.isRead) read.mutate(n);
                        }}
                      >
                        {n.message}
                      </Anchor>
                    ) : (
                      <Text size="sm" fw={n.isRead ? 400 : 600}>
                        {n.message}
                      </Text>
                    )}
                  </Stack>
                  <Group gap={4} wrap="nowrap">
                    {n.isRead ? null : (
                      <Button
                        size="xs"
                        variant="subtle"
                        onClick={() => read.mutate(n)}
                        aria-label={`Mark read: ${n.message}`}
                      >
                        Read
                      </Button>
                    )}
                    <Button
                      size="xs"
                      variant="subtle"
                      color="gray"
                      onClick={() => dismiss.mutate(n)}
                      aria-label={`Dismiss: ${n.message}`}
                    >
                      Dismiss
                    </Button>
                  </Group>
                </Group>
              </Card>
            );
          })}
        </Stack>
      ) : null}
      <LoadMore query={query} shown={rows.length} noun="notifications" />
    </Stack>
  );
}
