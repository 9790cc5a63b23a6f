import type { Abilities, Me } from '@helios/shared';
import {
  Anchor,
  AppShell,
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
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconBook,
  IconChevronDown,
  IconDeviceDesktopAnalytics,
  IconKey,
  IconLogout,
  IconPuzzle,
  IconSettings,
  IconTicket,
  IconUser,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { meQuery, signOut } from './auth.ts';

interface NavItem {
  to: '/' | '/tickets' | '/people' | '/documentation' | '/vault' | '/addon-preview' | '/settings';
  label: string;
  icon: Icon;
  /** Shown only when the caller has this ability (from GET /me, computed by the API's policies). */
  needs?: keyof Abilities;
}

export const NAV: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', icon: IconDeviceDesktopAnalytics },
  { to: '/tickets', label: 'Tickets', icon: IconTicket },
  { to: '/people', label: 'People', icon: IconUsers, needs: 'readAllUsers' },
  { to: '/documentation', label: 'Documentation', icon: IconBook, needs: 'readAllDocumentation' },
  { to: '/vault', label: 'Vault', icon: IconKey, needs: 'listCredentials' },
  { to: '/addon-preview', label: 'Add-on preview', icon: IconPuzzle, needs: 'previewAddon' },
  { to: '/settings', label: 'Settings', icon: IconSettings },
];

/** Settings is everyone's (their own sessions); the admin areas inside it are ability-gated. */
export const navFor = (me: Me): NavItem[] => NAV.filter((item) => !item.needs || me.abilities[item.needs]);

const ROLE_LABEL: Record<Me['role'], string> = {
  admin: 'Admin',
  manager: 'Manager',
  user: 'User',
  contact: 'Contact',
};

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
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
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
