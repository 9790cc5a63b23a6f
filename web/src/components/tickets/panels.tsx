import { zodResolver } from '@hookform/resolvers/zod';
import {
  attachmentCreateSchema,
  feedbackSchema,
  ticketPriorities,
  type Ticket,
  type TicketAttachment,
  type TicketWithReplies,
} from '@helios/shared';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  CopyButton,
  FileInput,
  Group,
  List,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconX } from '@tabler/icons-react';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { api, ApiError } from '../../api.ts';
import { meQuery } from '../../auth.ts';
import { AnchorLink } from '../links.tsx';
import { priorityLabel } from './badges.tsx';
import { assigneesQuery, personName, statusesQuery, usePeopleSearch } from './data.ts';

/** PATCH the ticket and refresh everything that shows tickets. */
export function useTicketUpdate(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Ticket>('PATCH', `/tickets/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  const id = `panel-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={id}>
      <Title order={2} size="h5" id={id} mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

const minutes = (m: number) => (m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`);

/** Status, priority, assignee (changed in place when the API allows it), requester, time spent. */
export function DetailsPanel({ ticket }: { ticket: TicketWithReplies }) {
  const { data: me } = useQuery(meQuery);
  const statuses = useQuery(statusesQuery);
  const canUpdate = ticket.abilities.update;
  const assignees = useQuery({ ...assigneesQuery, enabled: canUpdate });
  const update = useTicketUpdate(ticket.id);
  const assigneeOptions = [
    { value: 'none', label: 'Unassigned' },
    ...(assignees.data ?? []).map((u) => ({ value: String(u.id), label: personName(u) })),
  ];
  // The current assignee is always an option, even before the list arrives.
  if (ticket.assignedTo && !assigneeOptions.some((o) => o.value === String(ticket.assignedTo?.id)))
    assigneeOptions.push({ value: String(ticket.assignedTo.id), label: ticket.assignedTo.name });
  return (
    <Panel title="Details">
      <Stack gap="xs">
        {update.error ? (
          <Alert color="red" role="alert">
            {update.error.message}
          </Alert>
        ) : null}
        {canUpdate ? (
          <>
            <Select
              label="Status"
              allowDeselect={false}
              data={(statuses.data ?? [])
                .filter((s) => !s.archivedAt || s.id === ticket.status.id)
                .map((s) => ({ value: String(s.id), label: s.name }))}
              value={String(ticket.status.id)}
              onChange={(v) => v && update.mutate({ statusId: Number(v) })}
            />
            <Select
              label="Priority"
              allowDeselect={false}
              data={ticketPriorities.map((p) => ({ value: p, label: priorityLabel(p) }))}
              value={ticket.priority ?? 'medium'}
              onChange={(v) => v && update.mutate({ priority: v })}
            />
            <Select
              label="Assignee"
              searchable
              allowDeselect={false}
              data={assigneeOptions}
              value={ticket.assignedTo ? String(ticket.assignedTo.id) : 'none'}
              onChange={(v) => v && update.mutate({ assignedToUserId: v === 'none' ? null : Number(v) })}
            />
            {me && ticket.assignedTo?.id !== me.id ? (
              <Button
                variant="light"
                size="xs"
                onClick={() => update.mutate({ assignedToUserId: me.id })}
                aria-keyshortcuts="a"
              >
                Assign to me (a)
              </Button>
            ) : null}
          </>
        ) : (
          <Fact label="Status">{ticket.status.name}</Fact>
        )}
        {!canUpdate ? <Fact label="Priority">{priorityLabel(ticket.priority)}</Fact> : null}
        {!canUpdate ? <Fact label="Assignee">{ticket.assignedTo?.name ?? 'Unassigned'}</Fact> : null}
        <Fact label="Requester">
          {ticket.relatedUser ? `${ticket.relatedUser.name} <${ticket.relatedUser.email}>` : '—'}
        </Fact>
        {ticket.createdBy && ticket.createdBy.id !== ticket.relatedUser?.id ? (
          <Fact label="Filed by">{ticket.createdBy.name}</Fact>
        ) : null}
        <Fact label="Time spent">{minutes(ticket.timeSpentMinutes)}</Fact>
        <Fact label="Opened">{new Date(ticket.createdAt).toLocaleString()}</Fact>
        {ticket.category ? <Fact label="Category">{ticket.category}</Fact> : null}
        {ticket.tags.length > 0 ? (
          <Group gap={4}>
            {ticket.tags.map((t) => (
              <Badge key={t.id} variant="outline" size="sm">
                {t.name}
              </Badge>
            ))}
          </Group>
        ) : null}
      </Stack>
    </Panel>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** Names for user ids (staff may read any user; others see "you" or "someone"). */
function useUserNames(ids: readonly number[], enabled: boolean) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['users', id],
      queryFn: async () =>
        (
          await api<{ email: string; firstName: string | null; lastName: string | null; id: number }>(
            'GET',
            `/users/${id}`,
          )
        ).data,
      enabled,
      retry: false,
      staleTime: 60_000,
    })),
  });
}

/** Who hears of changes: watch/stop watching oneself; staff add and remove anyone. */
export function WatchersPanel({ ticket }: { ticket: TicketWithReplies }) {
  const { data: me } = useQuery(meQuery);
  const queryClient = useQueryClient();
  const manage = ticket.abilities.manageWatchers;
  const names = useUserNames(ticket.watcherUserIds, manage);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const people = usePeopleSearch(debounced, manage);
  const watch = useMutation({
    mutationFn: ({ userId, on }: { userId: number; on: boolean }) =>
      api(on ? 'PUT' : 'DELETE', `/tickets/${ticket.id}/watchers/${userId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tickets'] }),
  });
  const watching = me ? ticket.watcherUserIds.includes(me.id) : false;
  const nameOf = (id: number, i: number) => {
    if (id === me?.id) return 'You';
    const u = names[i]?.data;
    return u ? personName(u) : `Person #${id}`;
  };
  return (
    <Panel title="Watchers">
      <Stack gap="xs">
        {ticket.watcherUserIds.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nobody watches this ticket yet.
          </Text>
        ) : (
          <List size="sm" listStyleType="none" spacing={4} aria-label="Watchers">
            {ticket.watcherUserIds.map((id, i) => (
              <List.Item key={id}>
                <Group gap={4}>
                  <span>{nameOf(id, i)}</span>
                  {manage ? (
                    <ActionIcon
                      variant="subtle"
                      size="sm"
                      color="red"
                      aria-label={`Remove ${nameOf(id, i)} from the watchers`}
                      onClick={() => watch.mutate({ userId: id, on: false })}
                    >
                      <IconX size={14} aria-hidden />
                    </ActionIcon>
                  ) : null}
                </Group>
              </List.Item>
            ))}
          </List>
        )}
        {ticket.abilities.watch && me ? (
          <Button
            variant="light"
            size="xs"
            onClick={() => watch.mutate({ userId: me.id, on: !watching })}
            loading={watch.isPending}
          >
            {watching ? 'Stop watching' : 'Watch this ticket'}
          </Button>
        ) : null}
        {manage ? (
          <Select
            label="Add a watcher"
            placeholder="Search people"
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            nothingFoundMessage="Nobody matches"
            data={(people.data ?? [])
              .filter((p) => !ticket.watcherUserIds.includes(p.id))
              .map((p) => ({ value: String(p.id), label: `${personName(p)} <${p.email}>` }))}
            value={null}
            onChange={(v) => {
              if (v) watch.mutate({ userId: Number(v), on: true });
              setSearch('');
            }}
          />
        ) : null}
        {watch.error ? (
          <Text c="red" size="sm" role="alert">
            {watch.error.message}
          </Text>
        ) : null}
      </Stack>
    </Panel>
  );
}

