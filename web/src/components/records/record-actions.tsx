import { ActionIcon, Badge, Button, Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff, IconPencil, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api.ts';
import { ErrorState } from '../states.tsx';
import { Dialog } from '../dialog.tsx';
import { tagsQuery, type RecordData } from './queries.ts';
import type { ResourceSpec } from './resources.ts';

/**
 * Edit, archive, restore and delete — each only when the record's `abilities` (the server's
 * policy, per record) allow it; delete asks first, since it cannot be undone.
 */
export function RecordActions({
  spec,
  record,
  title,
  onEdit,
}: {
  spec: ResourceSpec;
  record: RecordData;
  title: string;
  onEdit: () => void;
}) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const abilities = record.abilities ?? {};
  const refresh = async (saved?: RecordData) => {
    if (saved) queryClient.setQueryData([spec.name, record.id], saved);
    await queryClient.invalidateQueries({ queryKey: [spec.name, 'list'] });
  };
  const archive = useMutation({
    mutationFn: async (to: 'archive' | 'restore') =>
      (await api<RecordData>('POST', `/${spec.name}/${record.id}/${to}`)).data,
    onSuccess: async (saved, to) => {
      await refresh(saved);
      notifications.show({ message: `${title} ${to === 'archive' ? 'archived' : 'restored'}.` });
    },
  });
  const remove = useMutation({
    mutationFn: () => api('DELETE', `/${spec.name}/${record.id}`),
    onSuccess: async () => {
      setConfirming(false);
      queryClient.removeQueries({ queryKey: [spec.name, record.id] });
      await refresh();
      notifications.show({ message: `${title} deleted.` });
      await navigate({ to: '/$resource', params: { resource: spec.name } });
    },
  });
  return (
    <Stack gap="xs" align="flex-end">
      <Group gap="xs">
        {abilities.update ? (
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPencil size={14} aria-hidden />}
            onClick={onEdit}
          >
            Edit
          </Button>
        ) : null}
        {abilities.archive ? (
          <Button
            variant="default"
            size="xs"
            leftSection={<IconArchive size={14} aria-hidden />}
            loading={archive.isPending}
            onClick={() => archive.mutate('archive')}
          >
            Archive
          </Button>
        ) : null}
        {abilities.restore ? (
          <Button
            variant="default"
            size="xs"
            leftSection={<IconArchiveOff size={14} aria-hidden />}
            loading={archive.isPending}
            onClick={() => archive.mutate('restore')}
          >
            Restore
          </Button>
        ) : null}
        {abilities.delete ? (
          <Button
            color="red"
            variant="light"
            size="xs"
            leftSection={<IconTrash size={14} aria-hidden />}
            onClick={() => setConfirming(true)}
          >
            Delete
          </Button>
        ) : null}
      </Group>
      {archive.isError ? <ErrorState error={archive.error} title="Not changed" /> : null}
      <Dialog opened={confirming} onClose={() => setConfirming(false)} title={`Delete ${title}?`}>
        <Stack gap="sm">
          <Text size="sm">
            This deletes the {spec.singular.toLowerCase()} and its links for good; it cannot be undone. To
            keep its history, archive it instead.
          </Text>
          {remove.isError ? <ErrorState error={remove.error} title="Not deleted" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete for good
            </Button>
          </Group>
        </Stack>
      </Dialog>
    </Stack>
  );
}

/** A record's tags, with add and remove when its abilities allow linking (PUT/DELETE …/tags/:id). */
export function RecordTags({ spec, record }: { spec: ResourceSpec; record: RecordData }) {
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState<string | null>(null);
  const canTag = record.abilities?.link === true && !record.archivedAt;
  const options = useQuery({ ...tagsQuery('asset'), enabled: canTag });
  const tags = record.tags ?? [];
  const change = useMutation({
    mutationFn: ({ tagId, on }: { tagId: number; on: boolean }) =>
      api(on ? 'PUT' : 'DELETE', `/${spec.name}/${record.id}/tags/${tagId}`),
    onSuccess: async () => {
      setAdding(null);
      await queryClient.invalidateQueries({ queryKey: [spec.name] });
    },
  });
  const have = new Set(tags.map((t) => t.id));
  return (
    <Stack gap={4}>
      <Group gap={6}>
        {tags.length === 0 ? (
          <Text size="sm" c="dimmed">
            No tags
          </Text>
        ) : null}
        {tags.map((t) => (
          <Badge
            key={t.id}
            // The tag's own color on the dot only: its text stays dark enough on any tag color.
            variant="dot"
            color={t.color ?? 'gray'}
            rightSection={
              canTag ? (
                <ActionIcon
                  size="xs"
                  variant="transparent"
                  aria-label={`Remove tag ${t.name}`}
                  onClick={() => change.mutate({ tagId: t.id, on: false })}
                >
                  <IconX size={12} aria-hidden />
                </ActionIcon>
              ) : undefined
            }
          >
            {t.name}
          </Badge>
        ))}
      </Group>
      {canTag ? (
        <Group gap="xs" align="end">
          <Select
            aria-label="Add a tag"
            placeholder="Add a tag"
            size="xs"
            searchable
            data={(options.data ?? [])
              .filter((t) => !have.has(t.id))
              .map((t) => ({ value: String(t.id), label: t.name }))}
            value={adding}
            onChange={setAdding}
            nothingFoundMessage="No more tags: admins create them under Settings"
          />
          <ActionIcon
            variant="default"
            aria-label="Add this tag"
            disabled={adding === null}
            onClick={() => adding && change.mutate({ tagId: Number(adding), on: true })}
          >
            <IconPlus size={14} aria-hidden />
          </ActionIcon>
        </Group>
      ) : null}
      {change.isError ? <ErrorState error={change.error} title="Tags not changed" /> : null}
    </Stack>
  );
}
