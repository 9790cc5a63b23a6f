/** The statuses a new organization starts with (admins may rename, reorder or add more). */
export const DEFAULT_TICKET_STATUSES = [
  { name: 'New', color: '#2563eb', is_default: true, is_resolved_status: false, is_closed_status: false },
  { name: 'Open', color: '#0891b2', is_default: false, is_resolved_status: false, is_closed_status: false },
  {
    name: 'In progress',
    color: '#7c3aed',
    is_default: false,
    is_resolved_status: false,
    is_closed_status: false,
  },
  {
    name: 'Waiting on customer',
    color: '#d97706',
    is_default: false,
    is_resolved_status: false,
    is_closed_status: false,
  },
  {
    name: 'Resolved',
    color: '#16a34a',
    is_default: false,
    is_resolved_status: true,
    is_closed_status: false,
  },
  { name: 'Closed', color: '#4b5563', is_default: false, is_resolved_status: false, is_closed_status: true },
];
