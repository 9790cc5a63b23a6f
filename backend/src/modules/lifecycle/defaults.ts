import type { LifecycleKind, LifecycleTemplateStep } from '@helios/shared';

/**
 * The templates every organization starts with (editable, deletable): what a careful IT team does
 * for a joiner and a leaver. The migration that introduced templates wrote a frozen copy of these
 * for organizations that already existed; new organizations get them from onOrganizationCreated.
 */
export interface DefaultTemplate {
  kind: LifecycleKind;
  name: string;
  description: string;
  steps: LifecycleTemplateStep[];
}

const action = (
  key: string,
  name: string,
  type: Extract<LifecycleTemplateStep, { kind: 'action' }>['action'],
  params: Record<string, unknown> = {},
): LifecycleTemplateStep => ({ key, kind: 'action', name, action: type, params, offsetDays: 0 });

/**
 * Onboarding, for an organization whose primary domain is `domain`: the joiner joins its everyone@
 * group and gets a Business Standard license — both to edit to the organization's own before the
 * first joiner (a group that does not exist fails that step with Google's message).
 */
export const defaultOnboarding = (domain: string): DefaultTemplate => ({
  kind: 'onboarding',
  name: 'Default onboarding',
  description:
    'Creates the Google account, fills in the profile, adds groups and licenses, assigns a laptop from storage, and opens the tasks a joiner needs.',
  steps: [
    action('create-account', 'Create the Google account', 'google.createUser'),
    action('set-profile', 'Set title, department, manager and phones', 'google.updateProfile'),
    action('add-groups', 'Add to groups', 'google.addToGroups', { groups: [`everyone@${domain}`] }),
    action('assign-licenses', 'Assign licenses', 'google.assignLicenses', {
      skus: [{ productId: 'Google-Apps', skuId: '1010020028' }],
    }),
    action('assign-laptop', 'Assign a laptop from storage', 'helios.assignAssets', {
      fromStorage: { category: 'computer' },
    }),
    {
      key: 'prepare-desk',
      kind: 'task',
      name: 'Prepare the desk',
      description: 'Desk, chair, screen and badge ready on the first day.',
      assignee: { kind: 'manager' },
      offsetDays: -1,
    },
    action('hardware-ticket', 'File a ticket for the hardware', 'helios.fileTicket', {
      subject: 'Hardware for a new joiner',
      priority: 'medium',
    }),
  ],
});

/**
 * The order keeps mail flowing: forwarding, delegation and the auto-reply are set while the account
 * still receives mail, data moves to the manager before anything locks the account, and suspension
 * comes last of the Google steps. Mobile devices get an account wipe (the work account leaves the
 * phone, personal data stays); a full remote wipe is opt-in (mode `admin_remote_wipe`).
 */
export const DEFAULT_OFFBOARDING: DefaultTemplate = {
  kind: 'offboarding',
  name: 'Default offboarding',
  description:
    "Keeps the leaver's mail flowing to their manager, hands their files over, locks the account, frees licenses, and checks in what Helios lent them.",
  steps: [
    action('forward-mail', 'Forward mail to the manager', 'google.setMailForwarding', { to: 'manager' }),
    action('delegate-mailbox', 'Let the manager read the mailbox', 'google.addMailDelegate', {
      to: 'manager',
    }),
    action('vacation-responder', 'Set an auto-reply', 'google.setVacationResponder', {
      subject: 'No longer with the company',
      message:
        'Thank you for your email. I am no longer with the company; your message has been forwarded to my manager.',
    }),
    action('transfer-data', 'Transfer Drive and Calendar to the manager', 'google.transferData', {
      to: 'manager',
    }),
    action('sign-out', 'Sign out of every session', 'google.signOut'),
    action('revoke-tokens', 'Revoke app tokens', 'google.revokeTokens'),
    action('reset-password', 'Reset the password', 'google.resetPassword'),
    action('remove-groups', 'Remove from every group', 'google.removeFromGroups'),
    action('change-licenses', 'Remove licenses', 'google.changeLicenses', { remove: 'all' }),
    action('wipe-mobile', 'Remove the work account from mobile devices', 'google.wipeMobileDevices', {
      mode: 'admin_account_wipe',
    }),
    action('move-ou', 'Move to the leavers organizational unit', 'google.moveOrgUnit', {
      orgUnitPath: '/Leavers',
    }),
    action('suspend', 'Suspend the account', 'google.suspendUser'),
    action('check-in-assets', 'Check in Helios assets and license seats', 'helios.checkInAssets'),
    action('revoke-helios', 'Revoke Helios API keys and sessions', 'helios.revokeAccess'),
    {
      key: 'collect-laptop',
      kind: 'task',
      name: 'Collect the laptop, phone and badge',
      assignee: { kind: 'manager' },
      offsetDays: 0,
    },
  ],
};

export const defaultTemplates = (domain: string): readonly DefaultTemplate[] => [
  defaultOnboarding(domain),
  DEFAULT_OFFBOARDING,
];
