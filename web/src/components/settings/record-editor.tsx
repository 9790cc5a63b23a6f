import { notifications } from '@mantine/notifications';
import type { RecordAbilities } from '@helios/shared';
import { Button, Card, Group, Stack, Table, Title, VisuallyHidden } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import {
  type DefaultValues,
  type FieldValues,
  type Resolver,
  useForm,
  type UseFormReturn,
} from 'react-hook-form';
import { api } from '../../api.ts';
import { EmptyState, ErrorState, LoadingState } from '../states.tsx';
import { ConfirmButton } from './confirm-button.tsx';
import { Dialog } from '../dialog.tsx';
import { ScrollTable } from './scroll-table.tsx';
import { formError } from './form-errors.ts';
import { LoadMore, useKeysetList } from '../keyset.tsx';

interface Row {
  id: number;
  abilities: RecordAbilities;
}

export interface RecordEditorProps<R extends Row, V extends FieldValues> {
  /** The API resource: `/ticket-statuses`, `/tags`, `/custom-fields`. */
  resource: string;
  /** One record, in a sentence: "status", "tag", "custom field". */
  noun: string;
  plural: string;
  /** Filters for the list (sent as query parameters). */
  params?: Record<string, string | undefined>;
  /** From GET /me: whether "New" is offered (the API decides again). */
  canCreate: boolean;
  /** The shared zod create schema, through zodResolver: the same check the API runs. */
  resolver: Resolver<V>;
  blank: DefaultValues<V>;
  fromRow: (row: R) => DefaultValues<V>;
  /** The PATCH body from the form (fields fixed at creation left out). */
  toUpdate?: (values: V) => Partial<V>;
  fields: (form: UseFormReturn<V>, editing: R | undefined) => ReactNode;
  name: (row: R) => string;
  columns: { header: string; cell: (row: R) => ReactNode }[];
  empty: ReactNode;
}

/**
 * A settings list of records the generic record routes serve: keyset-paged, a "New" form, and
 * edit / delete offered per row from the record's own `abilities`.
 */
export function RecordEditor<R extends Row, V extends FieldValues>(props: RecordEditorProps<R, V>) {
  const { resource, noun, plural, columns, name } = props;
  const title = plural.charAt(0).toUpperCase() + plural.slice(1);
  const queryClient = useQueryClient();
  // What the dialog edits stays set while it closes (its title and form fade out, not blank out).
  const [editing, setEditingState] = useState<R | 'new'>('new');
  const [opened, setOpened] = useState(false);
  const setEditing = (target: R | 'new') => {
    setEditingState(target);
    setOpened(true);
  };
  const close = () => setOpened(false);
  const { query, rows } = useKeysetList<R>([resource, 'list'], `/${resource}`, props.params);
  const remove = useMutation({
    mutationFn: (row: R) => api('DELETE', `/${resource}/${row.id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [resource] }),
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: error.message }),
  });
  return (
    <Card withBorder component="section" aria-labelledby={`${resource}-heading`}>
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4" id={`${resource}-heading`} tt="capitalize">
            {plural}
          </Title>
          {props.canCreate ? (
            <Button
              size="xs"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() => setEditing('new')}
            >
              New {noun}
            </Button>
          ) : null}
        </Group>
        {query.isPending ? <LoadingState label={`Loading ${plural}…`} /> : null}
        {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : null}
        {query.isSuccess && rows.length === 0 ? (
          <EmptyState title={`No ${plural} yet`}>{props.empty}</EmptyState>
        ) : null}
        {rows.length > 0 ? (
          <ScrollTable minWidth={560} label={title}>
            <Table aria-label={title}>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((c) => (
                    <Table.Th scope="col" key={c.header}>
                      {c.header}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col">
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.id}>
                    {columns.map((c) => (
                      <Table.Td key={c.header}>{c.cell(row)}</Table.Td>
                    ))}
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        {row.abilities.update ? (
                          <Button
                            size="xs"
                            variant="subtle"
                            onClick={() => setEditing(row)}
                            aria-label={`Edit ${noun}: ${name(row)}`}
                          >
                            Edit
                          </Button>
                        ) : null}
                        {row.abilities.delete ? (
                          <ConfirmButton
                            label={`Delete ${noun}: ${name(row)}`}
                            title={`Delete “${name(row)}”?`}
                            message={`The ${noun} is removed for everyone. If records still use it, Helios refuses and says so.`}
                            confirm={`Delete the ${noun}`}
                            onConfirm={() => remove.mutate(row)}
                          >
                            Delete
                          </ConfirmButton>
                        ) : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        ) : null}
        <LoadMore query={query} shown={rows.length} noun={plural} />
      </Stack>
      <Dialog
        opened={opened}
        onClose={close}
        title={editing === 'new' ? `New ${noun}` : `Edit ${noun}: ${name(editing)}`}
        size="lg"
      >
        {opened ? (
          <RecordForm {...props} editing={editing === 'new' ? undefined : editing} onDone={close} />
        ) : null}
      </Dialog>
    </Card>
  );
}

function RecordForm<R extends Row, V extends FieldValues>(
  props: RecordEditorProps<R, V> & { editing: R | undefined; onDone: () => void },
) {
  const { resource, noun, editing } = props;
  const queryClient = useQueryClient();
  const form = useForm<V>({
    resolver: props.resolver,
    defaultValues: editing ? props.fromRow(editing) : props.blank,
  });
  const save = useMutation({
    mutationFn: (values: V) =>
      editing
        ? api<R>('PATCH', `/${resource}/${editing.id}`, props.toUpdate ? props.toUpdate(values) : values)
        : api<R>('POST', `/${resource}`, values),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [resource] });
      notifications.show({ title: 'Saved', message: `The ${noun} is saved.` });
      props.onDone();
    },
    onError: (error) => formError(form.setError, error, 'Not saved'),
  });
  return (
    <form
      onSubmit={(e) => void form.handleSubmit((v) => save.mutate(v))(e)}
      noValidate
      aria-label={editing ? `Edit ${noun}` : `New ${noun}`}
    >
      <Stack gap="sm">
        {props.fields(form, editing)}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {editing ? 'Save changes' : `Create ${noun}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
