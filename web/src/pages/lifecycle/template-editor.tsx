import { zodResolver } from '@hookform/resolvers/zod';
import {
  lifecycleActionTypes,
  lifecycleTemplateInputSchema,
  type LifecycleActionType,
  type LifecycleKind,
  type LifecycleTemplate,
  type LifecycleTemplateInput,
} from '@helios/shared';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import {
  Controller,
  useFieldArray,
  useForm,
  useWatch,
  type Control,
  type FieldErrors,
} from 'react-hook-form';
import type { z } from 'zod';
import { api, ApiError } from '../../api.ts';
import { meQuery } from '../../auth.ts';
import { lifecycleAbilities } from '../../components/lifecycle/abilities.ts';
import { ACTION_LABEL, KIND_LABEL } from '../../components/lifecycle/labels.tsx';
import { ConfirmButton } from '../../components/settings/confirm-button.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';
import { scopesQuery } from '../../components/lifecycle/scopes.ts';

const route = getRouteApi('/app/lifecycle/templates/$id');

type Input = z.input<typeof lifecycleTemplateInputSchema>;
type StepInput = Input['steps'][number];
type Params = Record<string, unknown>;

/** The actions that belong to each kind (the list is ordered: onboarding first, then offboarding). */
const OFFBOARDING_FROM = lifecycleActionTypes.indexOf('google.setMailForwarding');
const actionsOf = (kind: LifecycleKind): readonly LifecycleActionType[] =>
  kind === 'onboarding'
    ? lifecycleActionTypes.slice(0, OFFBOARDING_FROM)
    : lifecycleActionTypes.slice(OFFBOARDING_FROM);

/** `google.setMailForwarding` → `set-mail-forwarding` (a step key's readable start). */
const slugOf = (base: string): string =>
  base
    .replace(/^(google|helios)\./, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50) || 'step';

/** A step key not yet used in this template (`add-to-groups`, `add-to-groups-2`, …). */
function freshKey(base: string, taken: Set<string>): string {
  const slug = slugOf(base);
  let key = slug;
  for (let n = 2; taken.has(key); n++) key = `${slug}-${n}`;
  return key;
}

/** Empty condition lists mean "no condition": sent as absent, as the schema's optional fields. */
function cleanSteps(steps: StepInput[]): StepInput[] {
  return steps.map((s) => {
    const c = s.conditions ?? {};
    const conditions = Object.fromEntries(
      Object.entries(c).filter(([, v]) => Array.isArray(v) && v.length > 0),
    ) as StepInput['conditions'];
    const { conditions: _, ...rest } = s;
    return conditions && Object.keys(conditions).length > 0 ? { ...rest, conditions } : rest;
  });
}

/**
 * `/lifecycle/templates/:id` (or `new?kind=`) — a template's ordered steps: add an action or a task,
 * move steps up and down, remove them; each action with its parameters, day offset and conditions,
 * and the Google scopes it needs (✓ granted, ✗ missing). Saved whole, checked by the API's schema.
 */
export function LifecycleTemplateEditorPage() {
  const { id } = route.useParams();
  const search = route.useSearch();
  const isNew = id === 'new';
  const { data: me } = useQuery(meQuery);
  const template = useQuery({
    queryKey: ['lifecycle', 'template', id],
    queryFn: async () => (await api<LifecycleTemplate>('GET', `/lifecycle/templates/${id}`)).data,
    enabled: !isNew && /^\d+$/.test(id),
  });
  if (!isNew && template.isPending) return <LoadingState label="Loading template…" />;
  if (template.isError)
    return (
      <ErrorState
        error={template.error}
        onRetry={() => void template.refetch()}
        title="Template could not be opened"
      />
    );
  const canEdit = me
    ? lifecycleAbilities(me).templates && (isNew || template.data?.abilities.update !== false)
    : false;
  return (
    <TemplateForm
      key={template.data?.updatedAt ?? 'new'}
      template={template.data}
      kind={template.data?.kind ?? search.kind ?? 'onboarding'}
      readOnly={!canEdit}
    />
  );
}

