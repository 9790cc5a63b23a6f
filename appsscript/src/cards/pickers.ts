// The pickers the ticket form and the ticket card share: priority, and the assignee (any staff
// member; "Me" first, then the queue). On the ticket card each saves on change.
import type { TicketFormOptions } from '../api/schemas.ts';
import { choice } from './ui.ts';

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

const capitalized = (p: string): string => `${p[0]?.toUpperCase() ?? ''}${p.slice(1)}`;

export const priorityChoice = (selected: string | null, onChange?: GasAction): GasSelectionInput => {
  const widget = choice({
    name: 'priority',
    title: 'Priority',
    kind: 'dropdown',
    items: PRIORITIES.map((p) => ({
      text: capitalized(p),
      value: p,
      selected: p === (selected ?? 'medium'),
    })),
  });
  return onChange ? widget.setOnChangeAction(onChange) : widget;
};

/** Any staff member, default me (a ticket card passes its assignee and an on-change action). */
export function assigneeChoice(
  options: TicketFormOptions,
  selectedId: number | null,
  meId: number,
  onChange?: GasAction,
): GasSelectionInput {
  const others = options.assignees.filter((a) => a.id !== meId);
  const widget = choice({
    name: 'assignee',
    title: 'Assign to',
    kind: 'dropdown',
    items: [
      { text: 'Me', value: String(meId), selected: selectedId === meId },
      { text: 'Nobody (queue)', value: 'none', selected: selectedId === null },
      ...others.map((a) => ({ text: a.name, value: String(a.id), selected: a.id === selectedId })),
    ],
  });
  return onChange ? widget.setOnChangeAction(onChange) : widget;
}
