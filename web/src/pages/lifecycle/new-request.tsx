import { zodResolver } from '@hookform/resolvers/zod';
import {
  lifecycleRequestInputSchema,
  type LifecycleKind,
  type LifecycleRequest,
  type LifecycleTemplate,
  type OrgUnit,
} from '@helios/shared';
import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { Controller, useForm, useWatch, type Control } from 'react-hook-form';
import { z } from 'zod';
import { api, ApiError } from '../../api.ts';
import { meQuery } from '../../auth.ts';
import { lifecycleAbilities } from '../../components/lifecycle/abilities.ts';
import { KIND_LABEL } from '../../components/lifecycle/labels.tsx';
import { personName, usePeopleSearch } from '../../components/tickets/data.ts';

const route = getRouteApi('/app/lifecycle/new');

/** What the form holds: the API's body, with the date as the browser's `datetime-local` text. */
interface FormValues {
  kind: LifecycleKind;
  personEmail: string;
  templateId: string;
  effectiveAt: string;
  notes: string;
  person: {
    firstName: string;
    lastName: string;
    title: string;
    department: string;
    managerEmail: string;
    orgUnitPath: string;
    personalEmail: string;
  };
}

const blankToUndefined = (v: string | undefined): string | undefined => (v?.trim() ? v.trim() : undefined);

/** `2026-12-01T09:00` (local) → ISO with offset; anything else stays as typed so the schema names it. */
const localToIso = (v: string): string => {
  const d = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : v;
};

/** The form's values as the API's body: empty fields are "not given"; leavers send no person. */
function toBody(v: FormValues): unknown {
  const person =
    v.kind === 'onboarding'
      ? Object.fromEntries(Object.entries(v.person).map(([k, value]) => [k, blankToUndefined(value)]))
      : undefined;
  return {
    kind: v.kind,
    personEmail: v.personEmail.trim(),
    templateId: v.templateId,
    effectiveAt: localToIso(v.effectiveAt),
    notes: blankToUndefined(v.notes),
    person,
  };
}

/** The API's own schema checks the form (its paths are the form's field names). */
const formSchema = z.preprocess((v) => toBody(v as FormValues), lifecycleRequestInputSchema);
type Output = z.output<typeof lifecycleRequestInputSchema>;

