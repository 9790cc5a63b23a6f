import { apiKeySignInSchema, type ApiKeySignIn, type AuthConfig } from '@helios/shared';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Anchor,
  Button,
  Center,
  Divider,
  Paper,
  PasswordInput,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconBrandGoogle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { ApiError } from '../api.ts';
import { authConfigQuery, demoAuthorizeUrl, meQuery, safeNext, signIn } from '../auth.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';

const route = getRouteApi('/sign-in');

export function SignInPage() {
  const { next } = route.useSearch();
  const target = safeNext(next);
  const navigate = useNavigate();
  const config = useQuery(authConfigQuery);
  const me = useQuery(meQuery);

  // Already signed in (a second tab, the back button): go where the person was headed.
  useEffect(() => {
    if (me.data) void navigate({ to: target, replace: true });
  }, [me.data, navigate, target]);

  return (
    <Center mih="100dvh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Stack gap="lg">
          <div>
            <Title order={1} size="h2">
              Sign in to Helios
            </Title>
            {config.data ? (
              <Text c="dimmed" size="sm">
                {config.data.organization.name} · {config.data.organization.domain}
              </Text>
            ) : null}
          </div>
          {config.isPending ? <LoadingState label="Loading sign-in options…" /> : null}
          {config.isError ? <ErrorState error={config.error} onRetry={() => void config.refetch()} /> : null}
          {config.data ? <SignInOptions config={config.data} target={target} /> : null}
        </Stack>
      </Paper>
    </Center>
  );
}

function SignInOptions({ config, target }: { config: AuthConfig; target: string }) {
  const hasGoogle = config.demo !== null || config.google !== null;
  return (
    <Stack gap="md">
      {config.demo ? (
        <Stack gap={6}>
          <Button
            component="a"
            href={demoAuthorizeUrl(config.demo, target)}
            leftSection={<IconBrandGoogle size={18} aria-hidden />}
            size="md"
            variant="default"
          >
            Sign in with Google (demo)
          </Button>
          <Text size="xs" c="dimmed">
            Demo mode: the built-in Workspace simulator plays Google and lets you choose a demo admin,
            manager, user or contact.
          </Text>
        </Stack>
      ) : null}
      {config.google ? (
        <GoogleButton clientId={config.google.clientId} domain={config.organization.domain} target={target} />
      ) : null}
      {hasGoogle ? <Divider label="or with an API key" labelPosition="center" /> : null}
      <ApiKeyForm target={target} />
      {!hasGoogle ? (
        <Text size="xs" c="dimmed">
          Google Sign-In is not configured: an admin sets <code>HELIOS_GOOGLE_WEB_CLIENT_ID</code>. Until
          then, create a key with <code>npm run helios -- api-key create --email you@…</code>.
        </Text>
      ) : null}
    </Stack>
  );
}

function ApiKeyForm({ target }: { target: string }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<ApiKeySignIn>({
    resolver: zodResolver(apiKeySignInSchema),
    defaultValues: { apiKey: '' },
  });
  const [failure, setFailure] = useState<string>();

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(undefined);
    try {
      await signIn(queryClient, values);
      await navigate({ to: target, replace: true });
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : 'Sign-in failed; retry.');
    }
  });

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label="Sign in with an API key">
      <Stack gap="sm">
        <PasswordInput
          label="API key"
          description="A key an admin created for you (helios_…)."
          autoComplete="off"
          error={form.formState.errors.apiKey?.message}
          {...form.register('apiKey')}
        />
        {failure ? (
          <Alert color="red" variant="light" role="alert" title="Not signed in">
            {failure}
          </Alert>
        ) : null}
        <Button type="submit" loading={form.formState.isSubmitting}>
          Sign in with API key
        </Button>
      </Stack>
    </form>
  );
}

interface GoogleIdentityServices {
  accounts: {
    id: {
      initialize(options: {
        client_id: string;
        callback: (response: { credential: string }) => void;
        hd?: string;
        ux_mode?: 'popup' | 'redirect';
      }): void;
      renderButton(parent: HTMLElement, options: Record<string, string | number>): void;
    };
  };
}
declare global {
  interface Window {
    google?: GoogleIdentityServices;
  }
}

const GIS_SRC = 'https://accounts.google.com/gsi/client';

/** Google Identity Services' own button (loaded from Google only when a web client id is set). */
function GoogleButton({ clientId, domain, target }: { clientId: string; domain: string; target: string }) {
  const holder = useRef<HTMLDivElement>(null);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    const render = () => {
      const gis = window.google;
      if (!gis || !holder.current) return;
      gis.accounts.id.initialize({
        client_id: clientId,
        hd: domain,
        ux_mode: 'popup',
        callback: ({ credential }) => {
          signIn(queryClient, { idToken: credential })
            .then(() => navigate({ to: target, replace: true }))
            .catch((error: unknown) =>
              setFailure(error instanceof Error ? error.message : 'Sign-in failed.'),
            );
        },
      });
      gis.accounts.id.renderButton(holder.current, {
        theme: 'outline',
        size: 'large',
        text: 'signin_with',
        width: 340,
      });
    };
    if (window.google) {
      render();
      return;
    }
    const script = document.createElement('script');
    script.src = GIS_SRC;
    script.async = true;
    script.onload = render;
    script.onerror = () => setFailure('Google Sign-In could not load. Check the network, or use an API key.');
    document.head.append(script);
  }, [clientId, domain, navigate, queryClient, target]);

  return (
    <Stack gap={6}>
      <div ref={holder} aria-label="Sign in with Google" />
      {failure ? (
        <Alert color="red" variant="light" role="alert">
          {failure} <Anchor href="/sign-in">Retry</Anchor>
        </Alert>
      ) : null}
    </Stack>
  );
}
