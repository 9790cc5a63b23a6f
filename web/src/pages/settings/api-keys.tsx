import { notifications } from '@mantine/notifications';
import { type ApiKey, type CreateApiKeyInput, createApiKeySchema } from '@helios/shared';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { api } from '../../api.ts';
import { ConfirmButton } from '../../components/settings/confirm-button.tsx';
import { ScrollTable } from '../../components/settings/scroll-table.tsx';
import { blankToUndefined, dateToTimestamp, formError } from '../../components/settings/form-errors.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';

/** The create answer: the key and, this once, its secret. */
type CreatedKey = ApiKey & { key: string };

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** GET/POST /api-keys, POST /api-keys/:id/revoke — the secret is shown once, right after creation. */
export function ApiKeysSection() {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<CreatedKey>();
  // One page: GET /api-keys answers every key at once (a handful per organization).
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => api<ApiKey[]>('GET', '/api-keys') });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => api<ApiKey>('POST', `/api-keys/${key.id}/revoke`),
    onSuccess: async (data) => {
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
      if (created?.id === data.data.id) setCreated(undefined);
      notifications.show({ title: 'Revoked', message: `“${data.data.name}” no longer signs anyone in.` });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Not revoked', message: error.message }),
  });
  return (
    <Stack>
      <CreateKey onCreated={setCreated} />
      {created ? (
        <Alert color="teal.9" variant="outline" title={`Key “${created.name}” created`} role="status">
          <Stack gap="xs">
            <Text size="sm">Copy it now: Helios keeps only its hash and cannot show it again.</Text>
            <Group gap="xs" wrap="nowrap">
              <Code style={{ wordBreak: 'break-all' }} aria-label="The new API key" data-testid="new-api-key">
                {created.key}
              </Code>
              <CopyButton value={created.key}>
                {({ copied, copy }) => (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={copy}
                    leftSection={
                      copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />
                    }
                  >
                    {copied ? 'Copied' : 'Copy key'}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Group>
              <Button size="xs" variant="subtle" onClick={() => setCreated(undefined)}>
                I have stored it; hide the key
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      <Card withBorder component="section" aria-labelledby="keys-heading">
        <Stack>
          <Title order={2} size="h4" id="keys-heading">
            Keys
          </Title>
          {keys.isPending ? <LoadingState label="Loading API keys…" /> : null}
          {keys.isError ? <ErrorState error={keys.error} onRetry={() => void keys.refetch()} /> : null}
          {keys.data && keys.data.data.length === 0 ? (
            <EmptyState title="No API keys">Create one above for a script or an integration.</EmptyState>
          ) : null}
          {keys.data && keys.data.data.length > 0 ? (
            <ScrollTable minWidth={720} label="API keys">
              <Table aria-label="API keys">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Name</Table.Th>
                    <Table.Th scope="col">Acts as</Table.Th>
                    <Table.Th scope="col">Created</Table.Th>
                    <Table.Th scope="col">Last used</Table.Th>
                    <Table.Th scope="col">Expires</Table.Th>
                    <Table.Th scope="col">
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {keys.data.data.map((k) => (
                    <Table.Tr key={k.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {k.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {k.prefix}…
                        </Text>
                      </Table.Td>
                      <Table.Td>{k.userEmail}</Table.Td>
                      <Table.Td>{when(k.createdAt)}</Table.Td>
                      <Table.Td>{when(k.lastUsedAt)}</Table.Td>
                      <Table.Td>{k.expiresAt ? when(k.expiresAt) : 'never'}</Table.Td>
                      <Table.Td>
                        {k.revokedAt ? (
                          <Badge color="gray.7">Revoked {new Date(k.revokedAt).toLocaleDateString()}</Badge>
                        ) : (
                          <ConfirmButton
                            label={`Revoke key: ${k.name}`}
                            title={`Revoke “${k.name}”?`}
                            message={`Everything using this key (acting as ${k.userEmail}) stops working at once. This cannot be undone.`}
                            confirm="Revoke the key"
                            onConfirm={() => revoke.mutate(k)}
                          >
                            Revoke
                          </ConfirmButton>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          ) : null}
        </Stack>
      </Card>
    </Stack>
  );
}

function CreateKey({ onCreated }: { onCreated: (key: CreatedKey) => void }) {
  const queryClient = useQueryClient();
  const form = useForm({
    resolver: zodResolver(createApiKeySchema),
    defaultValues: { name: '' },
  });
  const create = useMutation({
    mutationFn: (input: CreateApiKeyInput) => api<CreatedKey>('POST', '/api-keys', input),
    onSuccess: async (data) => {
      onCreated(data.data);
      form.reset({ name: '' });
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (error) => formError(form.setError, error, 'Not created'),
  });
  const { errors } = form.formState;
  return (
    <Card withBorder component="section" aria-labelledby="new-key-heading">
      <form onSubmit={(e) => void form.handleSubmit((v) => create.mutate(v))(e)} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="new-key-heading">
            New API key
          </Title>
          <Group grow align="flex-start">
            <TextInput
              label="Name"
              description="What uses it, e.g. “Inventory script”"
              required
              error={errors.name?.message}
              {...form.register('name')}
            />
            <TextInput
              label="Acts as (email)"
              description="Empty: you. The key can do what that person can."
              type="email"
              error={errors.userEmail?.message}
              {...form.register('userEmail', { setValueAs: blankToUndefined })}
            />
            <TextInput
              label="Expires on"
              description="Empty: never."
              type="date"
              error={errors.expiresAt?.message}
              {...form.register('expiresAt', { setValueAs: dateToTimestamp })}
            />
          </Group>
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
