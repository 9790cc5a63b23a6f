import { zodResolver } from '@hookform/resolvers/zod';
import { type Reply, replyCreateSchema, type TicketWithReplies } from '@helios/shared';
import {
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconLock, IconMessage } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { forwardRef, useImperativeHandle } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { api } from '../../api.ts';

/**
 * One reply. Public replies and internal notes differ by a label and an icon (never colour
 * alone), a tinted background and a left rule, so a note is never mistaken for what the requester
 * reads.
 */
export function ReplyItem({ reply }: { reply: Reply }) {
  const internal = reply.type === 'internal';
  const author = reply.createdBy?.name ?? 'Someone';
  return (
    <Paper
      component="article"
      aria-label={`${internal ? 'Internal note' : 'Public reply'} by ${author}`}
      withBorder
      p="sm"
      bg={internal ? 'var(--mantine-color-yellow-light)' : undefined}
      style={{
        borderLeft: `4px solid var(--mantine-color-${internal ? 'yellow-7' : 'indigo-7'})`,
      }}
      data-reply-type={reply.type}
    >
      <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
        <Group gap="xs">
          <Badge
            variant={internal ? 'filled' : 'light'}
            color={internal ? 'dark' : 'indigo'}
            leftSection={
              internal ? <IconLock size={12} aria-hidden /> : <IconMessage size={12} aria-hidden />
            }
          >
            {internal ? 'Internal note' : 'Public reply'}
          </Badge>
          <Text fw={600} size="sm">
            {author}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {new Date(reply.createdAt).toLocaleString()}
          {reply.timeSpentMinutes ? ` · ${reply.timeSpentMinutes} min` : ''}
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {reply.reply}
      </Text>
    </Paper>
  );
}

type Input = z.input<typeof replyCreateSchema>;
type Output = z.output<typeof replyCreateSchema>;

export interface ComposerHandle {
  /** Focuses the composer as a public reply or an internal note (the r and n shortcuts). */
  start(type: 'public' | 'internal'): void;
}

/** The reply and internal-note composer, validated by the API's replyCreateSchema. */
export const Composer = forwardRef<ComposerHandle, { ticket: TicketWithReplies }>(function Composer(
  { ticket },
  ref,
) {
  const queryClient = useQueryClient();
  const { abilities } = ticket;
  const form = useForm<Input, unknown, Output>({
    resolver: zodResolver(replyCreateSchema),
    defaultValues: { reply: '', type: abilities.reply ? 'public' : 'internal' },
  });
  useImperativeHandle(ref, () => ({
    start(type) {
      if (type === 'internal' ? !abilities.replyInternal : !abilities.reply) return;
      form.setValue('type', type);
      form.setFocus('reply');
    },
  }));
  const send = useMutation({
    mutationFn: (body: Output) => api<Reply>('POST', `/tickets/${ticket.id}/replies`, body),
    onSuccess: async (_answer, sent) => {
      // Cleared only if it still holds what was sent: words typed meanwhile are never lost.
      if (form.getValues('reply') === sent.reply) form.reset({ reply: '', type: form.getValues('type') });
      await queryClient.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
  const type = useWatch({ control: form.control, name: 'type' });
  if (!abilities.reply && !abilities.replyInternal) return null;
  const internal = type === 'internal';
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="composer-title">
      <form noValidate onSubmit={form.handleSubmit((body) => send.mutate(body))}>
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap">
            <Title order={2} size="h5" id="composer-title">
              {internal ? 'Add an internal note' : 'Reply to the requester'}
            </Title>
            {abilities.reply && abilities.replyInternal ? (
              <Controller
                control={form.control}
                name="type"
                render={({ field }) => (
                  <SegmentedControl
                    aria-label="Reply type"
                    size="xs"
                    data={[
                      { value: 'public', label: 'Public reply (r)' },
                      { value: 'internal', label: 'Internal note (n)' },
                    ]}
                    value={field.value ?? 'public'}
                    onChange={field.onChange}
                  />
                )}
              />
            ) : null}
          </Group>
          {send.error ? (
            <Alert color="red" role="alert">
              {send.error.message}
            </Alert>
          ) : null}
          <Textarea
            label={internal ? 'Internal note (staff only)' : 'Public reply (the requester reads this)'}
            autosize
            minRows={3}
            error={form.formState.errors.reply?.message}
            styles={internal ? { input: { background: 'var(--mantine-color-yellow-light)' } } : undefined}
            {...form.register('reply')}
          />
          <Group justify="space-between" align="flex-end" wrap="wrap">
            {abilities.update ? (
              <Controller
                control={form.control}
                name="timeSpentMinutes"
                render={({ field }) => (
                  <NumberInput
                    label="Minutes spent"
                    min={0}
                    max={10_000}
                    w={140}
                    value={field.value ?? ''}
                    onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
                    error={form.formState.errors.timeSpentMinutes?.message}
                  />
                )}
              />
            ) : (
              <span />
            )}
            <Button type="submit" loading={send.isPending} color={internal ? 'dark' : undefined}>
              {internal ? 'Add internal note' : 'Send reply'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
});
