import { notifications } from '@mantine/notifications';
import {
  type MailSettings,
  type MailSettingsInput,
  mailSettingsInputSchema,
  type NotificationChannel,
  type NotificationType,
} from '@helios/shared';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Button,
  Card,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { api } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { blankToUndefined, formError } from '../components/settings/form-errors.ts';

const CHANNELS: { value: NotificationChannel; label: string }[] = [
  { value: 'both', label: 'Email and Helios' },
  { value: 'email', label: 'Email only' },
  { value: 'in_app', label: 'Helios only' },
  { value: 'none', label: 'Nothing' },
];

const TYPE_LABELS: Record<NotificationType, string> = {
  ticket_received: 'My request was received',
  ticket_reply: 'Replies on tickets',
  ticket_status_changed: 'Status of my tickets',
  ticket_assigned: 'A ticket is assigned to me',
  ticket_feedback: 'Feedback on my tickets',
  domain_expiring: 'Domains expiring',
  certificate_expiring: 'Certificates expiring',
  license_expiring: 'Licenses expiring',
  warranty_expiring: 'Warranties ending',
  lifecycle_task: 'Onboarding and offboarding tasks',
};

interface Preference {
  type: NotificationType;
  channel: NotificationChannel;
  custom: boolean;
}

/** Where each kind of notification reaches me (every user). */
export function NotificationPreferencesCard() {
  const queryClient = useQueryClient();
  const prefs = useQuery({
    queryKey: ['notification-preferences'],
    queryFn: () => api<Preference[]>('GET', '/me/notification-preferences'),
  });
  const save = useMutation({
    mutationFn: (change: { type: NotificationType; channel: NotificationChannel }) =>
      api<Preference[]>('PUT', '/me/notification-preferences', { preferences: [change] }),
    onSuccess: (data) => queryClient.setQueryData(['notification-preferences'], data),
    onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: error.message }),
  });
  return (
    <Card withBorder component="section" aria-labelledby="notification-preferences-heading">
      <Stack>
        <div>
          <Title order={2} size="h4" id="notification-preferences-heading">
            Notifications
          </Title>
          <Text size="sm" c="dimmed">
            How each kind of notification reaches you.
          </Text>
        </div>
        {prefs.isPending ? <LoadingState label="Loading preferences…" /> : null}
        {prefs.isError ? <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} /> : null}
        {prefs.data ? (
          <Table aria-label="Notification preferences">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Notification</Table.Th>
                <Table.Th scope="col">Reaches me by</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {prefs.data.data.map((p) => (
                <Table.Tr key={p.type}>
                  <Table.Td>{TYPE_LABELS[p.type]}</Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      aria-label={`${TYPE_LABELS[p.type]}: channel`}
                      data={CHANNELS}
                      value={p.channel}
                      allowDeselect={false}
                      onChange={(value) => {
                        if (value) save.mutate({ type: p.type, channel: value as NotificationChannel });
                      }}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
      </Stack>
    </Card>
  );
}

/** The admin's mail settings: transport, support address, watched mailbox, a test email. */
export function MailSettingsCard() {
  const settings = useQuery({
    queryKey: ['mail-settings'],
    queryFn: () => api<MailSettings>('GET', '/settings/mail'),
  });
  return (
    <Card withBorder component="section" aria-labelledby="mail-heading">
      <Stack>
        <div>
          <Title order={2} size="h4" id="mail-heading">
            Mail
          </Title>
          <Text size="sm" c="dimmed">
            How Helios sends email, and the support mailbox whose mail becomes tickets.
          </Text>
        </div>
        {settings.isPending ? <LoadingState label="Loading mail settings…" /> : null}
        {settings.isError ? (
          <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
        ) : null}
        {settings.data ? <MailForm current={settings.data.data} /> : null}
      </Stack>
    </Card>
  );
}

function MailForm({ current }: { current: MailSettings }) {
  const queryClient = useQueryClient();
  const form = useForm<MailSettingsInput>({
    resolver: zodResolver(mailSettingsInputSchema),
    // Hidden fields leave the values: switching to Gmail sends no half-filled SMTP block.
    shouldUnregister: true,
    defaultValues: {
      transport: current.transport ?? 'gmail',
      fromAddress: current.fromAddress ?? '',
      watchMailbox: current.watchMailbox ?? null,
      consoleUrl: current.consoleUrl ?? window.location.origin,
      ...(current.smtp
        ? {
            smtp: {
              host: current.smtp.host,
              port: current.smtp.port,
              secure: current.smtp.secure,
              ...(current.smtp.user ? { user: current.smtp.user } : {}),
            },
          }
        : {}),
    },
  });
  const transport = useWatch({ control: form.control, name: 'transport' });
  const save = useMutation({
    mutationFn: (input: MailSettingsInput) => api<MailSettings>('PUT', '/settings/mail', input),
    onSuccess: (data) => {
      queryClient.setQueryData(['mail-settings'], data);
      form.resetField('smtp.password');
      notifications.show({ title: 'Saved', message: 'Mail settings saved.' });
    },
    onError: (error) => formError(form.setError, error, 'Not saved'),
  });
  const test = useMutation({
    mutationFn: () => api<{ to: string }>('POST', '/settings/mail/test', {}),
    onSuccess: (data) =>
      notifications.show({ title: 'Sent', message: `A test email went to ${data.data.to}.` }),
    onError: (error) => notifications.show({ color: 'red', title: 'Not sent', message: error.message }),
  });
  const { errors } = form.formState;
  const nullWhenBlank = (v: unknown) => blankToUndefined(v) ?? null;
  return (
    <form onSubmit={(e) => void form.handleSubmit((v) => save.mutate(v))(e)} noValidate>
      <Stack gap="sm">
        <Controller
          control={form.control}
          name="transport"
          render={({ field }) => (
            <Select
              label="Send with"
              data={[
                { value: 'gmail', label: 'Gmail API (the Google connection’s service account)' },
                { value: 'smtp', label: 'An SMTP server' },
              ]}
              value={field.value}
              allowDeselect={false}
              onChange={(v) => field.onChange(v === 'smtp' ? 'smtp' : 'gmail')}
            />
          )}
        />
        <TextInput
          label="Support address"
          type="email"
          required
          error={errors.fromAddress?.message}
          {...form.register('fromAddress')}
        />
        {transport === 'gmail' ? (
          <TextInput
            label="Mailbox that becomes tickets"
            description="Leave empty to watch none."
            type="email"
            error={errors.watchMailbox?.message}
            {...form.register('watchMailbox', { setValueAs: nullWhenBlank })}
          />
        ) : (
          <>
            <Group grow align="flex-start">
              <TextInput
                label="SMTP host"
                required
                error={errors.smtp?.host?.message ?? errors.smtp?.message}
                {...form.register('smtp.host')}
              />
              <Controller
                control={form.control}
                name="smtp.port"
                defaultValue={587}
                render={({ field }) => (
                  <NumberInput
                    label="Port"
                    min={1}
                    max={65535}
                    value={field.value}
                    onChange={(v) => field.onChange(Number(v))}
                    onBlur={field.onBlur}
                    error={errors.smtp?.port?.message}
                  />
                )}
              />
              <TextInput
                label="User"
                error={errors.smtp?.user?.message}
                {...form.register('smtp.user', { setValueAs: blankToUndefined })}
              />
              <PasswordInput
                label="Password"
                description={current.smtp?.passwordSet ? 'Stored; leave empty to keep it.' : undefined}
                autoComplete="off"
                error={errors.smtp?.password?.message}
                {...form.register('smtp.password', { setValueAs: blankToUndefined })}
              />
            </Group>
            <Switch
              label="TLS from the start (port 465)"
              defaultChecked={current.smtp?.secure ?? false}
              {...form.register('smtp.secure')}
            />
          </>
        )}
        <TextInput
          label="Console address (links in emails)"
          type="url"
          error={errors.consoleUrl?.message}
          {...form.register('consoleUrl', { setValueAs: nullWhenBlank })}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save mail settings
          </Button>
          <Button
            variant="default"
            onClick={() => test.mutate()}
            loading={test.isPending}
            disabled={!current.configured}
          >
            Send a test email to me
          </Button>
        </Group>
        {current.lastPollAt ? (
          <Text size="xs" c="dimmed">
            Mailbox last read {new Date(current.lastPollAt).toLocaleString()} (
            {current.lastPollStatus ?? 'unknown'}){current.lastPollError ? `: ${current.lastPollError}` : ''}
          </Text>
        ) : null}
      </Stack>
    </form>
  );
}
