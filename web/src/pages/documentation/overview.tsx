import type { FolderTreeNode } from '@helios/shared';
import { Card, Grid, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { FolderTree } from '../../components/documents/folder-tree.tsx';
import { AnchorLink } from '../../components/links.tsx';
import type { RecordData } from '../../components/records/queries.ts';
import { RESOURCE_SPECS, recordTitle, resourceLabel } from '../../components/records/resources.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';

const folderTreeQuery = {
  queryKey: ['folders', 'tree'],
  queryFn: async () => (await api<FolderTreeNode[]>('GET', '/folders/tree')).data,
};

/** `/documentation`: every resource, the folder tree, and what a chosen folder holds. */
export function DocumentationOverviewPage() {
  const tree = useQuery(folderTreeQuery);
  const [folder, setFolder] = useState<number | null>(null);
  return (
    <Stack>
      <Title order={1} size="h2">
        Documentation
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm">
        {RESOURCE_SPECS.filter((s) => s.name !== 'folders').map((spec) => (
          <Card key={spec.name} withBorder padding="sm">
            <AnchorLink to="/$resource" params={{ resource: spec.name }} fw={600}>
              {spec.label}
            </AnchorLink>
            <Text size="sm" c="dimmed">
              {spec.purpose}
            </Text>
          </Card>
        ))}
        <Card withBorder padding="sm">
          <AnchorLink to="/expiring" fw={600}>
            Expiring
          </AnchorLink>
          <Text size="sm" c="dimmed">
            Domains, certificates, licenses and warranties that run out in the next 45 days.
          </Text>
        </Card>
      </SimpleGrid>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder component="section" aria-labelledby="folders-heading">
            <Title order={2} size="h4" id="folders-heading" mb="xs">
              Folders
            </Title>
            {tree.isPending ? (
              <LoadingState label="Loading folders…" />
            ) : tree.isError ? (
              <ErrorState
                error={tree.error}
                onRetry={() => void tree.refetch()}
                title="Folders could not be loaded"
              />
            ) : tree.data.length === 0 ? (
              <EmptyState
                title="No folders yet"
                action={
                  <AnchorLink to="/$resource" params={{ resource: 'folders' }}>
                    Create a folder
                  </AnchorLink>
                }
              >
                Folders file documents, files and credentials together.
              </EmptyState>
            ) : (
              <nav aria-label="Folders">
                <FolderTree nodes={tree.data} selected={folder} onSelect={setFolder} />
              </nav>
            )}
            <AnchorLink to="/$resource" params={{ resource: 'folders' }} size="sm">
              Manage folders
            </AnchorLink>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {folder === null ? (
            <Card withBorder>
              <Text size="sm" c="dimmed">
                Choose a folder to see the documents, files and credentials filed in it.
              </Text>
            </Card>
          ) : (
            <FolderContents folderId={folder} />
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function FolderContents({ folderId }: { folderId: number }) {
  return (
    <Stack gap="sm">
      {(['documents', 'files', 'credentials'] as const).map((resource) => (
        <FolderResource key={resource} resource={resource} folderId={folderId} />
      ))}
    </Stack>
  );
}

function FolderResource({ resource, folderId }: { resource: string; folderId: number }) {
  const rows = useQuery({
    queryKey: [resource, 'list', { folderId }],
    queryFn: async () => api<RecordData[]>('GET', `/${resource}?folderId=${folderId}&limit=50&sort=name`),
  });
  const { label } = resourceLabel(resource);
  return (
    <Card withBorder component="section" aria-label={`${label} in this folder`} padding="sm">
      <Title order={3} size="h5" mb={4}>
        {label}
      </Title>
      {rows.isPending ? (
        <LoadingState label={`Loading ${label.toLowerCase()}…`} />
      ) : rows.isError ? (
        <ErrorState error={rows.error} title={`${label} could not be loaded`} />
      ) : rows.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          None filed here.
        </Text>
      ) : (
        <Table aria-label={`${label} in this folder`}>
          <Table.Tbody>
            {rows.data.data.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>
                  <AnchorLink to="/$resource/$id" params={{ resource, id: String(row.id) }} size="sm">
                    {recordTitle(row)}
                  </AnchorLink>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {rows.data?.nextCursor ? (
        <AnchorLink to="/$resource" params={{ resource }} size="sm">
          More in {label.toLowerCase()}
        </AnchorLink>
      ) : null}
    </Card>
  );
}
