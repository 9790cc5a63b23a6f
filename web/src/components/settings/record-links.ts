/**
 * The console path of a record from its API entity type (`ticket` 12 → `/tickets/12`, `user` 9 →
 * `/users/9`, `software_license` 3 → `/software-licenses/3`). Search results and notifications name
 * records this way; the settings-only kinds open their settings section.
 */
const SETTINGS_KINDS: Record<string, string> = {
  ticket_status: '/settings/ticket-statuses',
  tag: '/settings/tags',
  custom_field: '/settings/custom-fields',
  api_key: '/settings/api-keys',
  sync_run: '/settings/sync',
};

/** Records of an area with its own paths (`lifecycle_request` 7 → `/lifecycle/requests/7`). */
const AREA_KINDS: Record<string, (id: number | null) => string> = {
  lifecycle_request: (id) => (id === null ? '/lifecycle' : `/lifecycle/requests/${id}`),
  user_request: (id) => (id === null ? '/lifecycle' : `/lifecycle/requests/${id}`),
  lifecycle_task: () => '/lifecycle/tasks',
  lifecycle_template: (id) => (id === null ? '/lifecycle/templates' : `/lifecycle/templates/${id}`),
};

export function recordPath(entityType: string, id: number | null): string | undefined {
  const area = AREA_KINDS[entityType];
  if (area) return area(id);
  const settings = SETTINGS_KINDS[entityType];
  if (settings) return settings;
  if (id === null) return undefined;
  return `/${entityType.replace(/_/g, '-')}s/${id}`;
}

/** What a search result's group is called. */
export const KIND_LABELS: Record<string, string> = {
  ticket: 'Tickets',
  user: 'People',
  group: 'Groups',
  org_unit: 'Organizational units',
  asset: 'Assets',
  software_license: 'Software licenses',
  domain: 'Domains',
  certificate: 'Certificates',
  credential: 'Vault',
  location: 'Locations',
  vendor: 'Vendors',
  document: 'Documentation',
  document_template: 'Document templates',
  folder: 'Folders',
  file: 'Files',
  tag: 'Tags',
  ticket_status: 'Ticket statuses',
  custom_field: 'Custom fields',
};

/** Tickets and people first (what a helpdesk looks up most), then the rest in this order. */
export const KIND_ORDER = Object.keys(KIND_LABELS);
