import type { SavedView } from '@helios/shared';
import type { SavedViewRow } from '../queries/saved-views.ts';

export const presentSavedView = (row: SavedViewRow): SavedView => ({
  id: row.id,
  scope: row.scope as SavedView['scope'],
  name: row.name,
  query: row.query,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});
