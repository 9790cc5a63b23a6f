import {
  type CustomField,
  type CustomFieldCreate,
  customFieldCreateSchema,
  type CustomFieldTable,
  customFieldTables,
  customFieldTypes,
} from '@helios/shared';
import { zodResolver } from '@hookform/resolvers/zod';
import { Badge, Group, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller } from 'react-hook-form';
import { meQuery } from '../../auth.ts';
import { RecordEditor } from '../../components/settings/record-editor.tsx';

const resolver = zodResolver(customFieldCreateSchema);

const TABLE_LABEL: Record<CustomFieldTable, string> = {
  organization_users: 'People',
  assets: 'Assets',
  credentials: 'Vault credentials',
  domains: 'Domains',
  certificates: 'Certificates',
  software_licenses: 'Software licenses',
  locations: 'Locations',
  vendors: 'Vendors',
  documents: 'Documents',
  files: 'Files',
  tickets: 'Tickets',
};
const TABLES = customFieldTables.map((t) => ({ value: t, label: TABLE_LABEL[t] }));
const TYPE_LABEL: Record<(typeof customFieldTypes)[number], string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  dropdown: 'Dropdown',
  checkbox: 'Checkbox',
};

/** Dropdown choices typed one per line (blank lines dropped); none → no options at all. */
const optionsFrom = (text: unknown) => {
  const options =
    typeof text === 'string'
      ? text
          .split('\n')
          .map((o) => o.trim())
          .filter(Boolean)
      : [];
  return options.length > 0 ? { options } : null;
};

/** /custom-fields: extra fields per kind of record (deleting one deletes its values). */
export function CustomFieldsSection() {
  const { data: me } = useQuery(meQuery);
  const [table, setTable] = useState<CustomFieldTable | null>(null);
  return (
    <Stack>
      <Select
        label="Show the fields of"
        placeholder="Every kind of record"
        data={TABLES}
        clearable
        value={table}
        onChange={(v) => setTable(v as CustomFieldTable | null)}
        maw={320}
      />
      <RecordEditor<CustomField, CustomFieldCreate>
        resource="custom-fields"
        noun="custom field"
        plural="custom fields"
        params={{ sort: 'displayOrder', tableName: table ?? undefined }}
        canCreate={me?.abilities.manageSettings ?? false}
        resolver={resolver}
        blank={{ tableName: table ?? 'assets', fieldName: '', fieldLabel: '', fieldType: 'text' }}
        fromRow={(f) => ({
          tableName: f.tableName,
          fieldName: f.fieldName,
          fieldLabel: f.fieldLabel,
          fieldType: f.fieldType,
          fieldOptions: f.fieldOptions,
          displayOrder: f.displayOrder,
        })}
        // The table is fixed at creation (moving a field would orphan its values).
        toUpdate={({ tableName: _fixed, ...rest }) => rest}
        name={(f) => f.fieldLabel}
        empty="Add a field when the built-in ones are not enough: a cost centre on assets, a badge number on people."
        columns={[
          { header: 'Label', cell: (f) => f.fieldLabel },
          { header: 'Name', cell: (f) => f.fieldName },
          { header: 'On', cell: (f) => TABLE_LABEL[f.tableName] },
          {
            header: 'Type',
            cell: (f) => (
              <Badge variant="outline" color="gray.7">
                {TYPE_LABEL[f.fieldType]}
                {f.fieldOptions ? ` (${f.fieldOptions.options.length})` : ''}
              </Badge>
            ),
          },
          { header: 'Order', cell: (f) => f.displayOrder },
        ]}
        fields={(form, editing) => {
          const { errors } = form.formState;
          return (
            <>
              <Group grow align="flex-start">
                <Controller
                  control={form.control}
                  name="tableName"
                  render={({ field }) => (
                    <Select
                      label="On"
                      data={TABLES}
                      allowDeselect={false}
                      disabled={editing !== undefined}
                      value={field.value}
                      onChange={(v) => field.onChange(v)}
                      error={errors.tableName?.message}
                    />
                  )}
                />
                <Controller
                  control={form.control}
                  name="fieldType"
                  render={({ field }) => (
                    <Select
                      label="Type"
                      data={customFieldTypes.map((t) => ({ value: t, label: TYPE_LABEL[t] }))}
                      allowDeselect={false}
                      value={field.value}
                      onChange={(v) => field.onChange(v)}
                      error={errors.fieldType?.message}
                    />
                  )}
                />
              </Group>
              <Group grow align="flex-start">
                <TextInput
                  label="Label"
                  required
                  error={errors.fieldLabel?.message}
                  {...form.register('fieldLabel')}
                />
                <TextInput
                  label="Name (in the API)"
                  description="lowercase_with_underscores"
                  required
                  error={errors.fieldName?.message}
                  {...form.register('fieldName')}
                />
              </Group>
              <Controller
                control={form.control}
                name="fieldOptions"
                render={({ field }) => (
                  <Textarea
                    label="Dropdown choices"
                    description="One per line; dropdown fields only."
                    autosize
                    minRows={2}
                    defaultValue={field.value?.options.join('\n') ?? ''}
                    onChange={(e) => field.onChange(optionsFrom(e.currentTarget.value))}
                    onBlur={field.onBlur}
                    error={errors.fieldOptions?.message ?? errors.fieldOptions?.options?.message}
                  />
                )}
              />
              <Controller
                control={form.control}
                name="displayOrder"
                render={({ field }) => (
                  <NumberInput
                    label="Order on the form"
                    min={0}
                    value={field.value ?? ''}
                    onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
                    onBlur={field.onBlur}
                    error={errors.displayOrder?.message}
                  />
                )}
              />
            </>
          );
        }}
      />
    </Stack>
  );
}
