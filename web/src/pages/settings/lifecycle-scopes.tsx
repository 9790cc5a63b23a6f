import { Alert, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ACTION_LABEL } from '../../components/lifecycle/labels.tsx';
import { scopesQuery } from '../../components/lifecycle/scopes.ts';
import { ErrorState, LoadingState } from '../../components/states.tsx';

const GOOGLE_AUTH = 'https://www.googleapis.com/auth/';

/** A scope's state in words and a mark (colour is never the only signal). */
function Granted({ granted }: { granted: boolean | null }) {
  if (granted === true)
    return (
      <Badge color="teal.9" variant="outline">
        ✓ Granted
      </Badge>
    );
  if (granted === false) return <Badge color="red.9">✗ Missing</Badge>;
  return (
    <Badge color="gray.8" variant="outline">
      ? Unknown
    </Badge>
  );
}

/**
 * Settings → Lifecycle scopes: each Google scope the lifecycle's actions use, whether the service
 * account was granted it (checked against Google's token endpoint), and which actions need it —
 * a step whose scope is missing is blocked with this scope named.
 */
export function LifecycleScopesSection() {
  const scopes = useQuery({ ...scopesQuery, staleTime: 0 });
  if (scopes.isPending) return <LoadingState label="Checking scopes…" />;
  if (scopes.isError) return <ErrorState error={scopes.error} onRetry={() => void scopes.refetch()} />;
  const rows = scopes.data;
  const missing = rows.filter((s) => s.granted === false).length;
  const unknown = rows.every((s) => s.granted === null);
  return (
    <Stack>
      {unknown ? (
        <Alert color="gray" title="Google Workspace is not set up">
          Add the service account under Settings → Google Workspace; then each scope is checked here.
        </Alert>
      ) : missing > 0 ? (
        <Alert color="red" title={`${missing} ${missing === 1 ? 'scope is' : 'scopes are'} missing`}>
          Add them to the service account’s client in the Google Admin console (Security → Access and data
          control → API controls → Domain-wide delegation). Steps that need them stop with the scope named.
        </Alert>
      ) : (
        <Alert color="teal.9" variant="outline" title="Every scope is granted">
          Every lifecycle action can run.
        </Alert>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table striped aria-label="Lifecycle scopes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Scope</Table.Th>
              <Table.Th scope="col" w={130}>
                Granted
              </Table.Th>
              <Table.Th scope="col">Needed by</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => (
              <Table.Tr key={s.scope}>
                <Table.Td>
                  <Text size="sm" ff="monospace" fw={600}>
                    {s.scope.replace(GOOGLE_AUTH, '')}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                    {s.scope}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Granted granted={s.granted} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {s.actions.map((a) => (
                      <Badge
                        key={a}
                        size="sm"
                        variant="light"
                        color="gray.8"
                        style={{ textTransform: 'none' }}
                      >
                        {ACTION_LABEL[a]}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
