import type { MailSettings, NotificationChannel, NotificationType } from '@helios/shared';
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
import { useState } from 'react';
import { api } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { toast } from '../components/settings/toast.ts';

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
    onError: (error) => toast({ color: 'red', title: 'Not saved', message: error.message }),
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
  const [transport, setTransport] = useState<'gmail' | 'smtp'>(current.transport ?? 'gmail');
  const [fromAddress, setFromAddress] = useState(current.fromAddress ?? '');
  const [watchMailbox, setWatchMailbox] = useState(current.watchMailbox ?? '');
  const [consoleUrl, setConsoleUrl] = useState(current.consoleUrl ?? window.location.origin);
  const [host, setHost] = useState(current.smtp?.host ?? '');
  const [port, setPort] = useState<number>(current.smtp?.port ?? 587);
  const [secure, setSecure] = useState(current.smtp?.secure ?? false);
  const [user, setUser] = useState(current.smtp?.user ?? '');
  const [password, setPassword] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api<MailSettings>('PUT', '/settings/mail', {
        transport,
        fromAddress,
        watchMailbox: transport === 'gmail' && watchMailbox ? watchMailbox : null,
        consoleUrl: consoleUrl || null,
        ...(transport === 'smtp'
          ? { smtp: { host, port, secure, ...(user ? { user } : {}), ...(password ? { password } : {}) } }
          : {}),
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(['mail-settings'], data);
      setPassword('');
      toast({ title: 'Saved', message: 'Mail settings saved.' });
    },
    onError: (error) => toast({ color: 'red', title: 'Not saved', message: error.message }),
  });
  const test = useMutation({
    mutationFn: () => api<{ to: string }>('POST', '/settings/mail/test', {}),
    onSuccess: (data) => toast({ title: 'Sent', message: `A test email went to ${data.data.to}.` }),
    onError: (error) => toast({ color: 'red', title: 'Not sent', message: error.message }),
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <Select
          label="Send with"
          data={[
            { value: 'gmail', label: 'Gmail API (the Google connection’s service account)' },
            { value: 'smtp', label: 'An SMTP server' },
          ]}
          value={transport}
          allowDeselect={false}
          onChange={(v) => setTransport(v === 'smtp' ? 'smtp' : 'gmail')}
        />
        <TextInput
          label="Support address"
          type="email"
          required
          value={fromAddress}
          onChange={(e) => setFromAddress(e.currentTarget.value)}
        />
        {transport === 'gmail' ? (
          <TextInput
            label="Mailbox that becomes tickets"
            description="Leave empty to watch none."
            type="email"
            value={watchMailbox}
            onChange={(e) => setWatchMailbox(e.currentTarget.value)}
          />
        ) : (
          <Group grow align="flex-start">
            <TextInput
              label="SMTP host"
              required
              value={host}
              onChange={(e) => setHost(e.currentTarget.value)}
            />
            <NumberInput label="Port" min={1} max={65535} value={port} onChange={(v) => setPort(Number(v))} />
            <TextInput label="User" value={user} onChange={(e) => setUser(e.currentTarget.value)} />
            <PasswordInput
              label="Password"
              description={current.smtp?.passwordSet ? 'Stored; leave empty to keep it.' : undefined}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
          </Group>
        )}
        {transport === 'smtp' ? (
          <Switch
            label="TLS from the start (port 465)"
            checked={secure}
            onChange={(e) => setSecure(e.currentTarget.checked)}
          />
        ) : null}
        <TextInput
          label="Console address (links in emails)"
          type="url"
          value={consoleUrl}
          onChange={(e) => setConsoleUrl(e.currentTarget.value)}
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
