import { z } from 'zod';
import { longText, optionalRef, recordMeta, requiredText } from './fields.ts';

// Folders carry no custom fields (the custom_fields table does not allow them).
const folderFields = {
  name: requiredText(200),
  description: longText(),
  /** The parent folder (null: top level). Must be live, and never the folder itself or below it. */
  parentFolderId: optionalRef(),
};

export const folderCreateSchema = z.object(folderFields).strict();
export const folderUpdateSchema = z.object(folderFields).partial().strict();
export type FolderCreate = z.infer<typeof folderCreateSchema>;

export const folderSchema = z
  .object({
    ...recordMeta,
    name: z.string(),
    description: z.string().nullable(),
    parentFolderId: z.number().int().nullable(),
  })
  .meta({ id: 'Folder' });
export type Folder = z.infer<typeof folderSchema>;

/** Live records filed directly in a folder (not counting subfolders). */
export const folderCountsSchema = z.object({
  documents: z.number().int(),
  files: z.number().int(),
  credentials: z.number().int(),
});

/** One node of `GET /folders/tree`. */
export interface FolderTreeNode {
  id: number;
  name: string;
  description: string | null;
  parentFolderId: number | null;
  counts: z.infer<typeof folderCountsSchema>;
  children: FolderTreeNode[];
}

export const folderTreeNodeSchema: z.ZodType<FolderTreeNode> = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string().nullable(),
    parentFolderId: z.number().int().nullable(),
    counts: folderCountsSchema,
    get children() {
      return z.array(folderTreeNodeSchema);
    },
  })
  .meta({ id: 'FolderTreeNode' });

/** `GET /folders/tree` → `{ data: FolderTreeNode[] }` (top-level folders, children nested). */
export const folderTreeSchema = z.array(folderTreeNodeSchema);