function TemplateForm({
  template,
  kind,
  readOnly,
}: {
  template: LifecycleTemplate | undefined;
  kind: LifecycleKind;
  readOnly: boolean;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<Input, unknown, LifecycleTemplateInput>({
    resolver: zodResolver(lifecycleTemplateInputSchema, {
      error: (issue) => (issue.input === undefined || issue.input === '' ? 'Required' : undefined),
    }),
    defaultValues: template
      ? {
          kind: template.kind,
          name: template.name,
          description: template.description ?? '',
          isActive: template.isActive,
          steps: template.steps,
        }
      : { kind, name: '', description: '', isActive: true, steps: [] },
  });
  const steps = useFieldArray({ control: form.control, name: 'steps' });
  const current = useWatch({ control: form.control, name: 'steps' }) ?? [];
  const taken = new Set(current.map((s) => s.key));

  const save = useMutation({
    mutationFn: async (body: LifecycleTemplateInput) => {
      const clean = { ...body, description: body.description || null, steps: cleanSteps(body.steps) };
      if (!template) return (await api<LifecycleTemplate>('POST', '/lifecycle/templates', clean)).data;
      const { kind: _kind, ...patch } = clean;
      return (await api<LifecycleTemplate>('PATCH', `/lifecycle/templates/${template.id}`, patch)).data;
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['lifecycle'] });
      notifications.show({ color: 'green', message: `${saved.name} saved` });
      if (!template) await navigate({ to: '/lifecycle/templates/$id', params: { id: String(saved.id) } });
    },
    onError: (error) => {
      if (error instanceof ApiError)
        for (const d of error.details) form.setError(d.path as 'name', { message: d.message });
      notifications.show({ color: 'red', title: 'Template not saved', message: error.message });
    },
  });
  const remove = useMutation({
    mutationFn: async () => api('DELETE', `/lifecycle/templates/${template?.id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['lifecycle'] });
      notifications.show({ color: 'green', message: 'Template deleted' });
      await navigate({ to: '/lifecycle/templates' });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: error.message }),
  });
  const errors = form.formState.errors;
  const addAction = () => {
    const action = actionsOf(kind)[0] ?? 'google.suspendUser';
    steps.append({
      key: freshKey(action, taken),
      kind: 'action',
      name: ACTION_LABEL[action],
      action,
      params: {},
      offsetDays: 0,
    });
  };
  const addTask = () =>
    steps.append({
      key: freshKey('task', taken),
      kind: 'task',
      name: '',
      description: '',
      assignee: { kind: 'manager' },
      offsetDays: 0,
    });

  return (
    <Stack maw={960}>
      <Text size="sm">
        <Anchor component={Link} to="/lifecycle/templates">
          Templates
        </Anchor>{' '}
        / {template?.name ?? 'New template'}
      </Text>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {template ? template.name : `New ${KIND_LABEL[kind].toLowerCase()} template`}
        </Title>
        <Badge variant="light">{KIND_LABEL[kind]}</Badge>
      </Group>
      {readOnly ? (
        <Alert color="gray" title="Read only">
          Only admins change templates.
        </Alert>
      ) : null}
      <form noValidate onSubmit={form.handleSubmit((body) => save.mutate(body))}>
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Stack>
            <Card withBorder>
              <Stack>
                <TextInput
                  label="Name"
                  withAsterisk
                  error={errors.name?.message}
                  {...form.register('name')}
                />
                <Textarea
                  label="Description"
                  autosize
                  minRows={2}
                  error={errors.description?.message}
                  {...form.register('description')}
                />
                <Controller
                  control={form.control}
                  name="isActive"
                  render={({ field }) => (
                    <Switch
                      label="Active (offered for new requests)"
                      checked={field.value ?? true}
                      onChange={(e) => field.onChange(e.currentTarget.checked)}
                    />
                  )}
                />
              </Stack>
            </Card>

            <Title order={2} size="h4">
              Steps ({steps.fields.length})
            </Title>
            {typeof errors.steps?.message === 'string' ? (
              <Alert color="red" role="alert">
                {errors.steps.message}
              </Alert>
            ) : null}
            {steps.fields.length === 0 ? (
              <Text c="dimmed">No steps yet: add an action (runs by itself) or a task (for a person).</Text>
            ) : null}
            <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Steps">
              {steps.fields.map((field, i) => (
                <StepEditor
                  key={field.id}
                  index={i}
                  count={steps.fields.length}
                  kind={kind}
                  control={form.control}
                  errors={errors.steps?.[i] as FieldErrors<StepInput> | undefined}
                  onMove={(to) => steps.move(i, to)}
                  onActionChange={(action, previous) => {
                    // A new action starts with its own parameters; a name still its old label follows it.
                    form.setValue(`steps.${i}.params` as 'steps.0.params', {});
                    // A key still named after the old action follows the new one (saved keys stay).
                    const key = form.getValues(`steps.${i}.key`);
                    if (previous && key.startsWith(slugOf(previous))) {
                      const others = new Set(form.getValues('steps').map((st) => st.key));
                      others.delete(key);
                      form.setValue(`steps.${i}.key`, freshKey(action, others));
                    }
                    const name = form.getValues(`steps.${i}.name`);
                    if (!name || (previous && name === ACTION_LABEL[previous]))
                      form.setValue(`steps.${i}.name`, ACTION_LABEL[action]);
                  }}
                  onRemove={() => steps.remove(i)}
                  readOnly={readOnly}
                />
              ))}
            </Stack>
            {!readOnly ? (
              <Group justify="space-between" wrap="wrap">
                <Group gap="xs">
                  <Button variant="default" onClick={addAction}>
                    Add action
                  </Button>
                  <Button variant="default" onClick={addTask}>
                    Add task
                  </Button>
                </Group>
                <Group gap="xs">
                  {template?.abilities.delete ? (
                    <ConfirmButton
                      size="sm"
                      label={`Delete template ${template.name}`}
                      title="Delete this template?"
                      message="Requests already made from it keep their steps."
                      confirm="Delete"
                      onConfirm={() => remove.mutate()}
                      loading={remove.isPending}
                    >
                      Delete
                    </ConfirmButton>
                  ) : null}
                  <Button type="submit" loading={save.isPending}>
                    Save template
                  </Button>
                </Group>
              </Group>
            ) : null}
          </Stack>
        </fieldset>
      </form>
    </Stack>
  );
}

function StepEditor({
  index,
  count,
  kind,
  control,
  errors,
  onMove,
  onActionChange,
  onRemove,
  readOnly,
}: {
  index: number;
  count: number;
  kind: LifecycleKind;
  control: Control<Input>;
  errors: FieldErrors<StepInput> | undefined;
  onMove: (to: number) => void;
  onActionChange: (action: LifecycleActionType, previous: LifecycleActionType | undefined) => void;
  onRemove: () => void;
  readOnly: boolean;
}) {
  const step = useWatch({ control, name: `steps.${index}` });
  const label = `Step ${index + 1}${step.name ? `: ${step.name}` : ''}`;
  const err = errors as Record<string, { message?: string } | undefined> | undefined;
  return (
    <Card withBorder component="li" padding="sm" aria-label={label}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="xs">
            <Badge variant="light" color={step.kind === 'action' ? 'indigo' : 'grape'}>
              {index + 1} · {step.kind === 'action' ? 'Action' : 'Task'}
            </Badge>
            <Text size="xs" c="dimmed">
              key {step.key}
            </Text>
          </Group>
          {!readOnly ? (
            <Group gap={4} wrap="nowrap">
              <ActionIcon
                variant="subtle"
                color="gray"
                disabled={index === 0}
                onClick={() => onMove(index - 1)}
                aria-label={`Move step ${index + 1} up`}
              >
                <IconArrowUp size={16} aria-hidden />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="gray"
                disabled={index === count - 1}
                onClick={() => onMove(index + 1)}
                aria-label={`Move step ${index + 1} down`}
              >
                <IconArrowDown size={16} aria-hidden />
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="red"
                onClick={onRemove}
                aria-label={`Remove step ${index + 1}`}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ) : null}
        </Group>
        <Group grow align="flex-start" wrap="wrap">
          {step.kind === 'action' ? (
            <Controller
              control={control}
              name={`steps.${index}.action` as `steps.0.action`}
              render={({ field }) => (
                <Select
                  label="Action"
                  allowDeselect={false}
                  searchable
                  miw={240}
                  data={[kind, kind === 'onboarding' ? 'offboarding' : 'onboarding'].map((k) => ({
                    group: k === 'onboarding' ? 'Joiners' : 'Leavers',
                    items: actionsOf(k as LifecycleKind).map((a) => ({ value: a, label: ACTION_LABEL[a] })),
                  }))}
                  value={(field.value as string | undefined) ?? null}
                  onChange={(v) => {
                    if (!v) return;
                    const previous = field.value as LifecycleActionType | undefined;
                    field.onChange(v);
                    onActionChange(v as LifecycleActionType, previous);
                  }}
                  error={err?.action?.message}
                />
              )}
            />
          ) : null}
          <Controller
            control={control}
            name={`steps.${index}.name`}
            render={({ field }) => (
              <TextInput
                label={step.kind === 'task' ? 'Task title' : 'Step name'}
                withAsterisk
                miw={240}
                value={field.value}
                onChange={field.onChange}
                error={err?.name?.message}
              />
            )}
          />
          <Controller
            control={control}
            name={`steps.${index}.offsetDays`}
            render={({ field }) => (
              <NumberInput
                label={step.kind === 'task' ? 'Due, days from the date' : 'Runs, days from the date'}
                description="Negative: before"
                min={-60}
                max={365}
                maw={200}
                value={field.value ?? 0}
                onChange={(v) => field.onChange(typeof v === 'number' ? v : Number(v) || 0)}
                error={err?.offsetDays?.message}
              />
            )}
          />
        </Group>
        {step.kind === 'action' ? (
          <>
            <Controller
              control={control}
              name={`steps.${index}.params` as `steps.0.params`}
              render={({ field }) => (
                <ParamsEditor
                  action={step.action}
                  value={(field.value as Params | undefined) ?? {}}
                  onChange={field.onChange}
                  error={err?.params?.message}
                />
              )}
            />
            <ScopesNeeded action={step.action} />
          </>
        ) : (
          <TaskFields index={index} control={control} errors={err} />
        )}
        <Conditions index={index} control={control} />
      </Stack>
    </Card>
  );
}

function TaskFields({
  index,
  control,
  errors,
}: {
  index: number;
  control: Control<Input>;
  errors: Record<string, { message?: string } | undefined> | undefined;
}) {
  return (
    <>
      <Controller
        control={control}
        name={`steps.${index}.description` as `steps.0.description`}
        render={({ field }) => (
          <Textarea
            label="What to do"
            autosize
            minRows={2}
            value={(field.value as string | undefined) ?? ''}
            onChange={field.onChange}
            error={errors?.description?.message}
          />
        )}
      />
      <Controller
        control={control}
        name={`steps.${index}.assignee` as `steps.0.assignee`}
        render={({ field }) => {
          const a = (field.value as { kind: string; role?: string; email?: string } | undefined) ?? {
            kind: 'manager',
          };
          return (
            <Group grow align="flex-start" wrap="wrap">
              <Select
                label="Assign to"
                allowDeselect={false}
                miw={200}
                data={[
                  { value: 'manager', label: 'The person’s manager' },
                  { value: 'role', label: 'A role (first free)' },
                  { value: 'user', label: 'Someone named' },
                ]}
                value={a.kind}
                onChange={(v) =>
                  field.onChange(
                    v === 'role'
                      ? { kind: 'role', role: 'manager' }
                      : v === 'user'
                        ? { kind: 'user', email: '' }
                        : { kind: 'manager' },
                  )
                }
              />
              {a.kind === 'role' ? (
                <Select
                  label="Role"
                  allowDeselect={false}
                  miw={160}
                  data={[
                    { value: 'manager', label: 'Manager (IT staff)' },
                    { value: 'admin', label: 'Admin' },
                  ]}
                  value={a.role ?? 'manager'}
                  onChange={(v) => field.onChange({ kind: 'role', role: v ?? 'manager' })}
                />
              ) : null}
              {a.kind === 'user' ? (
                <TextInput
                  label="Their email"
                  type="email"
                  miw={220}
                  value={a.email ?? ''}
                  onChange={(e) => field.onChange({ kind: 'user', email: e.currentTarget.value })}
                  error={errors?.assignee?.message}
                />
              ) : null}
            </Group>
          );
        }}
      />
    </>
  );
}

/** Runs only for matching people: OUs, departments, employee types (empty: everyone). */
function Conditions({ index, control }: { index: number; control: Control<Input> }) {
  const fields = [
    ['orgUnitPaths', 'Only in these OUs', '/Sales'],
    ['departments', 'Only these departments', 'Sales'],
    ['employeeTypes', 'Only these employee types', 'Contractor'],
  ] as const;
  return (
    <Controller
      control={control}
      name={`steps.${index}.conditions`}
      render={({ field }) => {
        const c = field.value ?? {};
        const any = Object.values(c).some((v) => Array.isArray(v) && v.length > 0);
        return (
          <details open={any}>
            <summary>
              <Text span size="sm">
                Conditions {any ? '(set)' : '(none: runs for everyone)'}
              </Text>
            </summary>
            <Group grow align="flex-start" wrap="wrap" mt="xs">
              {fields.map(([name, label, placeholder]) => (
                <TagsInput
                  key={name}
                  label={label}
                  placeholder={placeholder}
                  miw={200}
                  value={c[name] ?? []}
                  onChange={(v) => field.onChange({ ...c, [name]: v })}
                />
              ))}
            </Group>
          </details>
        );
      }}
    />
  );
}

/** The Google scopes this action needs, each ✓ granted, ✗ missing or ? (Google not set up). */
function ScopesNeeded({ action }: { action: LifecycleActionType | undefined }) {
  const scopes = useQuery(scopesQuery);
  if (!action) return null;
  if (action.startsWith('helios.'))
    return (
      <Text size="xs" c="dimmed">
        Acts on Helios only: no Google scope needed.
      </Text>
    );
  const needed = (scopes.data ?? []).filter((s) => s.actions.includes(action));
  if (!scopes.data) return null;
  return (
    <Group gap={6} wrap="wrap">
      <Text size="xs" c="dimmed">
        Needs
      </Text>
      {needed.map((s) => (
        <Badge
          key={s.scope}
          size="sm"
          variant="outline"
          color={s.granted === true ? 'teal.9' : s.granted === false ? 'red.9' : 'gray.8'}
          style={{ textTransform: 'none' }}
        >
          {s.granted === true ? '✓' : s.granted === false ? '✗' : '?'}{' '}
          {s.scope.replace('https://www.googleapis.com/auth/', '')}
        </Badge>
      ))}
    </Group>
  );
}

/** `productId/skuId` ↔ `{ productId, skuId }` for license lists typed as tags. */
const skusOf = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
        .filter(
          (s): s is { productId: string; skuId: string } =>
            typeof s === 'object' && s !== null && 'skuId' in s,
        )
        .map((s) => `${s.productId}/${s.skuId}`)
    : [];
const toSkus = (tags: string[]) =>
  tags.map((t) => {
    const [productId = '', skuId = ''] = t.split('/').map((x) => x.trim());
    return { productId, skuId };
  });

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A small form for the parameters of the common actions; the API validates each action's own. */
function ParamsEditor({
  action,
  value,
  onChange,
  error,
}: {
  action: LifecycleActionType | undefined;
  value: Params;
  onChange: (v: Params) => void;
  error: string | undefined;
}) {
  const set = (key: string, v: unknown) => {
    const empty = v === '' || v === undefined || (Array.isArray(v) && v.length === 0);
    onChange({
      ...Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)),
      ...(empty ? {} : { [key]: v }),
    });
  };
  let body: React.ReactNode;
  switch (action) {
    case 'google.addToGroups':
      body = (
        <TagsInput
          label="Groups"
          description="Group emails; Enter after each"
          value={Array.isArray(value.groups) ? value.groups.map(String) : []}
          onChange={(v) => set('groups', v)}
        />
      );
      break;
    case 'google.assignLicenses':
      body = (
        <TagsInput
          label="Licenses"
          description="productId/skuId, e.g. Google-Apps/1010020020"
          value={skusOf(value.skus)}
          onChange={(v) => set('skus', toSkus(v))}
        />
      );
      break;
    case 'google.changeLicenses': {
      const all = value.remove === 'all' || value.remove === undefined;
      body = (
        <Stack gap="xs">
          <Switch
            label="Remove every license"
            checked={all}
            onChange={(e) => set('remove', e.currentTarget.checked ? 'all' : [])}
          />
          {!all ? (
            <TagsInput
              label="Licenses to remove"
              description="productId/skuId"
              value={skusOf(value.remove)}
              onChange={(v) => onChange({ ...value, remove: toSkus(v) })}
            />
          ) : null}
          <TagsInput
            label="Then assign"
            description="productId/skuId, e.g. Google-Apps/1010340001 (Archived User)"
            value={skusOf(value.assign)}
            onChange={(v) => set('assign', toSkus(v))}
          />
        </Stack>
      );
      break;
    }
    case 'helios.assignAssets': {
      const from = (value.fromStorage as { category?: string } | undefined)?.category ?? '';
      body = (
        <TextInput
          label="An asset from storage, of this type"
          description="e.g. laptop; the first free one is assigned"
          value={from}
          onChange={(e) =>
            set('fromStorage', e.currentTarget.value ? { category: e.currentTarget.value } : undefined)
          }
        />
      );
      break;
    }
    case 'helios.fileTicket':
      body = (
        <Stack gap="xs">
          <TextInput
            label="Ticket subject"
            value={str(value.subject)}
            onChange={(e) => set('subject', e.currentTarget.value)}
          />
          <Textarea
            label="Ticket details"
            autosize
            minRows={2}
            value={str(value.body)}
            onChange={(e) => set('body', e.currentTarget.value)}
          />
          <Select
            label="Priority"
            data={['low', 'medium', 'high', 'urgent']}
            value={str(value.priority) || null}
            onChange={(v) => set('priority', v ?? undefined)}
            clearable
            maw={200}
          />
        </Stack>
      );
      break;
    case 'google.setMailForwarding':
    case 'google.addMailDelegate':
    case 'google.transferData':
      body = (
        <TextInput
          label="To"
          description="manager (the person’s manager) or an email address"
          placeholder="manager"
          value={str(value.to)}
          onChange={(e) => set('to', e.currentTarget.value.trim())}
        />
      );
      break;
    case 'google.setVacationResponder':
      body = (
        <Stack gap="xs">
          <TextInput
            label="Auto-reply subject"
            value={str(value.subject)}
            onChange={(e) => set('subject', e.currentTarget.value)}
          />
          <Textarea
            label="Auto-reply message"
            autosize
            minRows={2}
            value={str(value.message)}
            onChange={(e) => set('message', e.currentTarget.value)}
          />
        </Stack>
      );
      break;
    case 'google.wipeMobileDevices':
      body = (
        <Select
          label="Wipe"
          allowDeselect={false}
          maw={320}
          data={[
            { value: 'admin_account_wipe', label: 'The work account only' },
            { value: 'admin_remote_wipe', label: 'The whole device' },
          ]}
          value={str(value.mode) || 'admin_account_wipe'}
          onChange={(v) => set('mode', v)}
        />
      );
      break;
    case 'google.moveOrgUnit':
      body = (
        <TextInput
          label="Organizational unit"
          placeholder="/Leavers"
          value={str(value.orgUnitPath)}
          onChange={(e) => set('orgUnitPath', e.currentTarget.value)}
        />
      );
      break;
    default:
      body = (
        <Text size="xs" c="dimmed">
          No parameters: it uses the person’s own details.
        </Text>
      );
  }
  return (
    <Stack gap={4}>
      {body}
      {error ? (
        <Text size="xs" c="red.9" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}
