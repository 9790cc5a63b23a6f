import type {
  LifecycleActionType,
  LifecycleKind,
  LifecycleRequest,
  LifecycleStep,
  UserStatus,
} from '@helios/shared';
import { Badge, type MantineColor } from '@mantine/core';

// Words and colours for the lifecycle's states, shared by its pages, the person page and the
// directory (a person's status looks the same wherever they appear).

export const KIND_LABEL: Record<LifecycleKind, string> = {
  onboarding: 'Joiner',
  offboarding: 'Leaver',
};

export const ACTION_LABEL: Record<LifecycleActionType, string> = {
  'google.createUser': 'Create the Google account',
  'google.updateProfile': 'Set title, department, manager, phones',
  'google.addToGroups': 'Add to groups',
  'google.assignLicenses': 'Assign licenses',
  'helios.assignAssets': 'Assign Helios assets',
  'helios.fileTicket': 'File a ticket',
  'google.setMailForwarding': 'Forward mail',
  'google.addMailDelegate': 'Add a mail delegate',
  'google.setVacationResponder': 'Set the vacation responder',
  'google.transferData': 'Transfer Drive and Calendar',
  'google.signOut': 'Sign out of every session',
  'google.revokeTokens': 'Revoke OAuth tokens',
  'google.resetPassword': 'Reset the password',
  'google.removeFromGroups': 'Remove from every group',
  'google.changeLicenses': 'Remove or change licenses',
  'google.wipeMobileDevices': 'Wipe mobile devices',
  'google.moveOrgUnit': 'Move to an organizational unit',
  'google.suspendUser': 'Suspend the account',
  'helios.checkInAssets': 'Check in assets and license seats',
  'helios.revokeAccess': 'Revoke Helios API keys and sessions',
};

const REQUEST_STATUS: Record<LifecycleRequest['status'], { label: string; color: MantineColor }> = {
  pending: { label: 'Waiting for approval', color: 'yellow.9' },
  approved: { label: 'Approved', color: 'blue.9' },
  in_progress: { label: 'In progress', color: 'blue.9' },
  failed: { label: 'Failed', color: 'red.9' },
  completed: { label: 'Completed', color: 'teal.9' },
  cancelled: { label: 'Cancelled', color: 'gray.8' },
  rejected: { label: 'Rejected', color: 'gray.8' },
};

export const requestStatusLabel = (s: LifecycleRequest['status']): string => REQUEST_STATUS[s].label;

export function RequestStatusBadge({ status }: { status: LifecycleRequest['status'] }) {
  const s = REQUEST_STATUS[status];
  // Waiting: dark text on light yellow (white on Mantine's yellow falls under 4.5:1).
  if (status === 'pending')
    return (
      <Badge color="yellow" variant="light" c="dark.8">
        {s.label}
      </Badge>
    );
  return (
    <Badge color={s.color} variant={status === 'completed' ? 'outline' : 'filled'}>
      {s.label}
    </Badge>
  );
}

export const STEP_STATUS: Record<LifecycleStep['status'], { label: string; color: MantineColor }> = {
  pending: { label: 'Pending', color: 'gray.7' },
  scheduled: { label: 'Scheduled', color: 'blue.8' },
  running: { label: 'Running', color: 'blue.9' },
  completed: { label: 'Done', color: 'teal.9' },
  skipped: { label: 'Skipped', color: 'gray.7' },
  failed: { label: 'Failed', color: 'red.9' },
  cancelled: { label: 'Cancelled', color: 'gray.7' },
};

/** A step's state; a task waiting for its person reads "Open" rather than "Pending". */
export function StepStatusBadge({
  status,
  task = false,
}: {
  status: LifecycleStep['status'];
  task?: boolean;
}) {
  const s = task && status === 'pending' ? { label: 'Open', color: 'grape.9' } : STEP_STATUS[status];
  return (
    <Badge
      size="sm"
      color={s.color}
      variant={status === 'failed' || status === 'running' ? 'filled' : 'outline'}
    >
      {s.label}
    </Badge>
  );
}

/** Still moving: the request page polls while any of these hold. */
export const isRunning = (r: Pick<LifecycleRequest, 'status' | 'steps'>): boolean =>
  r.status === 'approved' || r.status === 'in_progress' || r.steps.some((s) => s.status === 'running');

const USER_STATUS: Record<UserStatus, { label: string; color: MantineColor; variant: 'filled' | 'outline' }> =
  {
    pending: { label: 'Joining', color: 'blue.9', variant: 'outline' },
    active: { label: 'Active', color: 'teal.9', variant: 'outline' },
    suspended: { label: 'Suspended', color: 'red.9', variant: 'filled' },
    offboarding: { label: 'Leaving', color: 'orange.9', variant: 'filled' },
    offboarded: { label: 'Left', color: 'gray.8', variant: 'filled' },
  };

/** Where a person is in their lifecycle (organization_users.user_status). */
export function UserStatusBadge({ status }: { status: UserStatus }) {
  const s = USER_STATUS[status];
  // Leaving: dark text on light orange (white on orange falls under 4.5:1).
  if (status === 'offboarding')
    return (
      <Badge color="orange" variant="light" c="dark.8">
        {s.label}
      </Badge>
    );
  return (
    <Badge color={s.color} variant={s.variant}>
      {s.label}
    </Badge>
  );
}

export const userStatusLabel = (s: UserStatus): string => USER_STATUS[s].label;

/** A timestamp in the reader's own time zone, with the weekday (steps are planned by day). */
export const localTime = (iso: string | null): string =>
  iso
    ? new Date(iso).toLocaleString(undefined, {
        weekday: 'short',
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';

const isUserStatus = (v: unknown): v is UserStatus =>
  v === 'pending' || v === 'active' || v === 'suspended' || v === 'offboarding' || v === 'offboarded';

/** A person record's `userStatus`, when the API sends one (users, people context). */
export const userStatusOf = (u: object): UserStatus | null => {
  const v: unknown = (u as { userStatus?: unknown }).userStatus;
  return isUserStatus(v) ? v : null;
};
