import { Anchor, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { AnchorLink } from '../links.tsx';
import { recordQuery } from './queries.ts';
import { recordTitle, type FieldSpec } from './resources.ts';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A value as plain text (React escapes it: hostile text stays text). */
export function formatValue(value: unknown, key: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' && TIMESTAMP.test(value) && /At$/.test(key))
    return new Date(value).toLocaleString();
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Only web addresses become links; ssh://, rdp:// and bare hosts stay text (nothing to click). */
const isWebUrl = (value: string) => /^https?:\/\//i.test(value);

/** One field of a record on its page: references link to their record, web addresses open. */
export function FieldValue({ field, value }: { field: FieldSpec; value: unknown }) {
  if (field.kind.type === 'ref' && typeof value === 'number')
    return <RefLink resource={field.kind.resource} id={value} />;
  if (typeof value === 'string' && field.kind.type === 'url' && isWebUrl(value))
    return (
      <Anchor href={value} target="_blank" rel="noopener noreferrer" size="sm">
        {value}
      </Anchor>
    );
  if (field.kind.type === 'long' && typeof value === 'string' && value !== '')
    return (
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    );
  return (
    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
      {formatValue(value, field.key)}
    </Text>
  );
}

/** A referenced record by its title, linking to its page. */
export function RefLink({ resource, id }: { resource: string; id: number }) {
  const record = useQuery({ ...recordQuery(resource, id), retry: false });
  const title = record.data ? recordTitle(record.data) : `#${id}`;
  return (
    <AnchorLink to="/$resource/$id" params={{ resource, id: String(id) }} size="sm">
      {title}
    </AnchorLink>
  );
}
