import type { LifecycleRequest } from '@helios/shared';
import { Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { IconUserMinus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api } from '../../api.ts';
import { AnchorLink } from '../links.tsx';
import { ErrorState } from '../states.tsx';
import { KIND_LABEL, localTime, RequestStatusBadge } from './labels.tsx';

/** A person's joiner and leaver requests (their page's "Lifecycle" section), and a way to start offboarding. */
export function LifecycleHistory({ email, offboard }: { email: string; offboard: boolean }) {
  const navigate = useNavigate();
  const requests = useQuery({
    queryKey: ['lifecycle', 'requests', 'person', email],
    queryFn: async () =>
      (
        await api<LifecycleRequest[]>(
          'GET',
          `/lifecycle/requests?status=all&limit=20&personEmail=${encodeURIComponent(email)}`,
        )
      ).data,
  });
  const rows = requests.data ?? [];
  const open = rows.some(
    (r) => r.kind === 'offboarding' && ['pending', 'approved', 'in_progress', 'failed'].includes(r.status),
  );
  return (
    <Card withBorder component="section" aria-label="Lifecycle">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5">
          Lifecycle
        </Title>
        {offboard && !open ? (
          <Button
            onClick={() =>
              void navigate({ to: '/lifecycle/new', search: { kind: 'offboarding', personEmail: email } })
            }
            size="xs"
            variant="default"
            leftSection={<IconUserMinus size={16} aria-hidden />}
          >
            Start offboarding
          </Button>
        ) : null}
      </Group>
      {requests.isError ? (
        <ErrorState error={requests.error} onRetry={() => void requests.refetch()} />
      ) : null}
      {requests.data && rows.length === 0 ? (
        <Text c="dimmed">No onboarding or offboarding for this person.</Text>
      ) : null}
      {rows.length > 0 ? (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-label="Lifecycle requests">
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <AnchorLink to="/lifecycle/requests/$id" params={{ id: String(r.id) }}>
                      {KIND_LABEL[r.kind]} · {r.template?.name ?? `request ${r.id}`}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{localTime(r.effectiveAt)}</Table.Td>
                  <Table.Td>
                    <RequestStatusBadge status={r.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {r.progress.done}/{r.progress.total} steps
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Card>
  );
}