/** `YYYY-MM-DDT09:00` a few days out: a start or last day usually lies ahead. */
function defaultDate(daysAhead: number, hour: number): string {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

/**
 * `/lifecycle/new` — a joiner (the account to create: name, email, start, manager, department,
 * title, OU) or a leaver (an existing person and their last working moment), each with the
 * template whose steps will run. Nothing runs before someone approves it.
 */
export function NewLifecycleRequestPage() {
  const search = route.useSearch();
  const { data: me } = useQuery(meQuery);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<FormValues, unknown, Output>({
    // An empty required field reads "Required", not zod's "expected string, received undefined".
    resolver: zodResolver(formSchema as unknown as z.ZodType<Output, FormValues>, {
      error: (issue) => (issue.input === undefined || issue.input === '' ? 'Required' : undefined),
    }),
    defaultValues: {
      kind: search.kind ?? 'onboarding',
      personEmail: search.personEmail ?? '',
      templateId: '',
      effectiveAt: search.kind === 'offboarding' ? defaultDate(14, 17) : defaultDate(14, 9),
      notes: '',
      person: {
        firstName: '',
        lastName: '',
        title: '',
        department: '',
        managerEmail: '',
        orgUnitPath: '',
        personalEmail: '',
      },
    },
  });
  const kind = useWatch({ control: form.control, name: 'kind' });
  const templates = useQuery({
    queryKey: ['lifecycle', 'templates', kind, 'active'],
    queryFn: async () =>
      (await api<LifecycleTemplate[]>('GET', `/lifecycle/templates?kind=${kind}&active=true`)).data,
  });
  // The first active template of the kind is the usual choice: preselected when none is chosen.
  useEffect(() => {
    const first = templates.data?.[0];
    const chosen = form.getValues('templateId');
    if (first && !templates.data?.some((t) => String(t.id) === chosen))
      form.setValue('templateId', String(first.id));
  }, [templates.data, form]);

  const create = useMutation({
    mutationFn: async (body: Output) =>
      (await api<LifecycleRequest>('POST', '/lifecycle/requests', body)).data,
    onSuccess: async (request) => {
      await queryClient.invalidateQueries({ queryKey: ['lifecycle'] });
      notifications.show({ color: 'green', message: `${KIND_LABEL[request.kind]} request created` });
      await navigate({ to: '/lifecycle/requests/$id', params: { id: String(request.id) } });
    },
    onError: (error) => {
      if (error instanceof ApiError)
        for (const d of error.details) form.setError(d.path as keyof FormValues, { message: d.message });
    },
  });

  if (me && !lifecycleAbilities(me).requests)
    return (
      <Alert color="yellow" title="You cannot start onboarding or offboarding">
        Your role does not allow lifecycle requests. Ask IT.
      </Alert>
    );
  const errors = form.formState.errors;
  const templateOptions = (templates.data ?? []).map((t) => ({ value: String(t.id), label: t.name }));

  return (
    <Stack maw={760}>
      <Text size="sm">
        <Anchor component={Link} to="/lifecycle">
          Joiners and leavers
        </Anchor>{' '}
        / New request
      </Text>
      <Title order={1} size="h2">
        New {kind === 'onboarding' ? 'joiner' : 'leaver'} request
      </Title>
      <Paper withBorder p="md">
        <form noValidate onSubmit={form.handleSubmit((body) => create.mutate(body))}>
          <Stack>
            {create.error && !(create.error instanceof ApiError && create.error.details.length > 0) ? (
              <Alert color="red" title="The request was not created" role="alert">
                {create.error.message}
              </Alert>
            ) : null}
            <Controller
              control={form.control}
              name="kind"
              render={({ field }) => (
                <SegmentedControl
                  aria-label="Kind of request"
                  value={field.value}
                  onChange={(v) => {
                    field.onChange(v);
                    form.setValue('templateId', '');
                    form.setValue('personEmail', '');
                    form.setValue('effectiveAt', defaultDate(14, v === 'offboarding' ? 17 : 9));
                  }}
                  fullWidth
                  data={[
                    { value: 'onboarding', label: 'Joiner' },
                    { value: 'offboarding', label: 'Leaver' },
                  ]}
                />
              )}
            />
            {kind === 'onboarding' ? (
              <JoinerFields form={form} />
            ) : (
              <PersonPicker
                control={form.control}
                name="personEmail"
                label="Who is leaving"
                description="Someone in Helios's directory"
                error={errors.personEmail?.message}
                required
              />
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                type="datetime-local"
                label={kind === 'onboarding' ? 'Start date and time' : 'Last working day and time'}
                description="Your local time; every step is planned from it"
                withAsterisk
                error={errors.effectiveAt?.message}
                {...form.register('effectiveAt')}
              />
              <Controller
                control={form.control}
                name="templateId"
                render={({ field }) => (
                  <Select
                    label="Template"
                    description={
                      templates.data && templates.data.length === 0
                        ? 'No active template of this kind: an admin creates one under Templates.'
                        : 'The steps this request will run'
                    }
                    withAsterisk
                    allowDeselect={false}
                    data={templateOptions}
                    value={field.value || null}
                    onChange={(v) => field.onChange(v ?? '')}
                    error={errors.templateId?.message}
                  />
                )}
              />
            </SimpleGrid>
            <Textarea
              label="Notes"
              autosize
              minRows={2}
              error={errors.notes?.message}
              {...form.register('notes')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => void navigate({ to: '/lifecycle' })}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create request
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              Nothing runs until a manager or admin approves; a dry run on the request’s page shows every call
              first.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

function JoinerFields({ form }: { form: ReturnType<typeof useForm<FormValues, unknown, Output>> }) {
  const errors = form.formState.errors;
  const orgUnits = useQuery({
    queryKey: ['org-units', 'all'],
    queryFn: async () => (await api<OrgUnit[]>('GET', '/org-units?limit=200')).data,
    staleTime: 5 * 60_000,
  });
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="First name"
          withAsterisk
          error={errors.person?.firstName?.message}
          {...form.register('person.firstName')}
        />
        <TextInput
          label="Last name"
          withAsterisk
          error={errors.person?.lastName?.message}
          {...form.register('person.lastName')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="New work email"
          description="The Google account to create"
          type="email"
          withAsterisk
          error={errors.personEmail?.message}
          {...form.register('personEmail')}
        />
        <TextInput
          label="Personal email"
          description="Optional: where the first password may also go"
          type="email"
          error={errors.person?.personalEmail?.message}
          {...form.register('person.personalEmail')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Title" error={errors.person?.title?.message} {...form.register('person.title')} />
        <TextInput
          label="Department"
          error={errors.person?.department?.message}
          {...form.register('person.department')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <PersonPicker
          control={form.control}
          name="person.managerEmail"
          label="Manager"
          description="Receives the first password and the manager’s tasks"
          error={errors.person?.managerEmail?.message}
        />
        <Controller
          control={form.control}
          name="person.orgUnitPath"
          render={({ field }) => (
            <Select
              label="Organizational unit"
              placeholder="Google’s default"
              searchable
              clearable
              data={(orgUnits.data ?? []).map((o) => o.orgUnitPath)}
              value={field.value || null}
              onChange={(v) => field.onChange(v ?? '')}
              error={errors.person?.orgUnitPath?.message}
            />
          )}
        />
      </SimpleGrid>
    </>
  );
}

/** Someone already in Helios, chosen by name or email (the value is their email). */
function PersonPicker({
  control,
  name,
  label,
  description,
  error,
  required,
}: {
  control: Control<FormValues, unknown, Output>;
  name: 'personEmail' | 'person.managerEmail';
  label: string;
  description: string;
  error: string | undefined;
  required?: boolean;
}) {
  // A value preset from outside (a person's page) is shown as typed: the search box is controlled.
  const preset = useWatch({ control, name });
  const [search, setSearch] = useState(preset);
  const [debounced] = useDebouncedValue(search, 250);
  const people = usePeopleSearch(debounced, true);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => {
        const options = (people.data ?? []).map((p) => ({
          value: p.email,
          label: `${personName(p)} <${p.email}>`,
        }));
        // A preset value (from a person's page) is an option even before any search.
        if (field.value && !options.some((o) => o.value === field.value))
          options.unshift({ value: field.value, label: field.value });
        return (
          <Select
            label={label}
            description={description}
            placeholder="Search people by name or email"
            withAsterisk={required}
            searchable
            clearable
            searchValue={search}
            onSearchChange={setSearch}
            nothingFoundMessage={people.isFetching ? 'Searching…' : 'Nobody matches'}
            filter={({ options: o }) => o}
            data={options}
            value={field.value || null}
            onChange={(v) => field.onChange(v ?? '')}
            error={error}
          />
        );
      }}
    />
  );
}
