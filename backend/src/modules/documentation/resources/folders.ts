import {
  folderCreateSchema,
  folderSchema,
  folderUpdateSchema,
  type FolderTreeNode,
  idSchema,
} from '@helios/shared';
import { sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import { validationFailed } from '../../../core/errors.ts';
import { type FolderWithCounts, folderIsWithin, lockFolderMoves } from '../queries/content.ts';
import { documentationAccess, linkedToNobody } from '../access.ts';
import type { ResourceDefinition } from '../../../core/records/definition.ts';

export const folders: ResourceDefinition = {
  name: 'folders',
  table: 'folders',
  entityType: 'folder',
  createSchema: folderCreateSchema,
  responseSchema: folderSchema,
  updateSchema: folderUpdateSchema,
  listFilters: {
    schema: z.object({ parentFolderId: idSchema.optional() }),
    apply: (filters) =>
      typeof filters.parentFolderId === 'number'
        ? [sql<SqlBool>`r.parent_folder_id = ${filters.parentFolderId}`]
        : [],
  },
  searchColumns: ['name', 'description'],
  titleColumn: 'name',
  subtitle: (row) => (row.description as string | null)?.slice(0, 200) ?? null,
  // `refs` refuses a missing, foreign or archived parent before prepare runs.
  refs: { parentFolderId: 'folders' },
  tracksAccess: false,
  sortable: ['name', 'created_at', 'updated_at'],
  // A new folder has no descendants, so only a move can close a loop: checked inside the move's
  // transaction, behind a lock every move takes, against what other moves committed.
  async guardWrite(trx, organizationId, existing, change) {
    if (change.kind !== 'update' || typeof change.values.parent_folder_id !== 'number') return;
    await lockFolderMoves(trx, organizationId);
    if (await folderIsWithin(trx, change.values.parent_folder_id, existing.id as number)) {
      const message = 'a folder cannot be moved into itself or one of its subfolders';
      throw validationFailed(`parentFolderId: ${message}`, [{ path: 'parentFolderId', message }]);
    }
  },
  // Folders are organizing structure for IT staff; nothing links one to a user.
  ...documentationAccess(linkedToNobody),
};

/**
 * Live folders as a nested tree, children sorted by name. A live folder whose parent is archived
 * surfaces at the top level, so nothing live disappears from the tree.
 */
export function folderTree(rows: FolderWithCounts[]): FolderTreeNode[] {
  const nodes = new Map<number, FolderTreeNode>(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        description: r.description,
        parentFolderId: r.parent_folder_id,
        counts: { documents: r.documents, files: r.files, credentials: r.credentials },
        children: [],
      },
    ]),
  );
  const roots: FolderTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentFolderId === null ? undefined : nodes.get(node.parentFolderId);
    (parent ? parent.children : roots).push(node);
  }
  const byName = (a: FolderTreeNode, b: FolderTreeNode) => a.name.localeCompare(b.name) || a.id - b.id;
  const sort = (list: FolderTreeNode[]) => {
    list.sort(byName);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}
