import type { FolderTreeNode } from '@helios/shared';
import { Badge, Group, NavLink, Text } from '@mantine/core';
import { IconFolder } from '@tabler/icons-react';

/** Total records filed in a folder, for its badge. */
const countOf = (n: FolderTreeNode) => n.counts.documents + n.counts.files + n.counts.credentials;

/**
 * The folders as a nested, keyboard-navigable list (`GET /folders/tree`, one request for the whole
 * tree); choosing one shows what is filed in it.
 */
export function FolderTree({
  nodes,
  selected,
  onSelect,
}: {
  nodes: FolderTreeNode[];
  selected: number | null;
  onSelect: (id: number) => void;
}) {
  return (
    <>
      {nodes.map((node) => (
        <NavLink
          key={node.id}
          component="button"
          type="button"
          label={
            <Group gap={6} wrap="nowrap">
              <Text size="sm">{node.name}</Text>
              <Badge size="xs" variant="light" color="gray" aria-label={`${countOf(node)} items`}>
                {countOf(node)}
              </Badge>
            </Group>
          }
          leftSection={<IconFolder size={16} aria-hidden />}
          active={selected === node.id}
          onClick={() => onSelect(node.id)}
          defaultOpened
          childrenOffset={16}
        >
          {node.children.length > 0 ? (
            <FolderTree nodes={node.children} selected={selected} onSelect={onSelect} />
          ) : undefined}
        </NavLink>
      ))}
    </>
  );
}
