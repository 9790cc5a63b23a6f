import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconEye, IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { meQuery } from '../auth.ts';
import { AnchorLink } from '../components/links.tsx';
import { CredentialSecrets } from '../components/records/credential-secrets.tsx';
import { Dialog } from '../components/dialog.tsx';
import type { RecordData } from '../components/records/queries.ts';
import { RecordForm } from '../components/records/record-form.tsx';
import { RecordList } from '../components/records/record-list.tsx';
import { recordTitle, resourceSpec } from '../components/records/resources.ts';
import { EmptyState } from '../components/states.tsx';

const credentials = resourceSpec('credentials');

/**
 * `/vault`: the credentials, with each one's secrets a click away — and only then: the list carries
 * no secret (the API sends none outside the audited reveal), and a reveal shows in a dialog that
 * forgets it when closed or after a minute.
 */
export function VaultPage() {
  const me = useQuery(meQuery).data;
  const navigate = useNavigate();
  const [open, setOpen] = useState<RecordData | null>(null);
  const [creating, setCreating] = useState(false);
  if (!credentials) return null;
  if (me && !me.abilities.listCredentials)
    return (
      <EmptyState title="The vault is for IT staff">
        Passwords are kept by IT. If you need access to a system, ask them with a{' '}
        <AnchorLink to="/tickets/new">ticket</AnchorLink>.
      </EmptyState>
    );
  return (
    <>
      <RecordList
        spec={credentials}
        heading={
          <Group gap="xs">
            <IconLock aria-hidden />
            <Title order={1} size="h2">
              Vault
            </Title>
          </Group>
        }
        onNew={() => setCreating(true)}
        rowAction={(row) =>
          row.abilities?.reveal && (row.hasPassword === true || row.hasOtp === true) ? (
            <Button
              size="compact-xs"
              variant="light"
              leftSection={<IconEye size={12} aria-hidden />}
              onClick={() => setOpen(row)}
              aria-label={`Reveal ${recordTitle(row)}`}
            >
              Reveal
            </Button>
          ) : null
        }
      />
      <Dialog opened={open !== null} onClose={() => setOpen(null)} title={open ? recordTitle(open) : ''}>
        {open ? (
          <Stack gap="sm">
            <CredentialSecrets
              id={open.id}
              username={typeof open.username === 'string' ? open.username : null}
              hasPassword={open.hasPassword === true}
              hasOtp={open.hasOtp === true}
            />
            <Text size="sm">
              <AnchorLink to="/$resource/$id" params={{ resource: 'credentials', id: String(open.id) }}>
                Open the credential
              </AnchorLink>{' '}
              for its links, notes and history.
            </Text>
          </Stack>
        ) : null}
      </Dialog>
      <Dialog opened={creating} onClose={() => setCreating(false)} title="New credential" size="xl">
        <RecordForm
          spec={credentials}
          onCancel={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            void navigate({
              to: '/$resource/$id',
              params: { resource: 'credentials', id: String(saved.id) },
            });
          }}
        />
      </Dialog>
    </>
  );
}
