import { randomBytes } from 'node:crypto';
import type { AddonFormValue, AddonPreviewResult } from '@helios/shared';
import {
  bundleFunctions,
  bundleIsStale,
  ensureBuilt,
  gmailEvent,
  homepageEvent,
  readManifest,
  type MessageFixture,
} from '../../../../appsscript/runtime/addon.ts';
import {
  APPS_SCRIPT_CALL_LIMIT_MS,
  AddonCallTimeoutError,
  isolatedRunner,
  type IsolatedCall,
} from '../../../../appsscript/runtime/isolated.ts';
import { timedOut } from '../../core/errors.ts';

/** What the add-on's manifest says the preview needs: its name, triggers and ⋮-menu actions. */
export interface AddonEntryPoints {
  name: string;
  homepageTrigger: string;
  gmailTrigger: string;
  universalActions: Array<{ label: string; runFunction: string }>;
  functions: Set<string>;
}

interface ManifestShape {
  addOns?: {
    common?: {
      name?: string;
      homepageTrigger?: { runFunction?: string };
      universalActions?: Array<{ label?: string; runFunction?: string }>;
    };
    gmail?: { contextualTriggers?: Array<{ onTriggerFunction?: string }> };
  };
}

let entryPoints: AddonEntryPoints | undefined;

/** The built bundle's entry points, re-read after a rebuild (the bundle is rebuilt when stale). */
export function addonEntryPoints(): AddonEntryPoints {
  if (entryPoints && !bundleIsStale()) return entryPoints;
  ensureBuilt();
  const common = (readManifest() as ManifestShape).addOns?.common;
  const gmail = (readManifest() as ManifestShape).addOns?.gmail;
  entryPoints = {
    name: common?.name ?? 'Add-on',
    homepageTrigger: common?.homepageTrigger?.runFunction ?? 'onHomepage',
    gmailTrigger: gmail?.contextualTriggers?.[0]?.onTriggerFunction ?? 'onGmailMessage',
    universalActions: (common?.universalActions ?? []).flatMap((a) =>
      a.label && a.runFunction ? [{ label: a.label, runFunction: a.runFunction }] : [],
    ),
    functions: new Set(bundleFunctions()),
  };
  return entryPoints;
}

export interface PreviewRun {
  fn: string;
  /** The caller, whom the add-on runs as. */
  email: string;
  /** A Google ID token for the caller (ScriptApp.getIdentityToken()). */
  idToken: string;
  /** This backend as the add-on reaches it (and the only place its UrlFetchApp may call). */
  backendUrl: string;
  /** The open email, if any (a Gmail event); otherwise a homepage event. */
  message: MessageFixture | undefined;
  parameters: Record<string, string> | undefined;
  formInputs: Record<string, AddonFormValue> | undefined;
}

export type PreviewRunner = (run: PreviewRun) => Promise<AddonPreviewResult>;

/** Runs calls in their own worker threads, at most `limitMs` each (default Apps Script's 30 s). */
export function previewRunner(options: { limitMs?: number } = {}): PreviewRunner {
  const limitMs = options.limitMs ?? APPS_SCRIPT_CALL_LIMIT_MS;
  const run = isolatedRunner({ limitMs });
  return async (input) => {
    // Gmail hands each execution a fresh per-message access token; the stand-in checks it is set.
    const accessToken = randomBytes(16).toString('hex');
    const eventOptions = {
      ...(input.parameters ? { parameters: input.parameters } : {}),
      ...(input.formInputs ? { formInputs: input.formInputs } : {}),
    };
    const message = input.message ? { ...input.message, accessToken } : undefined;
    const event = message
      ? gmailEvent({ messageId: message.id ?? '', threadId: message.threadId, accessToken, ...eventOptions })
      : homepageEvent({ hostApp: 'GMAIL', ...eventOptions });
    const call: IsolatedCall = {
      fn: input.fn,
      event,
      token: input.idToken,
      userEmail: input.email,
      messages: message ? { [message.id ?? '']: message } : {},
      scriptProperties: { HELIOS_BACKEND_URL: input.backendUrl },
      urlFetchAllowlist: [`${input.backendUrl}/`],
    };
    try {
      const result = await run(call);
      if (!result.ok) return outcome({ error: result.error }, result.ms, result.fetches);
      return outcome(classify(result.value), result.ms, result.fetches);
    } catch (error) {
      if (error instanceof AddonCallTimeoutError) {
        throw timedOut(
          `The add-on's ${input.fn} ran longer than ${Math.round(limitMs / 1000)} s (Apps Script's limit for one call) and was stopped. ` +
            'Gmail would show "the add-on is taking too long"; try again, and if it keeps happening check that the backend answers quickly.',
        );
      }
      throw error;
    }
  };
}

type Classified = Partial<Pick<AddonPreviewResult, 'cards' | 'actionResponse' | 'error'>>;

const isCard = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Array.isArray((value as { sections?: unknown }).sections);

/** A Card, a Card[] or an ActionResponse, as Google's runtime would take them. */
function classify(value: unknown): Classified {
  if (Array.isArray(value) && value.length > 0 && value.every(isCard)) return { cards: value as never };
  if (isCard(value)) return { cards: [value as never] };
  if (typeof value === 'object' && value !== null && 'renderActions' in value)
    return { actionResponse: value as never };
  return { error: 'The add-on returned neither a card nor an action response' };
}

function outcome(parts: Classified, ms: number, fetches: number): AddonPreviewResult {
  return {
    cards: parts.cards ?? null,
    actionResponse: parts.actionResponse ?? null,
    error: parts.error ?? null,
    ms: Math.round(ms),
    fetches,
  };
}
