// Settings / About: the backend address (script properties, admins only) and a connection test.
import type { Me } from '../api/schemas.ts';
import { fn } from './names.ts';
import { action, bold, button, buttons, card, esc, field, input, paragraph, section, textOf } from './ui.ts';

export interface SettingsView {
  currentUrl: string | null;
  /** Who the server says we are, when it answered. */
  me: Me | null;
  /** Why the server did not answer, when it did not. */
  problem: string | null;
  canEdit: boolean;
  /** The address typed in the form (kept across a test). */
  draftUrl?: string;
}

export function settingsCard(view: SettingsView): GasCard {
  return card({
    title: 'Settings',
    subtitle: 'Helios add-on',
    name: 'settings',
    sections: [
      section('Connection', [
        field('Server', view.currentUrl ?? 'not set'),
        view.me ? field('Signed in as', `${view.me.name} <${view.me.email}> · ${view.me.role}`) : null,
        view.problem ? paragraph(`${bold('Not connected:')} ${esc(view.problem)}`) : null,
      ]),
      view.canEdit
        ? section('Server address', [
            input({
              name: 'backendUrl',
              title: 'Helios server URL',
              value: view.draftUrl ?? view.currentUrl ?? '',
              hint: 'https://helios.your-domain.org — must be in the manifest’s urlFetchWhitelist',
            }),
            buttons(
              button('Test connection', action(fn.testConnection)),
              button('Save', action(fn.saveSettings), true),
            ),
          ])
        : section(null, [textOf('Only a Helios admin can change the server address.')]),
      section('About', [
        textOf(
          'Helios: IT documentation and helpdesk for Google Workspace. This add-on shows people, devices and tickets in Gmail, Drive and Calendar.',
        ),
      ]),
    ],
  });
}
