import type { Ticket } from '@helios/shared';
import { Badge } from '@mantine/core';

const PRIORITY_COLOR: Record<string, string> = { low: 'gray', medium: 'blue', high: 'orange', urgent: 'red' };

export const priorityLabel = (p: string | null): string => (p ? p[0]?.toUpperCase() + p.slice(1) : 'None');

/** The ticket's status: its name always, its colour only as decoration. */
export function StatusBadge({ status }: { status: Ticket['status'] }) {
  return (
    <Badge variant="light" color={status.isClosed || status.isResolved ? 'gray' : 'indigo'}>
      {status.name}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: string | null }) {
  return (
    <Badge variant="outline" color={PRIORITY_COLOR[priority ?? ''] ?? 'gray'}>
      {priorityLabel(priority)}
    </Badge>
  );
}
