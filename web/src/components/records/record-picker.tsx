import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { recordQuery, type RecordData } from './queries.ts';
import { recordTitle } from './resources.ts';

/**
 * Picks one record of a resource by typing part of its name: the server searches (`q=`, the same
 * trigram-indexed search as the list), so this works on a million rows; nothing is filtered here.
 */
export function RecordPicker({
  resource,
  label,
  value,
  onChange,
  exclude,
  error,
  placeholder,
}: {
  resource: string;
  label: string;
  value: number | null;
  onChange: (id: number | null, record: RecordData | null) => void;
  /** Ids not to offer (the record itself, what is linked already). */
  exclude?: ReadonlySet<number>;
  error?: string | undefined;
  placeholder?: string;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 200);
  const options = useQuery({
    queryKey: [resource, 'pick', q],
    queryFn: async () =>
      (await api<RecordData[]>('GET', `/${resource}?limit=20${q ? `&q=${encodeURIComponent(q)}` : ''}`)).data,
    staleTime: 10_000,
  });
  // The chosen record's own title, so an existing value reads as a name rather than a number.
  const chosen = useQuery({ ...recordQuery(resource, value ?? 0), enabled: value !== null });
  const rows = (options.data ?? []).filter((r) => !exclude?.has(r.id));
  const data = rows.map((r) => ({ value: String(r.id), label: recordTitle(r) }));
  if (value !== null && !data.some((d) => d.value === String(value)))
    data.unshift({ value: String(value), label: chosen.data ? recordTitle(chosen.data) : `#${value}` });
  return (
    <Select
      label={label}
      placeholder={placeholder ?? 'Type to search'}
      searchable
      clearable
      data={data}
      value={value === null ? null : String(value)}
      onChange={(v) => {
        const id = v === null ? null : Number(v);
        onChange(id, rows.find((r) => r.id === id) ?? chosen.data ?? null);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      nothingFoundMessage={options.isFetching ? 'Searching…' : 'Nothing found'}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