/** The devices the ticket is about, each a link to its record. */
export function AssetsPanel({ ticket }: { ticket: TicketWithReplies }) {
  const assets = useQueries({
    queries: ticket.assetIds.map((id) => ({
      queryKey: ['assets', id],
      queryFn: async () => (await api<{ id: number; name: string }>('GET', `/assets/${id}`)).data,
      retry: false,
      staleTime: 60_000,
    })),
  });
  return (
    <Panel title="Linked assets">
      {ticket.assetIds.length === 0 ? (
        <Text size="sm" c="dimmed">
          No device is linked. Staff link one from the asset’s page or when filing.
        </Text>
      ) : (
        <List size="sm" listStyleType="none" spacing={4}>
          {ticket.assetIds.map((id, i) => (
            <List.Item key={id}>
              <AnchorLink to="/$resource/$id" params={{ resource: 'assets', id: String(id) }}>
                {assets[i]?.data?.name ?? `Asset #${id}`}
              </AnchorLink>
            </List.Item>
          ))}
        </List>
      )}
    </Panel>
  );
}

const size = (bytes: number | null) =>
  bytes === null
    ? 'Google Drive'
    : bytes < 1024
      ? `${bytes} B`
      : bytes < 1_048_576
        ? `${(bytes / 1024).toFixed(1)} KB`
        : `${(bytes / 1_048_576).toFixed(1)} MB`;

