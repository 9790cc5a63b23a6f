import { Anchor, Center, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';

/** Inside the shell (whose <main> holds it) or, wrapped in RootNotFound, on its own. */
export function NotFound() {
  return (
    <Center py={80} px="md">
      <Stack align="center" gap="xs" ta="center">
        <Text fz={48} fw={700} c="dimmed" aria-hidden>
          404
        </Text>
        <Title order={1} size="h3">
          There is no page here
        </Title>
        <Text c="dimmed" maw={420}>
          The link may be mistyped, or the page has moved. Start again from the dashboard, or use the
          navigation.
        </Text>
        <Anchor component={Link} to="/">
          Go to the dashboard
        </Anchor>
      </Stack>
    </Center>
  );
}

/** A path outside every route: the page has no shell, so it brings its own main landmark. */
export function RootNotFound() {
  return (
    <main>
      <NotFound />
    </main>
  );
}
