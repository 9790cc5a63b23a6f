import { notifications } from '@mantine/notifications';
import type { Abilities, Me } from '@helios/shared';
import {
  ActionIcon,
  Anchor,
  AppShell,
  Indicator,
  Kbd,
  TextInput,
  Avatar,
  Burger,
  Group,
  Button,
  Popover,
  Stack,
  NavLink,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import {
  IconBell,
  IconBook,
  IconSearch,
  IconChevronDown,
  IconDeviceDesktopAnalytics,
  IconKey,
  IconLogout,
  IconPuzzle,
  IconSettings,
  IconTicket,
  IconUser,
  IconUserPlus,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { api } from './api.ts';
import { meQuery, signOut } from './auth.ts';
import { lifecycleAbilities } from './components/lifecycle/abilities.ts';
import { ROLE_LABEL } from './names.ts';

interface NavItem {
  to:
    | '/'
    | '/tickets'
    | '/people'
    | '/lifecycle'
    | '/documentation'
    | '/vault'
    | '/addon-preview'
    | '/settings';
  label: string;
  icon: Icon;
  /** Shown only when the caller has this ability (from GET /me, computed by the API's policies). */
  needs?: keyof Abilities;
  /** Or when this holds for the caller (an ability derived from GET /me). */
  shownFor?: (me: Me) => boolean;
}

export const NAV: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', icon: IconDeviceDesktopAnalytics },
  { to: '/tickets', label: 'Tickets', icon: IconTicket },
  { to: '/people', label: 'People', icon: IconUsers, needs: 'readAllUsers' },
  {
    to: '/lifecycle',
    label: 'Lifecycle',
    icon: IconUserPlus,
    shownFor: (me) => lifecycleAbilities(me).requests,
  },
  { to: '/documentation', label: 'Documentation', icon: IconBook, needs: 'readAllDocumentation' },
  { to: '/vault', label: 'Vault', icon: IconKey, needs: 'listCredentials' },
  { to: '/addon-preview', label: 'Add-on preview', icon: IconPuzzle, needs: 'previewAddon' },
  { to: '/settings', label: 'Settings', icon: IconSettings },
];

/** Settings is everyone's (their own sessions); the admin areas inside it are ability-gated. */
export const navFor = (me: Me): NavItem[] =>
  NAV.filter((item) => (item.shownFor ? item.shownFor(me) : !item.needs || me.abilities[item.needs]));

/** The unread count behind the bell: polled once a minute (and on focus), refreshed by the list. */
export const unreadCountQuery = {
  queryKey: ['notifications', 'unread-count'] as const,
  queryFn: async () => (await api<{ unread: number }>('GET', '/notifications/unread-count')).data.unread,
  refetchInterval: 60_000,
};

/**
 * One search box for everything the caller may read; `/` or Ctrl/⌘+K focuses it from anywhere,
 * Enter opens the results. At a phone's width it folds into a link to the search page.
 */
function GlobalSearch() {
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState('');
  const focus = () => {
    input.current?.focus();
    input.current?.select();
  };
  // `/` is ignored while typing in a field (useHotkeys' default); Ctrl/⌘+K works everywhere.
  useHotkeys([['/', focus]]);
  useHotkeys([['mod+K', focus]], []);
  return (
    <>
      <form
        role="search"
        aria-label="Everything"
        style={{ flex: 1, maxWidth: 420 }}
        onSubmit={(e) => {
          e.preventDefault();
          if (q.trim()) void navigate({ to: '/search', search: { q: q.trim() } });
        }}
      >
        <TextInput
          ref={input}
          visibleFrom="xs"
          size="sm"
          type="search"
          aria-label="Search Helios"
          aria-keyshortcuts="/ Control+K Meta+K"
          placeholder="Search tickets, people, assets…"
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={<Kbd size="xs">/</Kbd>}
          rightSectionPointerEvents="none"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') e.currentTarget.blur();
          }}
        />
      </form>
      <ActionIcon
        component={Link}
        to="/search"
        hiddenFrom="xs"
        variant="subtle"
        color="gray"
        size="lg"
        aria-label="Search"
      >
        <IconSearch size={20} aria-hidden />
      </ActionIcon>
    </>
  );
}