type DriveInput = z.input<typeof attachmentCreateSchema>;

/** Attached files: download for every reader; staff upload (multipart) or link a Drive file. */
export function AttachmentsPanel({ ticket }: { ticket: TicketWithReplies }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['tickets'] });
  const upload = useMutation({
    mutationFn: async (f: File) => {
      const body = new FormData();
      body.append('file', f);
      // Multipart goes around api() (which speaks JSON); the answer's error shape is the same.
      const res = await fetch(`/api/v1/tickets/${ticket.id}/attachments`, {
        method: 'POST',
        body,
        credentials: 'same-origin',
      });
      if (!res.ok) {
        const json = (await res.json().catch(() => null)) as {
          error?: { code: string; message: string };
        } | null;
        throw new ApiError(
          res.status,
          'internal',
          json?.error?.message ?? `The server answered ${res.status}.`,
        );
      }
      return ((await res.json()) as { data: TicketAttachment }).data;
    },
    onSuccess: async () => {
      setFile(null);
      await refresh();
    },
  });
  const drive = useForm<DriveInput>({ resolver: zodResolver(attachmentCreateSchema), defaultValues: {} });
  const link = useMutation({
    mutationFn: (body: DriveInput) =>
      api<TicketAttachment>('POST', `/tickets/${ticket.id}/attachments`, body),
    onSuccess: async () => {
      drive.reset({});
      await refresh();
    },
  });
  return (
    <Panel title="Attachments">
      <Stack gap="xs">
        {ticket.attachments.length === 0 ? (
          <Text size="sm" c="dimmed">
            No files yet.{ticket.abilities.attach ? ' Upload one below or link a Google Drive file.' : ''}
          </Text>
        ) : (
          <List size="sm" listStyleType="none" spacing={4} aria-label="Attachments">
            {ticket.attachments.map((a) => (
              <List.Item key={a.fileId}>
                <Anchor
                  href={a.downloadUrl}
                  {...(a.kind === 'upload' ? { download: a.name } : { target: '_blank', rel: 'noreferrer' })}
                >
                  {a.name}
                </Anchor>{' '}
                <Text span size="xs" c="dimmed">
                  {size(a.size)}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
        {ticket.abilities.attach ? (
          <>
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <FileInput
                label="Upload a file"
                value={file}
                onChange={setFile}
                clearable
                style={{ flex: 1 }}
                error={upload.error?.message}
              />
              <Button disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate(file)}>
                Upload
              </Button>
            </Group>
            <form noValidate onSubmit={drive.handleSubmit((body) => link.mutate(body))}>
              <Stack gap={4}>
                <TextInput
                  label="Google Drive file id"
                  error={
                    drive.formState.errors.driveFileId?.message ?? drive.formState.errors.fileId?.message
                  }
                  {...drive.register('driveFileId', { setValueAs: (v: string) => v || undefined })}
                />
                <TextInput
                  label="Name shown"
                  error={drive.formState.errors.name?.message ?? link.error?.message}
                  {...drive.register('name', { setValueAs: (v: string) => v || undefined })}
                />
                <Button type="submit" variant="light" size="xs" loading={link.isPending}>
                  Link Drive file
                </Button>
              </Stack>
            </form>
          </>
        ) : null}
      </Stack>
    </Panel>
  );
}

type FeedbackInput = z.input<typeof feedbackSchema>;
type FeedbackOutput = z.output<typeof feedbackSchema>;
const RATINGS = ['1 — Poor', '2 — Fair', '3 — Good', '4 — Very good', '5 — Excellent'];

/** The requester's rating: shown once given; the form when the API allows it (resolved, theirs). */
export function FeedbackPanel({ ticket }: { ticket: TicketWithReplies }) {
  const queryClient = useQueryClient();
  const form = useForm<FeedbackInput, unknown, FeedbackOutput>({ resolver: zodResolver(feedbackSchema) });
  const give = useMutation({
    mutationFn: (body: FeedbackOutput) => api<Ticket>('POST', `/tickets/${ticket.id}/feedback`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['tickets'] }),
  });
  if (ticket.feedbackRating === null && !ticket.abilities.feedback) return null;
  return (
    <Panel title="Feedback">
      {ticket.feedbackRating !== null ? (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Rated {RATINGS[ticket.feedbackRating - 1] ?? ticket.feedbackRating} (out of 5)
          </Text>
          {ticket.feedbackComment ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {ticket.feedbackComment}
            </Text>
          ) : null}
        </Stack>
      ) : (
        <form noValidate onSubmit={form.handleSubmit((body) => give.mutate(body))}>
          <Stack gap="xs">
            <Text size="sm">How did IT do on this ticket?</Text>
            <Controller
              control={form.control}
              name="rating"
              render={({ field }) => (
                <Select
                  label="Rating"
                  placeholder="Choose a rating"
                  data={RATINGS.map((label, i) => ({ value: String(i + 1), label }))}
                  value={field.value ? String(field.value) : null}
                  onChange={(v) => field.onChange(v ? Number(v) : undefined)}
                  error={form.formState.errors.rating?.message}
                />
              )}
            />
            <Textarea label="Comment (optional)" autosize minRows={2} {...form.register('comment')} />
            {give.error ? (
              <Text c="red" size="sm" role="alert">
                {give.error.message}
              </Text>
            ) : null}
            <Button type="submit" loading={give.isPending}>
              Send feedback
            </Button>
          </Stack>
        </form>
      )}
    </Panel>
  );
}

/** The ticket's public page (no sign-in, public replies only), to copy into an email. */
export function SharedLinkPanel({ ticket }: { ticket: TicketWithReplies }) {
  if (!ticket.urlKey) return null;
  const url = `${window.location.origin}/shared/tickets/${ticket.urlKey}`;
  return (
    <Panel title="Shared link">
      <Stack gap="xs">
        <Text size="xs" c="dimmed">
          Anyone with this link reads the subject, status and public replies — never internal notes.
        </Text>
        <Group gap="xs">
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" color={copied ? 'teal' : undefined} onClick={copy}>
                {copied ? 'Link copied' : 'Copy shared link'}
              </Button>
            )}
          </CopyButton>
          <Anchor href={url} target="_blank" rel="noreferrer" size="sm">
            Open the public page
          </Anchor>
        </Group>
      </Stack>
    </Panel>
  );
}
