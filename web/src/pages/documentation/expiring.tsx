import type { Expiring } from '@helios/shared';
import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { AnchorLink } from '../../components/links.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';

/** Look-ahead of the page (the dashboard's "Expiring in 45 days" uses the same). */
const DAYS = 45;

interface Item {
  id: number;
  name: string;
  expireDate: string;
  daysLeft: number;
  expired: boolean;
  detail: string | null;
}

/** Each kind of `GET /expiring`, the resource its records live in, and its second column. */
const KINDS: {
  key: string;
  title: string;
  resource: string;
  detail: string;
  items: (e: Expiring) => Item[];
}[] = [
  {
    key: 'domains',
    title: 'Domains',
    resource: 'domains',
    detail: 'Google Workspace',
    items: (e) => e.domains.map((d) => ({ ...d, detail: d.isGoogleWorkspaceDomain ? 'Yes' : null })),
  },
  {
    key: 'certificates',
    title: 'Certificates',
    resource: 'certificates',
    detail: 'Domain',
    items: (e) => e.certificates.map((c) => ({ ...c, detail: c.domain })),
  },
  {
    key: 'softwareLicenses',
    title: 'Software licenses',
    resource: 'software-licenses',
    detail: 'Seats',
    items: (e) =>
      e.softwareLicenses.map((l) => ({ ...l, detail: l.seats === null ? null : String(l.seats) })),
  },
  {
    key: 'assetWarranties',
    title: 'Asset warranties',
    resource: 'assets',
    detail: 'Serial',
    items: (e) => e.assetWarranties.map((a) => ({ ...a, detail: a.serialNumber })),
  },
];

function when(item: Item): { label: string; color: string } {
  if (item.expired) return { label: `expired ${-item.daysLeft} d ago`, color: 'red' };
  if (item.daysLeft === 0) return { label: 'today', color: 'red' };
  return { label: `in ${item.daysLeft} d`, color: item.daysLeft <= 14 ? 'red' : 'gray' };
}

/** `/expiring`: what runs out in the next 45 days (and what lapsed lately), by kind, soonest first. */
export function ExpiringPage() {
  const expiring = useQuery({
    queryKey: ['expiring', DAYS],
    queryFn: async () => (await api<Expiring>('GET', `/expiring?days=${DAYS}`)).data,
  });
  if (expiring.isPending) return <LoadingState label="Loading what expires…" />;
  if (expiring.isError)
    return (
      <ErrorState
        error={expiring.error}
        onRetry={() => void expiring.refetch()}
        title="Could not load what expires"
      />
    );
  const total = KINDS.reduce((n, k) => n + k.items(expiring.data).length, 0);
  return (
    <Stack>
      <Title order={1} size="h2">
        Expiring in {DAYS} days
      </Title>
      {total === 0 ? (
        <EmptyState title="Nothing expires soon">
          No domain, certificate, license or warranty runs out in the next {DAYS} days. Add expiry dates to
          records so they show up here (and in the expiry alerts) in time.
        </EmptyState>
      ) : null}
      {KINDS.map((kind) => {
        const items = kind.items(expiring.data);
        if (items.length === 0) return null;
        return (
          <Card key={kind.key} withBorder component="section" aria-labelledby={`exp-${kind.key}`}>
            <Title order={2} size="h4" id={`exp-${kind.key}`} mb="xs">
              {kind.title}{' '}
              <Text span c="dimmed" size="sm">
                ({items.length})
              </Text>
            </Title>
            <Table.ScrollContainer minWidth={480}>
              <Table aria-label={`${kind.title} expiring`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Expires</Table.Th>
                    <Table.Th>When</Table.Th>
                    <Table.Th>{kind.detail}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((item) => {
                    const w = when(item);
                    return (
                      <Table.Tr key={item.id}>
                        <Table.Td>
                          <AnchorLink
                            to="/$resource/$id"
                            params={{ resource: kind.resource, id: String(item.id) }}
                          >
                            {item.name}
                          </AnchorLink>
                        </Table.Td>
                        <Table.Td>{item.expireDate}</Table.Td>
                        <Table.Td>
                          <Badge color={w.color} variant="light">
                            {w.label}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{item.detail ?? '—'}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        );
      })}
    </Stack>
  );
}
