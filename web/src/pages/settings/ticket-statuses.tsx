import { type TicketStatus, type TicketStatusCreate, ticketStatusCreateSchema } from '@helios/shared';
import { zodResolver } from '@hookform/resolvers/zod';
import { Badge, ColorSwatch, Group, NumberInput, Switch, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Controller } from 'react-hook-form';
import { meQuery } from '../../auth.ts';
import { blankToUndefined } from '../../components/settings/form-errors.ts';
import { RecordEditor } from '../../components/settings/record-editor.tsx';

const resolver = zodResolver(ticketStatusCreateSchema);

/** /ticket-statuses: the statuses a ticket moves through (a status in use is archived, not deleted). */
export function TicketStatusesSection() {
  const { data: me } = useQuery(meQuery);
  return (
    <RecordEditor<TicketStatus, TicketStatusCreate>
      resource="ticket-statuses"
      noun="status"
      plural="ticket statuses"
      params={{ sort: 'displayOrder' }}
      canCreate={me?.abilities.manageSettings ?? false}
      resolver={resolver}
      blank={{ name: '', isDefault: false, isResolvedStatus: false, isClosedStatus: false }}
      fromRow={(s) => ({
        name: s.name,
        color: s.color,
        displayOrder: s.displayOrder,
        isDefault: s.isDefault,
        isResolvedStatus: s.isResolvedStatus,
        isClosedStatus: s.isClosedStatus,
      })}
      name={(s) => s.name}
      empty="Every ticket needs a status: create “Open” first."
      columns={[
        {
          header: 'Status',
          cell: (s) => (
            <Group gap="xs" wrap="nowrap">
              {s.color ? <ColorSwatch color={s.color} size={14} aria-hidden /> : null}
              <Text size="sm">{s.name}</Text>
            </Group>
          ),
        },
        { header: 'Order', cell: (s) => s.displayOrder },
        {
          header: 'Meaning',
          cell: (s) => (
            <Group gap={4}>
              {s.isDefault ? <Badge size="xs">Default</Badge> : null}
              {s.isResolvedStatus ? (
                <Badge size="xs" color="teal.9">
                  Resolved
                </Badge>
              ) : null}
              {s.isClosedStatus ? (
                <Badge size="xs" color="gray.7">
                  Closed
                </Badge>
              ) : null}
            </Group>
          ),
        },
      ]}
      fields={(form) => {
        const { errors } = form.formState;
        return (
          <>
            <TextInput label="Name" required error={errors.name?.message} {...form.register('name')} />
            <Group grow align="flex-start">
              <TextInput
                label="Colour"
                description="#rrggbb, e.g. #2563eb"
                error={errors.color?.message}
                {...form.register('color', { setValueAs: (v: unknown) => blankToUndefined(v) ?? null })}
              />
              <Controller
                control={form.control}
                name="displayOrder"
                render={({ field }) => (
                  <NumberInput
                    label="Order in lists"
                    min={0}
                    value={field.value ?? ''}
                    onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
                    onBlur={field.onBlur}
                    error={errors.displayOrder?.message}
                  />
                )}
              />
            </Group>
            <Switch label="Default for new tickets" {...form.register('isDefault')} />
            <Switch
              label="Means resolved (the requester is asked for feedback)"
              {...form.register('isResolvedStatus')}
            />
            <Switch label="Means closed (leaves the open queues)" {...form.register('isClosedStatus')} />
          </>
        );
      }}
    />
  );
}
