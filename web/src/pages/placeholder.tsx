import { Anchor, Stack, Title } from '@mantine/core';
import { useMatches } from '@tanstack/react-router';
import { EmptyState } from '../components/states.tsx';

/** Sections whose pages arrive with the entity pass; until then, say where the data is. */
export function PlaceholderPage() {
  const title = useMatches({ select: (m) => m.at(-1)?.staticData.title }) ?? 'Helios';
  return (
    <Stack>
      <Title order={1} size="h2">
        {title}
      </Title>
      <EmptyState title={`${title} pages are on their way`}>
        This section of the console is being built. Everything in it is already available through the API: see
        the <Anchor href="/docs">API documentation</Anchor>.
      </EmptyState>
    </Stack>
  );
}
