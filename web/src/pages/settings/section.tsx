import { Anchor, Breadcrumbs, Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { ComponentType, ReactNode } from 'react';
import { meQuery } from '../../auth.ts';
import { ApiKeysSection } from './api-keys.tsx';
import { AuditLogSection } from './audit-log.tsx';
import { CustomFieldsSection } from './custom-fields.tsx';
import { GoogleSection } from './google.tsx';
import { LifecycleScopesSection } from './lifecycle-scopes.tsx';
import { MicrosoftSection } from './microsoft.tsx';
import { SECTIONS } from './sections.ts';
import { SyncSection } from './sync.tsx';
import { TagsSection } from './tags.tsx';
import { TicketStatusesSection } from './ticket-statuses.tsx';

const route = getRouteApi('/app/settings/$section');

const PAGES: Record<string, ComponentType> = {
  google: GoogleSection,
  microsoft: MicrosoftSection,
  'lifecycle-scopes': LifecycleScopesSection,
  sync: SyncSection,
  'api-keys': ApiKeysSection,
  'custom-fields': CustomFieldsSection,
  'ticket-statuses': TicketStatusesSection,
  tags: TagsSection,
  'audit-log': AuditLogSection,
};

/** `/settings/<section>` — one admin area; without its ability, a page that says so (the API refuses too). */
export function SettingsSectionPage() {
  const { section: slug } = route.useParams();
  const { data: me } = useQuery(meQuery);
  const section = SECTIONS.find((s) => s.slug === slug);
  const Page = PAGES[slug];
  if (!me) return null;
  const crumbs = (
    <Breadcrumbs aria-label="Breadcrumb">
      <Anchor component={Link} to="/settings" size="sm">
        Settings
      </Anchor>
      <Text size="sm" aria-current="page">
        {section?.title ?? 'Unknown section'}
      </Text>
    </Breadcrumbs>
  );
  if (!section || !Page) {
    return (
      <Stack>
        {crumbs}
        <Title order={1} size="h2">
          No such settings section
        </Title>
        <Notice title="There is no settings page here">
          Pick a section from{' '}
          <Anchor component={Link} to="/settings" underline="always">
            Settings
          </Anchor>
          .
        </Notice>
      </Stack>
    );
  }
  return (
    <Stack>
      {crumbs}
      <div>
        <Title order={1} size="h2">
          {section.title}
        </Title>
        <Text size="sm" c="dimmed">
          {section.description}
        </Text>
      </div>
      {me.abilities[section.needs] ? (
        <Page />
      ) : (
        <Notice title="Your role does not manage this">
          Ask an admin of your organization if you need a change here. Your own sessions and notification
          choices are in{' '}
          <Anchor component={Link} to="/settings" underline="always">
            Settings
          </Anchor>
          .
        </Notice>
      )}
    </Stack>
  );
}

/** A page-level message right under the h1 (EmptyState's h3 would skip a level). */
function Notice({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby="notice-heading">
      <Title order={2} size="h4" id="notice-heading">
        {title}
      </Title>
      <Text size="sm" mt="xs">
        {children}
      </Text>
    </Card>
  );
}
