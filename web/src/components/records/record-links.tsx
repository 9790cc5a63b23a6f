import { ActionIcon, Badge, Button, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconLink, IconUnlink } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { AnchorLink } from '../links.tsx';
import { ErrorState, LoadingState } from '../states.tsx';
import { linksQuery } from './queries.ts';
import { RecordPicker } from './record-picker.tsx';
import { resourceLabel } from './resources.ts';

/**
 * Everything linked to a record, both directions (`GET /<resource>/:id/links`: one junction per
 * pair, so an asset lists its credentials and each credential lists the asset), with link and
 * unlink when the record's abilities allow. Seats of a software license are its people and assets.
 */
export function RecordLinks({
  resource,
  id,
  canLink,
  archived,
}: {
  resource: string;
  id: number;
  canLink: boolean;
  archived: boolean;
}) {
  const queryClient = useQueryClient();
  const links = useQuery(linksQuery(resource, id));
  const [other, setOther] = useState<string | null>(null);
  const [otherId, setOtherId] = useState<number | null>(null);
  const change = useMutation({
    mutationFn: ({ to, toId, link }: { to: string; toId: number; link: boolean }) =>
      api(link ? 'PUT' : 'DELETE', `/${resource}/${id}/links/${to}/${toId}`),
    onSuccess: async (_d, { to, toId }) => {
      setOtherId(null);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [resource, id] }),
        queryClient.invalidateQueries({ queryKey: [to, toId] }),
      ]);
    },
  });
  if (links.isPending) return <LoadingState label="Loading links…" />;
  if (links.isError)
    return (
      <ErrorState
        error={links.error}
        onRetry={() => void links.refetch()}
        title="Links could not be loaded"
      />
    );
  const groups = Object.entries(links.data);
  const linkedIds = new Set((other ? links.data[other] : undefined)?.map((l) => l.id) ?? []);
  return (
    <Card withBorder component="section" aria-labelledby={`links-${resource}-${id}`}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={`links-${resource}-${id}`}>
          Linked records
        </Title>
        {resource === 'software-licenses' ? (
          <Text size="sm" c="dimmed">
            Seats: each linked person or asset takes one.
          </Text>
        ) : null}
        {groups.length === 0 ? (
          <Text size="sm" c="dimmed">
            This kind of record links to nothing.
          </Text>
        ) : (
          <Table aria-label="Linked records" verticalSpacing={4}>
            <Table.Tbody>
              {groups.map(([name, rows]) => (
                <Table.Tr key={name}>
                  <Table.Th scope="row" w={150} style={{ verticalAlign: 'top' }}>
                    {resourceLabel(name).label}
                  </Table.Th>
                  <Table.Td>
                    {rows.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        None
                      </Text>
                    ) : (
                      <Stack gap={2}>
                        {rows.map((row) => (
                          <Group key={row.id} gap="xs" wrap="nowrap">
                            <AnchorLink
                              to="/$resource/$id"
                              params={{ resource: name, id: String(row.id) }}
                              size="sm"
                            >
                              {row.subtitle && name === 'tickets'
                                ? `${row.subtitle} · ${row.title}`
                                : row.title}
                            </AnchorLink>
                            {row.subtitle && name !== 'tickets' ? (
                              <Text size="xs" c="dimmed">
                                {row.subtitle}
                              </Text>
                            ) : null}
                            {row.archivedAt ? (
                              <Badge size="xs" color="gray" variant="light">
                                archived
                              </Badge>
                            ) : null}
                            {canLink ? (
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                size="sm"
                                aria-label={`Unlink ${row.title}`}
                                onClick={() => change.mutate({ to: name, toId: row.id, link: false })}
                              >
                                <IconUnlink size={14} aria-hidden />
                              </ActionIcon>
                            ) : null}
                          </Group>
                        ))}
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {change.isError ? <ErrorState error={change.error} title="The link was not changed" /> : null}
        {canLink && !archived && groups.length > 0 ? (
          <Group align="end" gap="sm" wrap="wrap">
            <Select
              label="Link a"
              placeholder="Kind of record"
              data={groups.map(([name]) => ({ value: name, label: resourceLabel(name).singular }))}
              value={other}
              onChange={(v) => {
                setOther(v);
                setOtherId(null);
              }}
              w={{ base: '100%', sm: 180 }}
            />
            {other ? (
              <div style={{ flex: 1, minWidth: 200 }}>
                <RecordPicker
                  key={other}
                  resource={other}
                  label={`Which ${resourceLabel(other).singular.toLowerCase()}`}
                  value={otherId}
                  exclude={linkedIds}
                  onChange={(v) => setOtherId(v)}
                />
              </div>
            ) : null}
            <Button
              leftSection={<IconLink size={16} aria-hidden />}
              disabled={!other || otherId === null}
              loading={change.isPending}
              onClick={() =>
                other && otherId !== null && change.mutate({ to: other, toId: otherId, link: true })
              }
            >
              Link
            </Button>
          </Group>
        ) : null}
        {canLink && archived ? (
          <Text size="sm" c="dimmed">
            Restore this record to link it to more.
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}
