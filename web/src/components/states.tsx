import { Alert, Button, Center, Group, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';

/** While data loads: a labelled spinner (screen readers hear what is loading). */
export function LoadingState({ label }: { label: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text c="dimmed">{label}</Text>
      </Group>
    </Center>
  );
}

/** What went wrong and what to do next; a retry when it may help. */
export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const hint =
    error instanceof ApiError && error.status === 403
      ? 'Your role does not allow this. Ask an admin if you need access.'
      : error instanceof ApiError && error.status === 404
        ? 'It may have been deleted, or it is not visible to you.'
        : error instanceof ApiError && error.status === 429
          ? 'Too many requests: wait a minute, then retry.'
          : 'Retry; if it keeps failing, check the server log.';
  return (
    <Alert
      color="red"
      variant="light"
      title={title ?? 'Could not load this'}
      icon={<IconAlertTriangle aria-hidden />}
      role="alert"
    >
      <Stack gap="xs">
        <Text size="sm">{message}</Text>
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
        {onRetry ? (
          <Group>
            <Button size="xs" variant="default" onClick={onRetry}>
              Retry
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** Nothing here yet: say so, and say what to do. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Stack align="center" gap="xs" py="lg" ta="center">
      <ThemeIcon variant="light" size="xl" radius="xl" color="gray" aria-hidden>
        <IconInbox />
      </ThemeIcon>
      <Title order={3} size="h5">
        {title}
      </Title>
      <Text c="dimmed" size="sm" maw={420}>
        {children}
      </Text>
      {action}
    </Stack>
  );
}
