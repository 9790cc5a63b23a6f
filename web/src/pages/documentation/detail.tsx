import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { SanitizedHtml } from '../../components/documents/sanitized-html.tsx';
import { AnchorLink } from '../../components/links.tsx';
import { CredentialSecrets } from '../../components/records/credential-secrets.tsx';
import { customFieldsQuery, recordQuery, type RecordData } from '../../components/records/queries.ts';
import { RecordActions, RecordTags } from '../../components/records/record-actions.tsx';
import { RecordForm } from '../../components/records/record-form.tsx';
import { RecordLinks } from '../../components/records/record-links.tsx';
import { recordTitle, resourceSpec, type ResourceSpec } from '../../components/records/resources.ts';
import { FieldValue, formatValue } from '../../components/records/values.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { NotFound } from '../not-found.tsx';

/** Records a deep link may open that have no documentation description (their own pages come later). */
const OTHERS: Record<string, string> = { tickets: 'Ticket', users: 'Person' };

const route = getRouteApi('/app/$resource/$id');

/** `/<resource>/<id>` for the documentation resources (`/assets/4`, `/credentials/7`, …). */
export function ResourceDetailPage() {
  const { resource, id } = route.useParams();
  return <RecordView resource={resource} id={id} />;
}

/**
 * Any record by resource name and id: the full page for documentation resources (every field,
 * tags, custom fields, links both ways, actions by abilities), the plain fields and links for
 * tickets and people until their own pages replace this.
 */
export function RecordView({ resource, id }: { resource: string; id: string }) {
  const spec = resourceSpec(resource);
  const label = spec?.singular ?? OTHERS[resource];
  const valid = label !== undefined && /^\d+$/.test(id) && Number(id) <= 2_147_483_647;
  const record = useQuery({ ...recordQuery(resource, Number(id)), enabled: valid });
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
  return spec ? (
    <DocumentationRecord spec={spec} record={record.data} />
  ) : (
    <PlainRecord resource={resource} label={label} record={record.data} />
  );
}

function Breadcrumbs({ spec, title }: { spec: ResourceSpec; title: string }) {
  return (
    <Text size="sm" component="nav" aria-label="Breadcrumb">
      <AnchorLink to="/documentation">Documentation</AnchorLink> /{' '}
      <AnchorLink to="/$resource" params={{ resource: spec.name }}>
        {spec.label}
      </AnchorLink>{' '}
      / {title}
    </Text>
  );
}

