import type { Ticket } from '@helios/shared';
import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { AnchorLink } from '../../components/links.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';

/** Open tickets the caller may read (staff: all; others: their own), newest first. */
export function TicketsQueuePage() {
  const tickets = useQuery({
    queryKey: ['tickets', 'open'],
    queryFn: () => api<Ticket[]>('GET', '/tickets?status=open&limit=50'),
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        Tickets
      </Title>
      {tickets.isPending ? <LoadingState label="Loading tickets…" /> : null}
      {tickets.isError ? <ErrorState error={tickets.error} onRetry={() => void tickets.refetch()} /> : null}
      {tickets.data && tickets.data.data.length === 0 ? (
        <EmptyState title="No open tickets">
          New tickets arrive from email and from the Gmail add-on. Closed tickets are kept for the record.
        </EmptyState>
      ) : null}
      {tickets.data && tickets.data.data.length > 0 ? (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover aria-label="Open tickets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Ticket</Table.Th>
                <Table.Th scope="col">Subject</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Assignee</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tickets.data.data.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>
                    <AnchorLink to="/$resource/$id" params={{ resource: 'tickets', id: String(t.id) }}>
                      {t.displayNumber}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{t.subject}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{t.status.name}</Badge>
                  </Table.Td>
                  <Table.Td>
                    {t.assignedTo?.name ?? (
                      <Text span c="dimmed">
                        Unassigned
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
