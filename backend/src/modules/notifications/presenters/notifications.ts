import type { NotificationRow } from '../queries/notifications.ts';

export function presentNotification(row: NotificationRow) {
  return {
    id: row.id,
    type: row.type,
    message: row.message,
    actionUrl: row.action_url,
    entityType: row.entity_type,
    entityId: row.entity_id,
    isRead: row.is_read,
    readAt: row.read_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}
