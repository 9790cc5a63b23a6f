import { notifications } from '@mantine/notifications';
import {
  type GoogleSettings,
  type GoogleSettingsInput as Input,
  googleSettingsInputSchema,
} from '@helios/shared';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Controller, useForm } from 'react-hook-form';
import { api } from '../../api.ts';
import { blankToUndefined, formError } from '../../components/settings/form-errors.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';

/** GET/PUT /settings/google: the service account (its key is never shown back), admin, customer. */
export function GoogleSection() {
  const settings = useQuery({
    queryKey: ['settings', 'google'],
    queryFn: () => api<GoogleSettings>('GET', '/settings/google'),
  });
  if (settings.isPending) return <LoadingState label="Loading the Google connection…" />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  return <GoogleForm current={settings.data.data} />;
}

function GoogleForm({ current }: { current: GoogleSettings }) {
  const queryClient = useQueryClient();
  const form = useForm<Input>({
    resolver: zodResolver(googleSettingsInputSchema),
    defaultValues: {
      serviceAccountKey: '',
      adminEmail: current.adminEmail ?? '',
      ...(current.customerId ? { customerId: current.customerId } : {}),
      ...(current.syncIntervalMinutes ? { syncIntervalMinutes: current.syncIntervalMinutes } : {}),
    },
  });
  const save = useMutation({
    mutationFn: (input: Input) => api<GoogleSettings>('PUT', '/settings/google', input),
    onSuccess: (data) => {
      queryClient.setQueryData(['settings', 'google'], data);
      form.reset({ ...form.getValues(), serviceAccountKey: '' });
      notifications.show({ title: 'Saved', message: 'Google Workspace connection saved and checked.' });
    },
    onError: (error) => formError(form.setError, error, 'Not saved'),
  });
  const { errors } = form.formState;
  return (
    <Stack>
      <Card withBorder component="section" aria-labelledby="google-now">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={2} size="h4" id="google-now">
              Connection
            </Title>
            <Badge color={current.configured ? 'teal.9' : 'gray.7'}>
              {current.configured ? 'Connected' : 'Not connected'}
            </Badge>
          </Group>
          <Text size="sm">Service account: {current.serviceAccountEmail ?? 'none yet'}</Text>
          <Text size="sm">Service-account key: {current.configured ? 'set (never shown)' : 'not set'}</Text>
          <Text size="sm">
            Last sync:{' '}
            {current.lastSyncAt
              ? `${new Date(current.lastSyncAt).toLocaleString()} (${current.lastSyncStatus ?? 'unknown'})`
              : 'never'}
          </Text>
        </Stack>
      </Card>
      <Card withBorder component="section" aria-labelledby="google-edit">
        <form onSubmit={(e) => void form.handleSubmit((v) => save.mutate(v))(e)} noValidate>
          <Stack gap="sm">
            <Title order={2} size="h4" id="google-edit">
              {current.configured ? 'Replace the connection' : 'Connect Google Workspace'}
            </Title>
            <Textarea
              label="Service-account key (JSON)"
              description="The key file of a service account with domain-wide delegation. Paste it on every save: the stored key is never sent back."
              autosize
              minRows={3}
              maxRows={8}
              required
              error={errors.serviceAccountKey?.message}
              {...form.register('serviceAccountKey')}
            />
            <Group grow align="flex-start">
              <TextInput
                label="Admin to act as"
                type="email"
                required
                error={errors.adminEmail?.message}
                {...form.register('adminEmail')}
              />
              <TextInput
                label="Customer id"
                description="my_customer, or C01abc23d"
                error={errors.customerId?.message}
                {...form.register('customerId', { setValueAs: blankToUndefined })}
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
