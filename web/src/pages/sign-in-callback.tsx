import { Anchor, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { signIn, takeCallback } from '../auth.ts';
import { LoadingState } from '../components/states.tsx';

/** Where the (simulated) Google sign-in page sends the ID token back, in the URL fragment. */
export function SignInCallback() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string>();
  const started = useRef(false);

  useEffect(() => {
    // Once per page load: the fragment is read and wiped (StrictMode runs effects twice).
    if (started.current) return;
    started.current = true;
    const answer = takeCallback(window.location.hash);
    window.history.replaceState(null, '', window.location.pathname);
    if ('error' in answer) {
      setFailure(answer.error);
      return;
    }
    signIn(queryClient, { idToken: answer.idToken })
      .then(() => navigate({ to: answer.next, replace: true }))
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : 'Sign-in failed.'));
  }, [navigate, queryClient]);

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
