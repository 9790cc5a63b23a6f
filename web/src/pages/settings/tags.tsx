import { type Tag, type TagCreate, tagCreateSchema, tagTypes } from '@helios/shared';
import { zodResolver } from '@hookform/resolvers/zod';
import { Badge, ColorSwatch, Group, Select, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Controller } from 'react-hook-form';
import { meQuery } from '../../auth.ts';
import { blankToUndefined } from '../../components/settings/form-errors.ts';
import { RecordEditor } from '../../components/settings/record-editor.tsx';

const resolver = zodResolver(tagCreateSchema);
const TYPE_LABEL: Record<(typeof tagTypes)[number], string> = {
  user: 'People',
  asset: 'Assets',
  ticket: 'Tickets',
  general: 'Anything',
};

/** /tags: labels for people, assets and tickets; a tag's type limits what it goes on. */
export function TagsSection() {
  const { data: me } = useQuery(meQuery);
  return (
    <RecordEditor<Tag, TagCreate>
      resource="tags"
      noun="tag"
      plural="tags"
      params={{ sort: 'name' }}
      canCreate={me?.abilities.writeDocumentation ?? false}
      resolver={resolver}
      blank={{ name: '', type: null, color: null }}
      fromRow={(t) => ({ name: t.name, type: t.type, color: t.color })}
      name={(t) => t.name}
      empty="Tags group people, assets and tickets across folders: VIP, Loaner, Needs follow-up."
      columns={[
        {
          header: 'Tag',
          cell: (t) => (
            <Group gap="xs" wrap="nowrap">
              {t.color ? <ColorSwatch color={t.color} size={14} aria-hidden /> : null}
              <Text size="sm">{t.name}</Text>
            </Group>
          ),
        },
        {
          header: 'Goes on',
          cell: (t) => (
            <Badge variant="outline" color="gray.7">
              {t.type ? TYPE_LABEL[t.type] : 'Anything'}
            </Badge>
          ),
        },
      ]}
      fields={(form) => {
        const { errors } = form.formState;
        return (
          <>
            <TextInput label="Name" required error={errors.name?.message} {...form.register('name')} />
            <Group grow align="flex-start">
              <Controller
                control={form.control}
                name="type"
                render={({ field }) => (
                  <Select
                    label="Goes on"
                    data={tagTypes.map((t) => ({ value: t, label: TYPE_LABEL[t] }))}
                    clearable
                    placeholder="Anything"
                    value={field.value ?? null}
                    onChange={(v) => field.onChange(v ?? null)}
                    error={errors.type?.message}
                  />
                )}
              />
              <TextInput
                label="Colour"
                description="#rrggbb"
                error={errors.color?.message}
                {...form.register('color', { setValueAs: (v: unknown) => blankToUndefined(v) ?? null })}
              />
            </Group>
          </>
        );
      }}
    />
  );
}
