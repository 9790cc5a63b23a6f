import { zodResolver } from '@hookform/resolvers/zod';
import type { CustomField } from '@helios/shared';
import {
  Alert,
  Button,
  Checkbox,
  FileInput,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Controller, type FieldValues, type Resolver, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { api, ApiError } from '../../api.ts';
import { LoadingState } from '../states.tsx';
import { customFieldsQuery, type RecordData } from './queries.ts';
import { RecordPicker } from './record-picker.tsx';
import type { FieldSpec, ResourceSpec } from './resources.ts';

// The editor (Tiptap, ProseMirror) arrives only when a form has a rich-text field: lists and
// records of every other resource never load it.
const RichTextInput = lazy(() =>
  import('../documents/rich-text.tsx').then((m) => ({ default: m.RichTextInput })),
);

type Values = Record<string, unknown> & { customFields?: Record<string, unknown> };

const isEmpty = (v: unknown) => v === '' || v === undefined || v === null;

/** What the form holds for a field: inputs want '' rather than null. */
function initial(field: FieldSpec, record: RecordData | undefined): unknown {
  const value = record?.[field.key];
  if (field.kind.type === 'boolean') return value === true;
  if (field.kind.type === 'ref' || field.kind.type === 'select') return value ?? null;
  if (field.kind.type === 'secret') return '';
  return value ?? '';
}

/**
 * The request body from what the form holds: on create, the fields filled in; on edit, only the
 * fields that changed, an emptied one sent as null (clear it). Then the shared zod schema — the
 * one the API validates with — checks exactly that body.
 */
function bodyOf(values: Values, defaults: Values, creating: boolean): Values {
  const out: Values = {};
  const pick = (
    from: Record<string, unknown>,
    base: Record<string, unknown>,
    into: Record<string, unknown>,
  ) => {
    for (const [key, value] of Object.entries(from)) {
      if (key === 'customFields') continue;
      if (creating) {
        if (!isEmpty(value)) into[key] = value;
      } else if (value !== base[key] && !(isEmpty(value) && isEmpty(base[key]))) {
        into[key] = isEmpty(value) ? null : value;
      }
    }
  };
  pick(values, defaults, out);
  const custom: Record<string, unknown> = {};
  pick(values.customFields ?? {}, defaults.customFields ?? {}, custom);
  if (Object.keys(custom).length > 0) out.customFields = custom;
  return out;
}

/** Create or edit any documentation record, from its description and the shared schemas. */
export function RecordForm({
  spec,
  record,
  onSaved,
  onCancel,
}: {
  spec: ResourceSpec;
  record?: RecordData;
  onSaved: (saved: RecordData) => void;
  onCancel: () => void;
}) {
  const creating = record === undefined;
  const cf = useQuery({
    ...customFieldsQuery(spec.customFieldTable ?? ''),
    enabled: spec.customFieldTable !== undefined,
  });
  if (creating && spec.upload) return <UploadForm onSaved={onSaved} onCancel={onCancel} />;
  if (spec.customFieldTable && cf.isPending) return null;
  return (
    <FormBody
      spec={spec}
      record={record}
      customFields={cf.data ?? []}
      onSaved={onSaved}
      onCancel={onCancel}
    />
  );
}

function FormBody({
  spec,
  record,
  customFields,
  onSaved,
  onCancel,
}: {
  spec: ResourceSpec;
  record: RecordData | undefined;
  customFields: CustomField[];
  onSaved: (saved: RecordData) => void;
  onCancel: () => void;
}) {
  const creating = record === undefined;
  const queryClient = useQueryClient();
  const fields = spec.fields.filter(
    (f) => !f.readOnly && !(f.formOnly && !creating && f.kind.type !== 'secret'),
  );
  const defaults: Values = Object.fromEntries(fields.map((f) => [f.key, initial(f, record)]));
  defaults.customFields = Object.fromEntries(
    customFields.map((c) => [
      c.fieldName,
      record?.customFields?.[c.fieldName] ?? (c.fieldType === 'checkbox' ? false : ''),
    ]),
  );
  const schema = (creating ? spec.createSchema : spec.updateSchema) ?? spec.updateSchema;
  const validate = zodResolver(schema as z.ZodType<FieldValues, FieldValues>);
  const resolver: Resolver<Values> = (values, context, options) =>
    validate(bodyOf(values, defaults, creating), context, options) as ReturnType<Resolver<Values>>;
  const form = useForm<Values>({ defaultValues: defaults, resolver });
  const save = useMutation({
    mutationFn: async (body: Values) =>
      creating
        ? (await api<RecordData>('POST', `/${spec.name}`, body)).data
        : (await api<RecordData>('PATCH', `/${spec.name}/${record.id}`, body)).data,
    onSuccess: async (saved) => {
      queryClient.setQueryData([spec.name, saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: [spec.name, 'list'] });
      onSaved(saved);
    },
    onError: (error) => {
      // The server's per-field reasons land on their inputs.
      if (error instanceof ApiError)
        for (const d of error.details) form.setError(d.path, { message: d.message });
    },
  });
  const errorOf = (key: string): string | undefined => {
    const parts = key.split('.');
    let node: unknown = form.formState.errors;
    for (const p of parts) node = (node as Record<string, unknown> | undefined)?.[p];
    const message = (node as { message?: unknown } | undefined)?.message;
    return typeof message === 'string' ? message : undefined;
  };

  return (
    <form
      noValidate
      onSubmit={form.handleSubmit((body) => save.mutate(body))}
      aria-label={creating ? `New ${spec.singular.toLowerCase()}` : `Edit ${spec.singular.toLowerCase()}`}
    >
      <Stack gap="sm">
        {save.isError ? (
          <Alert color="red" role="alert" title="Not saved">
            {save.error.message}
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {fields
            .filter((f) => f.kind.type !== 'long' && f.kind.type !== 'html')
            .map((f) => (
              <FieldInput key={f.key} field={f} form={form} error={errorOf(f.key)} />
            ))}
          {customFields.map((c) => (
            <FieldInput
              key={c.id}
              field={{
                key: `customFields.${c.fieldName}`,
                label: c.fieldLabel,
                kind:
                  c.fieldType === 'dropdown'
                    ? { type: 'select', options: c.fieldOptions?.options ?? [] }
                    : c.fieldType === 'checkbox'
                      ? { type: 'boolean' }
                      : c.fieldType === 'number'
                        ? { type: 'number' }
                        : c.fieldType === 'date'
                          ? { type: 'date' }
                          : { type: 'text' },
              }}
              form={form}
              error={errorOf(`customFields.${c.fieldName}`)}
            />
          ))}
        </SimpleGrid>
        {fields
          .filter((f) => f.kind.type === 'long' || f.kind.type === 'html')
          .map((f) => (
            <FieldInput key={f.key} field={f} form={form} error={errorOf(f.key)} />
          ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {creating ? `Create ${spec.singular.toLowerCase()}` : 'Save changes'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function FieldInput({
  field,
  form,
  error,
}: {
  field: FieldSpec;
  form: ReturnType<typeof useForm<Values>>;
  error: string | undefined;
}) {
  const { kind } = field;
  return (
    <Controller
      control={form.control}
      name={field.key}
      render={({ field: input }) => {
        const common = { label: field.label, error, withAsterisk: field.required === true };
        switch (kind.type) {
          case 'boolean':
            return (
              <Checkbox
                mt="lg"
                label={field.label}
                checked={input.value === true}
                onChange={(e) => input.onChange(e.currentTarget.checked)}
                error={error}
              />
            );
          case 'select':
            return (
              <Select
                {...common}
                clearable={field.required !== true}
                data={kind.options.map((o) => ({ value: o, label: o }))}
                value={typeof input.value === 'string' ? input.value : null}
                onChange={(v) => input.onChange(v)}
              />
            );
          case 'ref':
            return (
              <RecordPicker
                resource={kind.resource}
                label={field.label}
                value={typeof input.value === 'number' ? input.value : null}
                onChange={(id) => input.onChange(id)}
                error={error}
              />
            );
          case 'number':
            return (
              <NumberInput
                {...common}
                value={typeof input.value === 'number' ? input.value : ''}
                onChange={(v) => input.onChange(typeof v === 'number' ? v : '')}
                allowDecimal={false}
              />
            );
          case 'secret':
            return (
              <PasswordInput
                {...common}
                autoComplete="new-password"
                description="Stored encrypted and shown only when revealed; leave empty to keep what is stored"
                value={String(input.value ?? '')}
                onChange={(e) => input.onChange(e.currentTarget.value)}
              />
            );
          case 'long':
            return (
              <Textarea
                {...common}
                autosize
                minRows={2}
                maxRows={12}
                value={String(input.value ?? '')}
                onChange={(e) => input.onChange(e.currentTarget.value)}
              />
            );
          case 'html':
            return (
              <Suspense fallback={<LoadingState label="Loading the editor…" />}>
                <RichTextInput
                  label={field.label}
                  value={String(input.value ?? '')}
                  onChange={input.onChange}
                  error={error}
                />
              </Suspense>
            );
          default:
            return (
              <TextInput
                {...common}
                type={kind.type === 'date' ? 'date' : kind.type === 'url' ? 'url' : 'text'}
                value={String(input.value ?? '')}
                onChange={(e) => input.onChange(e.currentTarget.value)}
              />
            );
        }
      }}
    />
  );
}

/** A new file is an upload (multipart, one `file` part); the server checks type and size. */
function UploadForm({ onSaved, onCancel }: { onSaved: (saved: RecordData) => void; onCancel: () => void }) {
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [folderId, setFolderId] = useState<number | null>(null);
  const upload = useMutation({
    mutationFn: async () => {
      if (!file) throw new ApiError(400, 'validation_failed', 'Choose a file to upload.');
      const body = new FormData();
      body.append('file', file);
      if (folderId !== null) body.append('folderId', String(folderId));
      const response = await fetch('/api/v1/files', { method: 'POST', body, credentials: 'same-origin' });
      const json = (await response.json()) as { data?: RecordData; error?: { message: string } };
      if (!response.ok || !json.data)
        throw new ApiError(response.status, 'validation_failed', json.error?.message ?? 'Upload failed.');
      return json.data;
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['files', 'list'] });
      onSaved(saved);
    },
  });
  return (
    <Stack gap="sm">
      {upload.isError ? (
        <Alert color="red" role="alert" title="Not uploaded">
          {upload.error.message}
        </Alert>
      ) : null}
      <FileInput label="File" placeholder="Choose a file" value={file} onChange={setFile} withAsterisk />
      <RecordPicker resource="folders" label="Folder" value={folderId} onChange={(id) => setFolderId(id)} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button onClick={() => upload.mutate()} loading={upload.isPending}>
          Upload
        </Button>
      </Group>
    </Stack>
  );
}
