import { Button, Group } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { meQuery } from '../../auth.ts';
import { lifecycleAbilities } from '../../components/lifecycle/abilities.ts';

const TABS = [
  { key: 'requests', to: '/lifecycle', label: 'Requests' },
  { key: 'tasks', to: '/lifecycle/tasks', label: 'My tasks' },
  { key: 'templates', to: '/lifecycle/templates', label: 'Templates' },
] as const;

/** The lifecycle area's sections: requests for IT staff, templates for those who edit them, tasks for all. */
export function LifecycleTabs({ active }: { active: (typeof TABS)[number]['key'] }) {
  const { data: me } = useQuery(meQuery);
  const can = me ? lifecycleAbilities(me) : null;
  return (
    <Group component="nav" aria-label="Lifecycle" gap="xs">
      {TABS.filter((t) =>
        t.key === 'templates' ? can?.templates : t.key === 'requests' ? can?.requests : true,
      ).map((t) => (
        <Button
          key={t.key}
          component={Link}
          to={t.to}
          size="xs"
          variant={t.key === active ? 'light' : 'subtle'}
          aria-current={t.key === active ? 'page' : undefined}
        >
          {t.label}
        </Button>
      ))}
    </Group>
  );
}
