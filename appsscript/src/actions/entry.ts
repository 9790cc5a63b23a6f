// Every exported entry point runs inside one of these: take the viewer's locale and time zone from
// the event (cards/locale.ts; cards are built deep inside callbacks with no event at hand), start
// the time budget, and turn any failure into a readable card or toast (the cause goes to the log,
// never to the user). Apps Script runs every call as a fresh execution, so this is per call.
import { logError, logInfo } from '../log.ts';
import { describeError, HeliosError } from '../api/errors.ts';
import { startInvocation } from '../api/client.ts';
import { errorCard, type RetryTarget } from '../cards/error.ts';
import { setViewerFrom } from '../cards/locale.ts';
import { toastOnly, universal, updateCard } from '../cards/responses.ts';
import type { AddonEvent } from '../types/events.ts';

function log(where: string, error: unknown): void {
  if (error instanceof HeliosError) logInfo(`${where}: ${error.kind} ${error.status} ${error.message}`);
  else logError(`${where} failed`, error instanceof Error ? (error.stack ?? error.message) : String(error));
}

const settingsMayHelp = (error: unknown): boolean =>
  error instanceof HeliosError && (error.kind === 'not_configured' || error.kind === 'unreachable');

export function errorCardFor(error: unknown, retry?: RetryTarget): GasCard {
  return errorCard({
    ...describeError(error),
    ...(retry ? { retry } : {}),
    offerSettings: settingsMayHelp(error),
  });
}

export function errorToast(error: unknown): string {
  const { title, text } = describeError(error);
  const message = `${title}: ${text}`;
  return message.length > 300 ? `${message.slice(0, 297)}…` : message;
}

/** A trigger that returns a card (homepage, contextual, item selection). */
export function cardEntry(name: string, build: (e: AddonEvent) => GasCard, retry?: RetryTarget) {
  return (e?: AddonEvent): GasCard => {
    setViewerFrom(e);
    startInvocation();
    try {
      return build(e ?? {});
    } catch (error) {
      log(name, error);
      return errorCardFor(error, retry);
    }
  };
}

/**
 * A button callback: failures become a toast (or, for `card`, an error card in place). A compose
 * action answers with a draft update instead of navigation; its failures are toasts too.
 */
export function actionEntry<R extends GasActionResponse | GasUpdateDraftActionResponse = GasActionResponse>(
  name: string,
  run: (e: AddonEvent) => R,
  onError: 'toast' | 'card' = 'toast',
) {
  return (e?: AddonEvent): R | GasActionResponse => {
    setViewerFrom(e);
    startInvocation();
    try {
      return run(e ?? {});
    } catch (error) {
      log(name, error);
      return onError === 'card' ? updateCard(errorCardFor(error)) : toastOnly(errorToast(error));
    }
  };
}

/** A universal action (⋮ menu): its cards, or an error card. */
export function universalEntry(name: string, build: (e: AddonEvent) => GasCard[]) {
  return (e?: AddonEvent): GasUniversalActionResponse => {
    setViewerFrom(e);
    startInvocation();
    try {
      return universal(build(e ?? {}));
    } catch (error) {
      log(name, error);
      return universal([errorCardFor(error)]);
    }
  };
}

/** FNV-1a, hex: a stable Idempotency-Key for the same input. */
export function hashKey(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
