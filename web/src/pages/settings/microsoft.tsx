import { notifications } from '@mantine/notifications';
import {
  type MicrosoftSettings,
  type MicrosoftSettingsInput as Input,
  microsoftSettingsInputSchema,
} from '@helios/shared';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Controller, useForm } from 'react-hook-form';
import { api } from '../../api.ts';
import { blankToUndefined, formError } from '../../components/settings/form-errors.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';

/**
 * GET/PUT /settings/microsoft: the tenant and app registration. The client secret is write-only:
 * the page says whether one is set, never what it is. (A certificate instead of a secret is
 * accepted by the API: `PUT /settings/microsoft` with `certificate`.)
 */
export function MicrosoftSection() {
  const settings = useQuery({
    queryKey: ['settings', 'microsoft'],
    queryFn: () => api<MicrosoftSettings>('GET', '/settings/microsoft'),
  });
  if (settings.isPending) return <LoadingState label="Loading the Microsoft connection…" />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  return <MicrosoftForm current={settings.data.data} />;
}

function MicrosoftForm({ current }: { current: MicrosoftSettings }) {
  const queryClient = useQueryClient();
  const form = useForm<Input>({
    resolver: zodResolver(microsoftSettingsInputSchema),
    defaultValues: {
      tenantId: current.tenantId ?? '',
      clientId: current.clientId ?? '',
      ...(current.syncIntervalMinutes ? { syncIntervalMinutes: current.syncIntervalMinutes } : {}),
    },
  });
  const save = useMutation({
    mutationFn: (input: Input) => api<MicrosoftSettings>('PUT', '/settings/microsoft', input),
    onSuccess: (data) => {
      queryClient.setQueryData(['settings', 'microsoft'], data);
      form.reset({ ...form.getValues(), clientSecret: undefined });
      notifications.show({ title: 'Saved', message: 'Microsoft 365 connection saved and checked.' });
    },
    onError: (error) => formError(form.setError, error, 'Not saved'),
  });
  const { errors } = form.formState;
  return (
    <Stack>
      <Card withBorder component="section" aria-labelledby="microsoft-now">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={2} size="h4" id="microsoft-now">
              Connection
            </Title>
            <Badge color={current.configured ? 'teal.9' : 'gray.7'}>
              {current.configured ? 'Connected' : 'Not connected'}
            </Badge>
          </Group>
          <Text size="sm">Tenant: {current.tenantId ?? 'none yet'}</Text>
          <Text size="sm">Application: {current.clientId ?? 'none yet'}</Text>
          <Text size="sm">
            Client secret or certificate: {current.configured ? 'set (never shown)' : 'not set'}
          </Text>
          <Text size="sm">
            Last sync:{' '}
            {current.lastSyncAt
              ? `${new Date(current.lastSyncAt).toLocaleString()} (${current.lastSyncStatus ?? 'unknown'})`
              : 'never'}
          </Text>
        </Stack>
      </Card>
      <Card withBorder component="section" aria-labelledby="microsoft-edit">
        <form onSubmit={(e) => void form.handleSubmit((v) => save.mutate(v))(e)} noValidate>
          <Stack gap="sm">
            <Title order={2} size="h4" id="microsoft-edit">
              {current.configured ? 'Replace the connection' : 'Connect Microsoft 365'}
            </Title>
            <Group grow align="flex-start">
              <TextInput
                label="Directory (tenant) id"
                required
                error={errors.tenantId?.message}
                {...form.register('tenantId')}
              />
              <TextInput
                label="Application (client) id"
                required
                error={errors.clientId?.message}
                {...form.register('clientId')}
              />
            </Group>
            <Group grow align="flex-start">
              <PasswordInput
                label="Client secret"
                description={
                  current.configured
                    ? 'Set. Enter it again to save a change.'
                    : 'A secret of the app registration.'
                }
                autoComplete="off"
                required
                error={errors.clientSecret?.message}
                {...form.register('clientSecret', { setValueAs: blankToUndefined })}
              />
              <Controller
                control={form.control}
                name="syncIntervalMinutes"
                render={({ field }) => (
                  <NumberInput
                    label="Sync every (minutes)"
                    min={5}
                    max={1440}
                    value={field.value ?? ''}
                    onChange={(v) => field.onChange(typeof v === 'number' ? v : undefined)}
                    onBlur={field.onBlur}
                    error={errors.syncIntervalMinutes?.message}
                  />
                )}
              />
            </Group>
            <Group>
              <Button type="submit" loading={save.isPending}>
                Save and check the connection
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
