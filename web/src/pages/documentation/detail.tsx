import { Anchor, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { api } from '../../api.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { NotFound } from '../not-found.tsx';

/** Records a deep link may open (the API's resource names). */
const RESOURCES: Record<string, string> = {
  tickets: 'Ticket',
  assets: 'Asset',
  users: 'Person',
  credentials: 'Credential',
  domains: 'Domain',
  certificates: 'Certificate',
  'software-licenses': 'Software license',
  locations: 'Location',
  vendors: 'Vendor',
  documents: 'Document',
  files: 'File',
};

const route = getRouteApi('/app/$resource/$id');

// Plain fields worth showing before the full entity pages exist; secrets never reach the page
// (the API does not send them outside an audited reveal).
const SHOWN =
  /^(name|subject|displayNumber|email|title|assetType|status|serialNumber|domain|expireDate|description|website|createdAt|updatedAt)$/;

/** `/<resource>/<id>` for the documentation resources (assets, credentials, …). */
export function ResourceDetailPage() {
  const { resource, id } = route.useParams();
  return <RecordView resource={resource} id={id} />;
}

/** A record's plain fields (the generic view, used until a resource has its own page). */
export function RecordView({ resource, id }: { resource: string; id: string }) {
  const label = RESOURCES[resource];
  const valid = label !== undefined && /^\d+$/.test(id);
  const record = useQuery({
    queryKey: [resource, Number(id)],
    queryFn: () => api<Record<string, unknown>>('GET', `/${resource}/${id}`),
    enabled: valid,
  });
  if (!valid) return <NotFound />;
  if (record.isPending) return <LoadingState label={`Loading ${label.toLowerCase()}…`} />;
  if (record.isError)
    return (
      <ErrorState
        error={record.error}
        onRetry={() => void record.refetch()}
        title={`${label} ${id} could not be opened`}
      />
    );
  const data = record.data.data;
  const heading = [data.displayNumber, data.subject ?? data.name ?? data.email]
    .filter((v) => typeof v === 'string')
    .join(' · ');
  const rows = Object.entries(data).filter(
    ([key, value]) =>
      SHOWN.test(key) && value !== null && (typeof value === 'string' || typeof value === 'number'),
  );
  return (
    <Stack>
      <Text size="sm">
        <Anchor component={Link} to="/">
          Dashboard
        </Anchor>{' '}
        / {label}
      </Text>
      <Title order={1} size="h2">
        {heading || `${label} ${id}`}
      </Title>
      <Card withBorder>
        <Table aria-label={`${label} details`}>
          <Table.Tbody>
            {rows.map(([key, value]) => (
              <Table.Tr key={key}>
                <Table.Th scope="row" w={180}>
                  {key}
                </Table.Th>
                <Table.Td>{String(value)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Text size="sm" c="dimmed">
        The full {label.toLowerCase()} page (links, history, actions) comes with the entity pages.
      </Text>
    </Stack>
  );
}
