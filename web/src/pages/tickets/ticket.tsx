import type { TicketWithReplies } from '@helios/shared';
import { Alert, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useRef } from 'react';
import { api, ApiError } from '../../api.ts';
import { meQuery } from '../../auth.ts';
import { AnchorLink } from '../../components/links.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { PriorityBadge, StatusBadge } from '../../components/tickets/badges.tsx';
import { Composer, type ComposerHandle, ReplyItem } from '../../components/tickets/conversation.tsx';
import { closedStatusOf, statusesQuery } from '../../components/tickets/data.ts';
import {
  AssetsPanel,
  AttachmentsPanel,
  DetailsPanel,
  FeedbackPanel,
  SharedLinkPanel,
  useTicketUpdate,
  WatchersPanel,
} from '../../components/tickets/panels.tsx';
import { ShortcutHelp } from '../../components/tickets/shortcuts.tsx';

const route = getRouteApi('/app/tickets/$id');

const SHORTCUTS = [
  { keys: 'r', does: 'Write a public reply' },
  { keys: 'n', does: 'Write an internal note (staff)' },
  { keys: 'a', does: 'Assign the ticket to me (staff)' },
  { keys: 'c', does: 'Close the ticket' },
];

/** `/tickets/<id>`: one ticket, its conversation and everything around it. */
export function TicketPage() {
  const { id } = route.useParams();
  const valid = /^\d{1,10}$/.test(id);
  const ticket = useQuery({
    queryKey: ['tickets', 'one', id],
    queryFn: async () => (await api<TicketWithReplies>('GET', `/tickets/${id}`)).data,
    enabled: valid,
  });
  if (!valid || (ticket.error instanceof ApiError && ticket.error.status === 404))
    return (
      <Stack>
        <Title order={1} size="h2">
          No such ticket
        </Title>
        <Alert color="indigo" variant="outline" title="This ticket does not exist, or it is not yours to see">
          Tickets you filed, or that are about you, are listed under{' '}
          <AnchorLink to="/tickets">Tickets</AnchorLink>. If someone sent you this link, ask them to add you
          as a watcher.
        </Alert>
      </Stack>
    );
  if (ticket.isPending) return <LoadingState label="Loading the ticket…" />;
  if (ticket.isError) return <ErrorState error={ticket.error} onRetry={() => void ticket.refetch()} />;
  return <TicketView ticket={ticket.data} />;
}

function TicketView({ ticket }: { ticket: TicketWithReplies }) {
  const { data: me } = useQuery(meQuery);
  const statuses = useQuery(statusesQuery);
  const update = useTicketUpdate(ticket.id);
  const composer = useRef<ComposerHandle>(null);
  const closed = closedStatusOf(statuses.data);
  const canClose = (ticket.abilities.update || ticket.abilities.close) && !ticket.status.isClosed && closed;
  const close = () => {
    if (canClose) update.mutate({ statusId: closed.id });
  };
  const assignToMe = () => {
    if (ticket.abilities.update && me && ticket.assignedTo?.id !== me.id)
      update.mutate({ assignedToUserId: me.id });
  };
  useHotkeys([
    ['r', () => composer.current?.start('public')],
    ['n', () => composer.current?.start('internal')],
    ['a', assignToMe],
    ['c', close],
  ]);

  const internalCount = ticket.replies.filter((r) => r.type === 'internal').length;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div style={{ minWidth: 0 }}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {ticket.displayNumber} · {ticket.subject}
          </Title>
          <Group gap="xs" mt={4}>
            <StatusBadge status={ticket.status} />
            <PriorityBadge priority={ticket.priority} />
            <Text size="sm" c="dimmed">
              {ticket.assignedTo ? `Assigned to ${ticket.assignedTo.name}` : 'Unassigned'}
            </Text>
          </Group>
        </div>
        <Group gap="xs">
          <ShortcutHelp shortcuts={SHORTCUTS} />
          {canClose ? (
            <Button variant="default" onClick={close} loading={update.isPending} aria-keyshortcuts="c">
              Close ticket (c)
            </Button>
          ) : null}
        </Group>
      </Group>
      {update.error ? (
        <Alert color="red" role="alert" title="The change was refused">
          {update.error.message}
        </Alert>
      ) : null}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Paper withBorder p="sm" component="section" aria-labelledby="request-title">
              <Title order={2} size="h5" id="request-title" mb={4}>
                Request
              </Title>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {ticket.details}
              </Text>
            </Paper>
            <section aria-labelledby="conversation-title">
              <Title order={2} size="h5" id="conversation-title" mb="xs">
                Conversation ({ticket.replies.length - internalCount} public
                {ticket.abilities.replyInternal ? `, ${internalCount} internal` : ''})
              </Title>
              {ticket.replies.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No replies yet.{' '}
                  {ticket.abilities.reply
                    ? 'Press r to write the first one.'
                    : 'IT’s replies will appear here.'}
                </Text>
              ) : (
                <Stack gap="xs">
                  {ticket.replies.map((r) => (
                    <ReplyItem key={r.id} reply={r} />
                  ))}
                </Stack>
              )}
            </section>
            <Composer ref={composer} ticket={ticket} key={ticket.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <DetailsPanel ticket={ticket} />
            <WatchersPanel ticket={ticket} />
            <AssetsPanel ticket={ticket} />
            <AttachmentsPanel ticket={ticket} />
            <FeedbackPanel ticket={ticket} />
            <SharedLinkPanel ticket={ticket} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
