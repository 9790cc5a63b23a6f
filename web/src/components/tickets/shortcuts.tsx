import { Button, Kbd, Table } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconKeyboard } from '@tabler/icons-react';
import { Dialog } from '../dialog.tsx';

export interface Shortcut {
  keys: string;
  does: string;
}

/**
 * The page's keyboard shortcuts, listed behind a visible "Keyboard shortcuts (?)" button and on
 * `?`. Pages register their own keys with useHotkeys (which ignores keys typed into fields); `/`
 * and Ctrl/⌘+K are left to global search.
 */
export function ShortcutHelp({ shortcuts }: { shortcuts: readonly Shortcut[] }) {
  const [opened, { open, close }] = useDisclosure();
  useHotkeys([['shift+?', open]]);
  return (
    <>
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconKeyboard size={16} aria-hidden />}
        onClick={open}
        aria-keyshortcuts="?"
      >
        Keyboard shortcuts (?)
      </Button>
      <Dialog opened={opened} onClose={close} title="Keyboard shortcuts" size="md">
        <Table aria-label="Keyboard shortcuts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Key</Table.Th>
              <Table.Th scope="col">Does</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...shortcuts, { keys: '?', does: 'Show this list' }].map((s) => (
              <Table.Tr key={s.keys}>
                <Table.Td>
                  <Kbd>{s.keys}</Kbd>
                </Table.Td>
                <Table.Td>{s.does}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Dialog>
    </>
  );
}