/** The bell: how many notifications are unread, a link to the list. */
function NotificationBell() {
  const { data: unread = 0 } = useQuery(unreadCountQuery);
  return (
    <Indicator
      label={unread > 99 ? '99+' : unread}
      size={16}
      disabled={unread === 0}
      color="red.9"
      offset={4}
    >
      <ActionIcon
        component={Link}
        to="/notifications"
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`}
      >
        <IconBell size={20} aria-hidden />
      </ActionIcon>
    </Indicator>
  );
}

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const [account, accountPanel] = useDisclosure();
  const { data: me } = useQuery(meQuery);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  if (!me) return null;

  const onSignOut = async () => {
    try {
      await signOut(queryClient);
      await navigate({ to: '/sign-in' });
    } catch (error) {
      notifications.show({
        color: 'red',
        title: 'Sign-out failed',
        message: error instanceof Error ? error.message : 'Retry in a moment.',
      });
    }
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            {/* The product name, not a heading: each page's own title is its one h1. */}
            <Anchor component={Link} to="/" fw={700} fz="lg" c="inherit" underline="never">
              Helios
            </Anchor>
          </Group>
          <GlobalSearch />
          <Group gap="xs" wrap="nowrap">
            <NotificationBell />
            {/* Rendered inside the header (a landmark), not in a portal at the end of <body>. */}
            {/* A disclosure (button + panel), not an ARIA menu: Mantine's Menu puts a focus sentinel
              inside role=menu, which the menu pattern does not allow (axe: aria-required-children). */}
            <Popover
              position="bottom-end"
              withinPortal={false}
              shadow="md"
              width={260}
              opened={account}
              onChange={(value) => (value ? accountPanel.open() : accountPanel.close())}
            >
              <Popover.Target>
                {/* The name starts the label: what is read out matches what is seen (WCAG 2.5.3). */}
                <UnstyledButton aria-label={`${me.name}, account`} onClick={accountPanel.toggle}>
                  <Group gap="xs" wrap="nowrap">
                    <Avatar radius="xl" size="sm" color="indigo" aria-hidden>
                      <IconUser size={16} />
                    </Avatar>
                    <Text size="sm" fw={500} visibleFrom="xs" truncate maw={180}>
                      {me.name}
                    </Text>
                    <IconChevronDown size={14} aria-hidden />
                  </Group>
                </UnstyledButton>
              </Popover.Target>
              <Popover.Dropdown aria-label="Account">
                <Stack gap="xs">
                  <div>
                    <Text size="sm" fw={500} truncate>
                      {me.email}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {ROLE_LABEL[me.role]}
                    </Text>
                  </div>
                  <Button
                    component={Link}
                    to="/settings"
                    onClick={accountPanel.close}
                    variant="default"
                    size="xs"
                    leftSection={<IconSettings size={16} aria-hidden />}
                  >
                    Sessions and settings
                  </Button>
                  <Button
                    // Filled shade 9: white on #c92a2a is 5.4:1 (the light variant of a shade drew red on red).
                    color="red.9"
                    variant="filled"
                    size="xs"
                    leftSection={<IconLogout size={16} aria-hidden />}
                    onClick={() => {
                      accountPanel.close();
                      void onSignOut();
                    }}
                  >
                    Sign out
                  </Button>
                </Stack>
              </Popover.Dropdown>
            </Popover>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <VisuallyHidden>
          <h2>Navigation</h2>
        </VisuallyHidden>
        {navFor(me).map((item) => {
          const active = item.to === '/' ? pathname === '/' : pathname.startsWith(item.to);
          return (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              leftSection={<item.icon size={18} aria-hidden />}
              active={active}
              aria-current={active ? 'page' : undefined}
              onClick={close}
            />
          );
        })}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