function DocumentationRecord({ spec, record }: { spec: ResourceSpec; record: RecordData }) {
  const [editing, setEditing] = useState(false);
  const customFields = useQuery({
    ...customFieldsQuery(spec.customFieldTable ?? ''),
    enabled: spec.customFieldTable !== undefined,
  });
  const title = recordTitle(record);
  const abilities = record.abilities ?? {};
  const shown = spec.fields.filter((f) => !f.formOnly && f.kind.type !== 'html');
  const content = spec.name === 'documents' && typeof record.content === 'string' ? record.content : null;
  return (
    <Stack>
      <Breadcrumbs spec={spec} title={title} />
      <Group justify="space-between" align="start" wrap="wrap">
        <Group gap="sm">
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {title}
          </Title>
          {record.archivedAt ? (
            <Badge color="gray" variant="light">
              Archived
            </Badge>
          ) : null}
        </Group>
        {editing ? null : (
          <RecordActions spec={spec} record={record} title={title} onEdit={() => setEditing(true)} />
        )}
      </Group>
      {editing ? (
        <Card withBorder>
          <RecordForm
            spec={spec}
            record={record}
            onCancel={() => setEditing(false)}
            onSaved={() => setEditing(false)}
          />
        </Card>
      ) : (
        <>
          {spec.name === 'credentials' && abilities.reveal ? (
            <CredentialSecrets
              id={record.id}
              username={typeof record.username === 'string' ? record.username : null}
              hasPassword={record.hasPassword === true}
              hasOtp={record.hasOtp === true}
            />
          ) : null}
          {content !== null ? (
            <Card withBorder component="section" aria-label="Content">
              {content === '' ? (
                <Text size="sm" c="dimmed">
                  This document is empty. Edit it to write its content.
                </Text>
              ) : (
                <SanitizedHtml html={content} label={`${title}, content`} />
              )}
            </Card>
          ) : null}
          <Card withBorder component="section" aria-label="Details">
            <Table aria-label={`${spec.singular} details`} verticalSpacing={6}>
              <Table.Tbody>
                {shown.map((field) => (
                  <Table.Tr key={field.key}>
                    <Table.Th scope="row" w={200}>
                      {field.label}
                    </Table.Th>
                    <Table.Td>
                      <FieldValue field={field} value={record[field.key]} />
                    </Table.Td>
                  </Table.Tr>
                ))}
                {(customFields.data ?? []).map((cf) => (
                  <Table.Tr key={`cf-${cf.id}`}>
                    <Table.Th scope="row">{cf.fieldLabel}</Table.Th>
                    <Table.Td>{formatValue(record.customFields?.[cf.fieldName], '')}</Table.Td>
                  </Table.Tr>
                ))}
                {spec.taggable ? (
                  <Table.Tr>
                    <Table.Th scope="row">Tags</Table.Th>
                    <Table.Td>
                      <RecordTags spec={spec} record={record} />
                    </Table.Td>
                  </Table.Tr>
                ) : null}
                {(['createdAt', 'updatedAt', 'lastAccessedAt', 'archivedAt'] as const)
                  .filter((k) => k in record)
                  .map((k) => (
                    <Table.Tr key={k}>
                      <Table.Th scope="row">
                        {
                          {
                            createdAt: 'Created',
                            updatedAt: 'Updated',
                            lastAccessedAt: 'Last opened',
                            archivedAt: 'Archived',
                          }[k]
                        }
                      </Table.Th>
                      <Table.Td>{formatValue(record[k], k)}</Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
            {spec.name === 'files' ? (
              <Anchor href={`/api/v1/files/${record.id}/download`} size="sm" mt="sm" display="inline-block">
                Download {title}
              </Anchor>
            ) : null}
          </Card>
          <RecordLinks
            resource={spec.name}
            id={record.id}
            canLink={abilities.link === true}
            archived={Boolean(record.archivedAt)}
          />
        </>
      )}
      {record.archivedAt && !abilities.restore ? (
        <Text size="sm" c="dimmed">
          This {spec.singular.toLowerCase()} is archived. Ask staff to restore it if it is still in use.
        </Text>
      ) : null}
      {abilities.delete === false && abilities.update === false ? (
        <Text size="sm" c="dimmed">
          You can read this {spec.singular.toLowerCase()}; changing it is for IT staff.{' '}
          <AnchorLink to="/tickets/new" size="sm">
            Ask them with a ticket
          </AnchorLink>
        </Text>
      ) : null}
    </Stack>
  );
}

// Plain fields of a ticket or person, shown before their own pages exist; secrets never reach the
// page (the API does not send them outside an audited reveal).
const SHOWN =
  /^(name|subject|displayNumber|email|title|firstName|lastName|role|department|status|priority|description|createdAt|updatedAt)$/;

function PlainRecord({ resource, label, record }: { resource: string; label: string; record: RecordData }) {
  const heading = [record.displayNumber, record.subject ?? record.name ?? record.email]
    .filter((v) => typeof v === 'string')
    .join(' · ');
  const rows = Object.entries(record).filter(
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
        {heading || `${label} ${record.id}`}
      </Title>
      <Card withBorder>
        <Table aria-label={`${label} details`}>
          <Table.Tbody>
            {rows.map(([key, value]) => (
              <Table.Tr key={key}>
                <Table.Th scope="row" w={180}>
                  {key}
                </Table.Th>
                <Table.Td>{formatValue(value, key)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <RecordLinks
        resource={resource}
        id={record.id}
        canLink={record.abilities?.link === true || record.abilities?.update === true}
        archived={Boolean(record.archivedAt)}
      />
    </Stack>
  );
}
