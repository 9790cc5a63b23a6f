import { zodResolver } from '@hookform/resolvers/zod';
import { type PeopleContext, type Ticket, ticketCreateSchema, ticketPriorities } from '@helios/shared';
import {
  Alert,
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { api, ApiError } from '../../api.ts';
import { meQuery } from '../../auth.ts';
import { priorityLabel } from '../../components/tickets/badges.tsx';
import { personName, usePeopleSearch } from '../../components/tickets/data.ts';

type Input = z.input<typeof ticketCreateSchema>;
type Output = z.output<typeof ticketCreateSchema>;

/**
 * `/tickets/new`: the create-ticket form, validated by the API's own schema (ticketCreateSchema).
 * Staff choose the requester (anyone); everyone else files for themselves. Assets are the
 * requester's devices, from their context (the same call the add-on's person card makes).
 */
export function NewTicketPage() {
  const { data: me } = useQuery(meQuery);
  const staff = Boolean(me?.abilities.manageTickets);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<Input, unknown, Output>({
    resolver: zodResolver(ticketCreateSchema),
    defaultValues: { subject: '', details: '', priority: 'medium', category: '', assetIds: [] },
  });
  const requester = useWatch({ control: form.control, name: 'relatedUserEmail' }) || me?.email || '';
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const people = usePeopleSearch(debounced, staff);
  const devices = useQuery({
    queryKey: ['people', requester, 'context'],
    queryFn: async () =>
      (await api<PeopleContext>('GET', `/people/${encodeURIComponent(requester)}/context`)).data,
    enabled: Boolean(requester),
  });

  const create = useMutation({
    mutationFn: async (body: Output) => (await api<Ticket>('POST', '/tickets', body)).data,
    onSuccess: async (ticket) => {
      await queryClient.invalidateQueries({ queryKey: ['tickets'] });
      notifications.show({ color: 'green', message: `${ticket.displayNumber} filed` });
      await navigate({ to: '/tickets/$id', params: { id: String(ticket.id) } });
    },
    onError: (error) => {
      // The server's per-field messages land on their fields; the rest above the form.
      if (error instanceof ApiError)
        for (const d of error.details)
          form.setError(d.path.split('.')[0] as keyof Input, { message: d.message });
    },
  });

  if (!me?.abilities.createTickets)
    return (
      <Alert color="yellow" title="You cannot file tickets here">
        Your role does not allow filing tickets. Email IT instead, or ask an admin.
      </Alert>
    );

  const errors = form.formState.errors;
  const assetOptions = (devices.data?.assets ?? []).map((a) => ({
    value: String(a.id),
    label: [a.name, a.model, a.serialNumber].filter(Boolean).join(' · '),
  }));

  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        New ticket
      </Title>
      <Paper withBorder p="md">
        <form
          noValidate
          onSubmit={form.handleSubmit((body) =>
            // Empty fields send nothing: no requester files it for the signed-in person.
            create.mutate({
              ...body,
              category: body.category || undefined,
              relatedUserEmail: body.relatedUserEmail || undefined,
            }),
          )}
        >
          <Stack>
            {create.error && !(create.error instanceof ApiError && create.error.details.length > 0) ? (
              <Alert color="red" title="The ticket was not filed" role="alert">
                {create.error.message}
              </Alert>
            ) : null}
            <TextInput
              label="Subject"
              withAsterisk
              error={errors.subject?.message}
              {...form.register('subject')}
            />
            <Textarea
              label="Description"
              description="What happened, what you expected, and since when"
              withAsterisk
              autosize
              minRows={5}
              error={errors.details?.message}
              {...form.register('details')}
            />
            <Group grow align="flex-start" wrap="wrap">
              <Controller
                control={form.control}
                name="priority"
                render={({ field }) => (
                  <Select
                    label="Priority"
                    allowDeselect={false}
                    data={ticketPriorities.map((p) => ({ value: p, label: priorityLabel(p) }))}
                    value={field.value ?? 'medium'}
                    onChange={(v) => field.onChange(v ?? 'medium')}
                    error={errors.priority?.message}
                    miw={180}
                  />
                )}
              />
              <TextInput
                label="Category"
                placeholder="e.g. Hardware"
                error={errors.category?.message}
                miw={180}
                {...form.register('category')}
              />
            </Group>
            {staff ? (
              <Controller
                control={form.control}
                name="relatedUserEmail"
                render={({ field }) => (
                  <Select
                    label="Requester"
                    description="Who the ticket is for (empty: you)"
                    placeholder="Search people by name or email"
                    searchable
                    clearable
                    searchValue={search}
                    onSearchChange={setSearch}
                    nothingFoundMessage={people.isFetching ? 'Searching…' : 'Nobody matches'}
                    filter={({ options }) => options}
                    data={(people.data ?? []).map((p) => ({
                      value: p.email,
                      label: `${personName(p)} <${p.email}>`,
                    }))}
                    value={field.value ?? null}
                    onChange={(v) => {
                      field.onChange(v ?? undefined);
                      form.setValue('assetIds', []);
                    }}
                    error={errors.relatedUserEmail?.message}
                  />
                )}
              />
            ) : null}
            <Controller
              control={form.control}
              name="assetIds"
              render={({ field }) => (
                <MultiSelect
                  label={staff ? 'The requester’s devices' : 'Your devices'}
                  description={
                    devices.isPending
                      ? 'Loading devices…'
                      : assetOptions.length === 0
                        ? 'No devices are recorded for this person.'
                        : 'The devices this ticket is about (optional)'
                  }
                  placeholder={assetOptions.length ? 'Choose devices' : undefined}
                  disabled={assetOptions.length === 0}
                  data={assetOptions}
                  value={(field.value ?? []).map(String)}
                  onChange={(v) => field.onChange(v.map(Number))}
                  error={errors.assetIds?.message}
                />
              )}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => void navigate({ to: '/tickets' })}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                File ticket
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              You will get an email when IT replies; replies also appear on the ticket’s page.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
