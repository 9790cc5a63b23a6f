import { lifecycleKinds, type LifecycleKind, type LifecycleTemplate } from '@helios/shared';
import { Badge, Button, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api.ts';
import { meQuery } from '../../auth.ts';
import { lifecycleAbilities } from '../../components/lifecycle/abilities.ts';
import { KIND_LABEL, localTime } from '../../components/lifecycle/labels.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { LifecycleTabs } from './tabs.tsx';

/** `/lifecycle/templates` — joiner and leaver templates, by kind; admins open one to edit its steps. */
export function LifecycleTemplatesPage() {
  const { data: me } = useQuery(meQuery);
  const navigate = useNavigate();
  const [kind, setKind] = useState<LifecycleKind>('onboarding');
  const templates = useQuery({
    queryKey: ['lifecycle', 'templates', kind, 'all'],
    queryFn: async () =>
      (await api<LifecycleTemplate[]>('GET', `/lifecycle/templates?kind=${kind}&active=all`)).data,
  });
  const canEdit = me ? lifecycleAbilities(me).templates : false;
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          Lifecycle templates
        </Title>
        {canEdit ? (
          <Button
            onClick={() =>
              void navigate({ to: '/lifecycle/templates/$id', params: { id: 'new' }, search: { kind } })
            }
            leftSection={<IconPlus size={16} aria-hidden />}
          >
            New {kind === 'onboarding' ? 'joiner' : 'leaver'} template
          </Button>
        ) : null}
      </Group>
      <LifecycleTabs active="templates" />
      <SegmentedControl
        aria-label="Kind of template"
        value={kind}
        onChange={(v) => setKind(v === 'offboarding' ? 'offboarding' : 'onboarding')}
        data={lifecycleKinds.map((k) => ({ value: k, label: `${KIND_LABEL[k]}s` }))}
        w="fit-content"
      />
      {templates.isPending ? <LoadingState label="Loading templates…" /> : null}
      {templates.isError ? (
        <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />
      ) : null}
      {templates.data && templates.data.length === 0 ? (
        <EmptyState title="No templates of this kind">
          A template is the ordered list of steps a request runs: automatic actions on Google Workspace and
          Helios, and tasks for people.
        </EmptyState>
      ) : null}
      {templates.data && templates.data.length > 0 ? (
        <Card withBorder p={0}>
          <Table.ScrollContainer minWidth={560}>
            <Table striped highlightOnHover aria-label="Templates">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Steps</Table.Th>
                  <Table.Th scope="col">State</Table.Th>
                  <Table.Th scope="col">Changed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {templates.data.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>
                      <AnchorLink to="/lifecycle/templates/$id" params={{ id: String(t.id) }}>
                        {t.name}
                      </AnchorLink>
                      {t.description ? (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {t.description}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      {t.steps.filter((s) => s.kind === 'action').length} actions,{' '}
                      {t.steps.filter((s) => s.kind === 'task').length} tasks
                    </Table.Td>
                    <Table.Td>
                      {t.isActive ? (
                        <Badge color="teal.9" variant="outline">
                          Active
                        </Badge>
                      ) : (
                        <Badge color="gray.8">Inactive</Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{localTime(t.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      ) : null}
    </Stack>
  );
}
