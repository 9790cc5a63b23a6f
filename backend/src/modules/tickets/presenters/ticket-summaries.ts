import type { TicketSummary } from '@helios/shared';
import { displayNumber } from '../display-number.ts';
import type { TicketSummaryRow } from '../queries/ticket-summaries.ts';

export function presentTicketSummary(row: TicketSummaryRow): TicketSummary {
  return {
    id: row.id,
    number: row.number,
    displayNumber: displayNumber(row),
    subject: row.subject,
    priority: row.priority,
    status: { id: row.status_id, name: row.status_name, color: row.status_color },
    assignedTo:
      row.assigned_to_user_id === null
        ? null
        : {
            id: row.assigned_to_user_id,
            name:
              [row.assignee_first_name, row.assignee_last_name].filter(Boolean).join(' ') ||
              (row.assignee_email ?? ''),
          },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
