import type { CredentialReveal } from '@helios/shared';
import {
  ActionIcon,
  Button,
  Card,
  CopyButton,
  Group,
  RingProgress,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconCopy, IconEye, IconEyeOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { ErrorState } from '../states.tsx';

/** How long revealed secrets stay on screen before they are dropped from memory. */
export const REVEAL_SECONDS = 60;
/** A TOTP code's period (RFC 6238's default, what the server computes with). */
const OTP_PERIOD = 30;

function Copy({ value, what }: { value: string; what: string }) {
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : `Copy ${what}`} withArrow>
          <ActionIcon
            variant="subtle"
            color={copied ? 'teal' : 'gray'}
            onClick={copy}
            aria-label={`Copy ${what}`}
          >
            {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/**
 * A credential's secrets: not in the page (nor in any cache) until "Reveal" asks the server, which
 * writes an audit row each time. The TOTP code counts down on a ring and is fetched again when it
 * turns over; after REVEAL_SECONDS everything is dropped and hidden again.
 */
export function CredentialSecrets({
  id,
  username,
  hasPassword,
  hasOtp,
}: {
  id: number;
  username: string | null;
  hasPassword: boolean;
  hasOtp: boolean;
}) {
  const queryClient = useQueryClient();
  // `at`: when the secrets appeared (they hide REVEAL_SECONDS later); `otpAt`: when this code came.
  const [secret, setSecret] = useState<(CredentialReveal & { at: number; otpAt: number }) | null>(null);
  const [now, setNow] = useState(() => Date.now());
  // A mutation, not a query: a reveal is an audited act, never cached, never refetched on its own.
  const reveal = useMutation({
    mutationFn: async () => (await api<CredentialReveal>('POST', `/credentials/${id}/reveal`, {})).data,
    onSuccess: (data) => {
      setSecret((current) => ({ ...data, at: current?.at ?? Date.now(), otpAt: Date.now() }));
      // The reveal stamps last access; the record shown beside it refreshes.
      void queryClient.invalidateQueries({ queryKey: ['credentials', id], exact: true });
    },
  });
  const shown = secret !== null;
  useEffect(() => {
    if (!shown) return;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      setSecret((s) => (s && t - s.at >= REVEAL_SECONDS * 1000 ? null : s));
    }, 250);
    return () => clearInterval(timer);
  }, [shown]);

  const left = secret ? REVEAL_SECONDS - Math.floor((now - secret.at) / 1000) : 0;
  // Seconds the current code has left: what the server said, minus the time since it said it.
  const otpLeft =
    secret?.otpExpiresIn !== undefined ? secret.otpExpiresIn - Math.floor((now - secret.otpAt) / 1000) : 0;
  const { mutate, isPending, isError } = reveal;
  useEffect(() => {
    // The code turned over while the secrets are still shown: ask for the next one (audited too).
    if (secret?.otpCode && otpLeft <= 0 && left > 0 && !isPending && !isError) mutate();
  }, [secret?.otpCode, otpLeft, left, isPending, isError, mutate]);

  if (!hasPassword && !hasOtp && !username) return null;
  return (
    <Card withBorder component="section" aria-labelledby={`secrets-${id}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id={`secrets-${id}`}>
            Secrets
          </Title>
          {shown ? (
            <Button
              variant="default"
              size="xs"
              leftSection={<IconEyeOff size={14} aria-hidden />}
              onClick={() => setSecret(null)}
            >
              Hide now
            </Button>
          ) : (
            <Button
              size="xs"
              leftSection={<IconEye size={14} aria-hidden />}
              onClick={() => mutate()}
              loading={isPending}
            >
              Reveal
            </Button>
          )}
        </Group>
        {reveal.isError ? <ErrorState error={reveal.error} title="Could not reveal" /> : null}
        <Table aria-label="Secrets" verticalSpacing={6}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th scope="row" w={140}>
                Username
              </Table.Th>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" ff="monospace">
                    {username ?? '—'}
                  </Text>
                  {username ? <Copy value={username} what="username" /> : null}
                </Group>
              </Table.Td>
            </Table.Tr>
            {hasPassword ? (
              <Table.Tr>
                <Table.Th scope="row">Password</Table.Th>
                <Table.Td>
                  {secret?.password ? (
                    <Group gap="xs" wrap="nowrap">
                      <Text
                        size="sm"
                        ff="monospace"
                        data-testid="revealed-password"
                        style={{ overflowWrap: 'anywhere' }}
                      >
                        {secret.password}
                      </Text>
                      <Copy value={secret.password} what="password" />
                    </Group>
                  ) : (
                    <Text size="sm" c="dimmed" aria-label="Password hidden">
                      ••••••••
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ) : null}
            {hasOtp ? (
              <Table.Tr>
                <Table.Th scope="row">One-time code</Table.Th>
                <Table.Td>
                  {secret?.otpCode ? (
                    <Group gap="xs" wrap="nowrap">
                      <RingProgress
                        size={36}
                        thickness={4}
                        roundCaps
                        role="img"
                        aria-label={`Code valid for ${Math.max(otpLeft, 0)} more seconds`}
                        sections={[
                          {
                            value: (Math.max(otpLeft, 0) / OTP_PERIOD) * 100,
                            color: otpLeft <= 5 ? 'red' : 'indigo',
                          },
                        ]}
                        label={
                          <Text size="xs" ta="center">
                            {Math.max(otpLeft, 0)}
                          </Text>
                        }
                      />
                      <Text size="lg" ff="monospace" fw={600} data-testid="otp-code">
                        {secret.otpCode.replace(/^(\d{3})(\d{3})$/, '$1 $2')}
                      </Text>
                      <Copy value={secret.otpCode} what="one-time code" />
                    </Group>
                  ) : (
                    <Text size="sm" c="dimmed">
                      Shown with a countdown when revealed
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed" role="status" aria-live="polite">
          {shown
            ? `Hidden again in ${Math.max(left, 0)} s. Each reveal is recorded in the audit log.`
            : 'Each reveal is recorded in the audit log.'}
        </Text>
      </Stack>
    </Card>
  );
}
