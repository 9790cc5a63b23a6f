import type {
  AddonAction,
  AddonCard,
  AddonPreview,
  AddonPreviewCall,
  AddonPreviewResult,
  AddonSampleEmail,
} from '@helios/shared';
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  CloseButton,
  Grid,
  Group,
  Loader,
  Menu,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconAlertTriangle, IconDotsVertical, IconHome, IconMail } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api.ts';
import { AddonCardView } from '../../components/cards/card-view.tsx';
import { formInputsOf, navigate, parametersOf } from '../../components/cards/model.ts';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';

const previewQuery = {
  queryKey: ['addon-preview'],
  queryFn: () => api<AddonPreview>('GET', '/addon-preview'),
};

/** What the sidebar shows: the card stack, the last toast, the add-on's own failure. */
interface Sidebar {
  stack: AddonCard[];
  /** Bumped on every new stack, so a card's form starts from the card's own values. */
  version: number;
  toast: string | null;
  addonError: string | null;
}

const empty: Sidebar = { stack: [], version: 0, toast: null, addonError: null };

const when = (iso: string): string =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
/** The inbox's short form (Gmail's list shows the day, the open email the full time). */
const day = (iso: string): string =>
  new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

function Inbox({
  samples,
  openId,
  disabled,
  onHome,
  onOpen,
}: {
  samples: AddonSampleEmail[];
  openId: string | null;
  disabled: boolean;
  onHome(): void;
  onOpen(id: string): void;
}) {
  return (
    <Paper withBorder component="nav" aria-label="Sample inbox">
      <Text fw={600} size="sm" px="sm" py="xs" component="h2" m={0}>
        Inbox
      </Text>
      <UnstyledButton
        w="100%"
        px="sm"
        py="xs"
        onClick={onHome}
        disabled={disabled}
        aria-current={openId === null ? 'true' : undefined}
        style={{
          borderTop: '1px solid var(--mantine-color-gray-3)',
          background: openId === null ? 'var(--mantine-color-blue-light)' : undefined,
        }}
      >
        <Group gap="xs" wrap="nowrap">
          <IconHome size={16} aria-hidden />
          <Text size="sm">No email open (the add-on’s homepage)</Text>
        </Group>
      </UnstyledButton>
      {samples.length === 0 ? (
        <Text size="sm" c="dimmed" px="sm" py="xs">
          No sample emails: they come from other people of your organization. Add a colleague (People) or run
          a directory sync, then reload.
        </Text>
      ) : null}
      {samples.map((s) => (
        <UnstyledButton
          key={s.id}
          w="100%"
          px="sm"
          py="xs"
          disabled={disabled}
          onClick={() => onOpen(s.id)}
          aria-current={openId === s.id ? 'true' : undefined}
          data-email={s.id}
          style={{
            borderTop: '1px solid var(--mantine-color-gray-3)',
            background: openId === s.id ? 'var(--mantine-color-blue-light)' : undefined,
          }}
        >
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text size="sm" fw={600} truncate data-from>
              {s.fromName}
            </Text>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {day(s.date)}
            </Text>
          </Group>
          <Text size="sm" truncate>
            {s.subject}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={1}>
            {s.snippet}
          </Text>
        </UnstyledButton>
      ))}
    </Paper>
  );
}

function OpenEmail({ email }: { email: AddonSampleEmail | undefined }) {
  if (!email)
    return (
      <EmptyState title="No email open">
        Gmail shows the add-on’s homepage when no email is open. Pick an email from the inbox to see what the
        add-on shows beside it.
      </EmptyState>
    );
  return (
    <Paper withBorder p="md" component="article" aria-label={`Email: ${email.subject}`}>
      <Title order={2} size="h4">
        {email.subject}
      </Title>
      <Group gap="xs" mt="xs" wrap="wrap">
        <IconMail size={16} aria-hidden />
        <Text size="sm" fw={600}>
          {email.fromName}
        </Text>
        <Text size="sm" c="dimmed">
          &lt;{email.fromEmail}&gt; to {email.to} · {when(email.date)}
        </Text>
      </Group>
      <Text size="sm" mt="md" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {email.body}
      </Text>
    </Paper>
  );
}

