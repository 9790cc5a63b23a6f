// Settings: the backend address lives in script properties. Only a Helios admin may change it —
// except on first setup, or when the stored address does not lead to a Helios server at all (then
// nobody could prove anything). Either way the new server must itself confirm an admin, and the
// manifest's urlFetchWhitelist still bounds where the add-on can connect.
import { backendUrl, normalizeBackendUrl, saveBackendUrl } from '../api/client.ts';
import { describeError, HeliosError, inputError } from '../api/errors.ts';
import { getMe } from '../api/helios.ts';
import type { Me } from '../api/schemas.ts';
import { updateCard, toastOnly } from '../cards/responses.ts';
import { settingsCard } from '../cards/settings.ts';
import type { AddonEvent } from '../types/events.ts';
import { formValue } from './event.ts';

interface Connection {
  url: string | null;
  me: Me | null;
  problem: string | null;
  canEdit: boolean;
}

function connection(): Connection {
  const url = backendUrl();
  if (!url) return { url, me: null, problem: 'No server address is set yet.', canEdit: true };
  try {
    const me = getMe();
    return { url, me, problem: null, canEdit: me.abilities.manageSettings };
  } catch (error) {
    const broken =
      error instanceof HeliosError && (error.kind === 'unreachable' || error.kind === 'bad_response');
    return { url, me: null, problem: describeError(error).text, canEdit: broken };
  }
}

export function settingsCardFor(draftUrl?: string): GasCard {
  const c = connection();
  return settingsCard({
    currentUrl: c.url,
    me: c.me,
    problem: c.problem,
    canEdit: c.canEdit,
    ...(draftUrl ? { draftUrl } : {}),
  });
}

function typedUrl(e: AddonEvent): string {
  const normalized = normalizeBackendUrl(formValue(e, 'backendUrl'));
  if ('problem' in normalized) throw inputError(normalized.problem);
  return normalized.url;
}

export function testConnection(e: AddonEvent): GasActionResponse {
  const url = typedUrl(e);
  try {
    const me = getMe(url);
    return toastOnly(`Connected to ${url} as ${me.email} (${me.role})`);
  } catch (error) {
    const { title, text } = describeError(error);
    return toastOnly(`${title}: ${text}`);
  }
}

export function saveSettings(e: AddonEvent): GasActionResponse {
  const url = typedUrl(e);
  if (!connection().canEdit)
    throw new HeliosError('forbidden', 'Only a Helios admin can change the server address.');
  const me = getMe(url);
  if (!me.abilities.manageSettings) {
    throw inputError(`${url} says ${me.email} is not an admin there; the address was not saved.`);
  }
  saveBackendUrl(url);
  return updateCard(settingsCardFor(), `Saved: Helios is ${url}`, true);
}
