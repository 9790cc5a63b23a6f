import { Anchor, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { signIn, takeCallback } from '../auth.ts';
import { LoadingState } from '../components/states.tsx';

// Read once per page load: the fragment and the stored state are consumed by the first read, and
// React may render (and run effects) twice in development.
let taken: ReturnType<typeof takeCallback> | undefined;
const takeOnce = () => (taken ??= takeCallback(window.location.hash));

/** Where the (simulated) Google sign-in page sends the ID token back, in the URL fragment. */
export function SignInCallback() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [answer] = useState(takeOnce);
  const [failure, setFailure] = useState<string | undefined>('error' in answer ? answer.error : undefined);
  const started = useRef(false);

  useEffect(() => {
    // The ID token must not stay in the address bar or the history.
    window.history.replaceState(null, '', window.location.pathname);
    if (started.current || 'error' in answer) return;
    started.current = true;
    signIn(queryClient, { idToken: answer.idToken })
      .then(() => navigate({ to: answer.next, replace: true }))
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : 'Sign-in failed.'));
  }, [answer, navigate, queryClient]);

  return (
    <Center mih="100dvh" p="md" component="main">
      <Paper withBorder p="xl" w="100%" maw={420}>
        {failure ? (
          <Stack gap="sm" role="alert">
            <Title order={1} size="h3">
              Not signed in
            </Title>
            <Text>{failure}</Text>
            <Anchor href="/sign-in">Back to sign-in</Anchor>
          </Stack>
        ) : (
          <LoadingState label="Signing you in…" />
        )}
      </Paper>
    </Center>
  );
}