/**
 * /addon-preview: the real add-on bundle (what is pushed to Google), run by the server as the
 * signed-in person, drawn as Gmail's sidebar draws it — beside a sample inbox of the organization's
 * own people. Every button calls the add-on's own callback with Google's event (form inputs included).
 */
export function AddonPreviewPage() {
  const preview = useQuery(previewQuery);
  const [openId, setOpenId] = useState<string | null>(null);
  const [sidebar, setSidebar] = useState<Sidebar>(empty);
  const latest = useRef(0);
  const run = useMutation({
    mutationFn: (body: AddonPreviewCall) => api<AddonPreviewResult>('POST', '/addon-preview/calls', body),
  });
  const { mutateAsync, reset } = run;

  /** One call; only the newest call's answer is applied (a slow, older one is dropped). */
  const call = useCallback(
    async (body: AddonPreviewCall, kind: 'trigger' | 'action' | 'universal') => {
      const id = ++latest.current;
      let result: AddonPreviewResult;
      try {
        result = (await mutateAsync(body)).data;
      } catch {
        return; // shown from run.error
      }
      if (id !== latest.current) return;
      setSidebar((current) => {
        const next: Sidebar = { ...current, toast: null, addonError: null };
        if (result.error !== null) return { ...next, addonError: result.error };
        if (result.cards) return { ...next, stack: result.cards, version: current.version + 1 };
        const response = result.actionResponse;
        if (!response) return next;
        const action = response.renderActions.action;
        const link = action.link?.url;
        if (link && /^https?:\/\//i.test(link)) window.open(link, '_blank', 'noopener,noreferrer');
        const pushed = (action.navigations ?? []).flatMap((n) => (n.pushCard ? [n.pushCard] : []));
        // A universal action's cards replace what the sidebar shows; a callback's navigations apply in order.
        const stack = kind === 'universal' && pushed.length > 0 ? pushed : navigate(current.stack, response);
        return {
          ...next,
          stack,
          version: stack === current.stack ? current.version : current.version + 1,
          toast: action.notification?.text ?? null,
        };
      });
    },
    [mutateAsync],
  );

  const data = preview.data?.data;
  const available = data?.available === true;
  const homepage = data?.homepageTrigger;
  const gmailTrigger = data?.gmailTrigger;

  const openHome = useCallback(() => {
    if (!homepage) return;
    setOpenId(null);
    reset();
    setSidebar(empty);
    void call({ function: homepage }, 'trigger');
  }, [homepage, call, reset]);
  const openEmail = (id: string) => {
    if (!gmailTrigger) return;
    setOpenId(id);
    reset();
    setSidebar(empty);
    void call({ function: gmailTrigger, messageId: id }, 'trigger');
  };

  // Gmail shows the homepage until an email is opened: run it once the preview is known to work
  // (the first state is already "no email open", so only the call is needed).
  const started = useRef(false);
  useEffect(() => {
    if (!available || !homepage || started.current) return;
    started.current = true;
    void call({ function: homepage }, 'trigger');
  }, [available, homepage, call]);

  if (preview.isPending) return <LoadingState label="Loading the add-on preview…" />;
  if (preview.isError || !data)
    return (
      <ErrorState
        error={preview.error}
        onRetry={() => void preview.refetch()}
        title="Could not load the preview"
      />
    );

  const top = sidebar.stack.at(-1);
  const onAction = (action: AddonAction, form: HTMLFormElement | null) => {
    const formInputs = top && form ? formInputsOf(top, new FormData(form)) : {};
    void call(
      {
        function: action.function,
        ...(openId ? { messageId: openId } : {}),
        parameters: parametersOf(action.parameters),
        formInputs,
      },
      'action',
    );
  };
  const onOpenLink = (url: string) => {
    if (/^https?:\/\//i.test(url)) window.open(url, '_blank', 'noopener,noreferrer');
  };
  const busy = run.isPending;
  const email = data.samples.find((s) => s.id === openId);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Box>
          <Title order={1} size="h2">
            Add-on preview
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            The {data.addonName} add-on exactly as it is pushed to Google, running on this server as you (
            {data.runsAs}) and drawn as Gmail’s sidebar draws it. What you do here really happens: a ticket
            filed here is a real ticket.
          </Text>
        </Box>
        <Badge variant="light" color="gray">
          Runs as {data.runsAs}
        </Badge>
      </Group>
      {!available ? (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconAlertTriangle aria-hidden />}
          title="The live preview is off here"
        >
          {data.unavailableReason}
        </Alert>
      ) : null}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Inbox
            samples={data.samples}
            openId={openId}
            disabled={!available}
            onHome={openHome}
            onOpen={openEmail}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <OpenEmail email={email} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper
            withBorder
            component="aside"
            aria-label={`${data.addonName} add-on sidebar`}
            aria-busy={busy}
            style={{ display: 'flex', flexDirection: 'column', height: 640, overflow: 'hidden' }}
          >
            <Group
              justify="space-between"
              px="sm"
              py={6}
              wrap="nowrap"
              style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
            >
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" fw={600}>
                  {data.addonName}
                </Text>
                {busy ? (
                  <Group gap={4} role="status" aria-live="polite">
                    <Loader size="xs" aria-hidden />
                    <Text size="xs" c="dimmed">
                      Working…
                    </Text>
                  </Group>
                ) : null}
              </Group>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label="More add-on actions"
                    disabled={!available || busy}
                  >
                    <IconDotsVertical size={18} aria-hidden />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {data.universalActions.map((a) => (
                    <Menu.Item
                      key={a.runFunction}
                      onClick={() =>
                        void call(
                          { function: a.runFunction, ...(openId ? { messageId: openId } : {}) },
                          'universal',
                        )
                      }
                    >
                      {a.label}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            </Group>
            {run.isError ? (
              <Box p="sm">
                <ErrorState
                  error={run.error}
                  title="The add-on did not answer"
                  onRetry={openId ? () => openEmail(openId) : openHome}
                />
              </Box>
            ) : null}
            {sidebar.addonError ? (
              <Alert
                color="red"
                variant="light"
                m="sm"
                role="alert"
                title="Something went wrong with the add-on"
              >
                {sidebar.addonError}
              </Alert>
            ) : null}
            <ScrollArea style={{ flex: 1 }} type="auto" aria-label="Add-on card">
              {top ? (
                <AddonCardView
                  key={`${sidebar.version}-${sidebar.stack.length}`}
                  card={top}
                  handlers={{ busy, onAction, onOpenLink }}
                  onBack={
                    sidebar.stack.length > 1
                      ? () =>
                          setSidebar((s) => ({
                            ...s,
                            stack: s.stack.slice(0, -1),
                            version: s.version + 1,
                            toast: null,
                          }))
                      : undefined
                  }
                />
              ) : !busy && available && !run.isError && !sidebar.addonError ? (
                <Text size="sm" c="dimmed" p="md">
                  Open an email or the homepage to run the add-on.
                </Text>
              ) : null}
            </ScrollArea>
            {sidebar.toast ? (
              <Group
                role="status"
                aria-live="polite"
                justify="space-between"
                wrap="nowrap"
                m="sm"
                px="sm"
                py={6}
                style={{ background: 'var(--mantine-color-dark-6)', borderRadius: 4 }}
              >
                <Text size="sm" c="white">
                  {sidebar.toast}
                </Text>
                <CloseButton
                  size="sm"
                  variant="transparent"
                  c="white"
                  aria-label="Dismiss notification"
                  onClick={() => setSidebar((s) => ({ ...s, toast: null }))}
                />
              </Group>
            ) : null}
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
