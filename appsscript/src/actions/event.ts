// Reading the event object: parameters and form inputs (commonEventObject first, legacy fields as
// a fallback), Gmail and Drive parts.
import { inputError } from '../api/errors.ts';
import type { SelectedFile } from '../cards/drive.ts';
import type { AddonEvent } from '../types/events.ts';

export function param(e: AddonEvent, name: string): string | undefined {
  const value = e.commonEventObject?.parameters?.[name] ?? e.parameters?.[name];
  return value === undefined || value === '' ? undefined : value;
}

export function intParam(e: AddonEvent, name: string): number | undefined {
  const raw = param(e, name);
  if (raw === undefined || !/^\d{1,10}$/.test(raw)) return undefined;
  return Number(raw);
}

export function requireInt(e: AddonEvent, name: string): number {
  const value = intParam(e, name);
  if (value === undefined) throw inputError(`Missing ${name}; reload the card and try again.`);
  return value;
}

export function formValues(e: AddonEvent, name: string): string[] {
  return e.commonEventObject?.formInputs?.[name]?.stringInputs?.value ?? [];
}

export function formValue(e: AddonEvent, name: string): string {
  return (formValues(e, name)[0] ?? '').trim();
}

export function gmailOf(e: AddonEvent): {
  messageId: string;
  threadId: string;
  accessToken: string | undefined;
} {
  const messageId = e.gmail?.messageId ?? param(e, 'messageId');
  const threadId = e.gmail?.threadId ?? param(e, 'threadId');
  if (!messageId || !threadId) throw inputError('Open an email first.');
  return { messageId, threadId, accessToken: e.gmail?.accessToken };
}

const isFile = (f: unknown): f is SelectedFile =>
  typeof f === 'object' &&
  f !== null &&
  typeof (f as SelectedFile).id === 'string' &&
  typeof (f as SelectedFile).title === 'string' &&
  typeof (f as SelectedFile).mimeType === 'string';

export const MAX_FILES = 20;

/** The Drive selection: from the event, else from the card's `files` parameter. */
export function selectedFiles(e: AddonEvent): SelectedFile[] {
  const fromEvent = (e.drive?.selectedItems ?? [])
    .filter((i) => i.id)
    .map((i) => ({
      id: i.id ?? '',
      title: i.title ?? i.id ?? '',
      mimeType: i.mimeType ?? 'application/octet-stream',
    }));
  if (fromEvent.length > 0) return fromEvent.slice(0, MAX_FILES);
  const raw = param(e, 'files');
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter(isFile).slice(0, MAX_FILES) : [];
  } catch {
    return [];
  }
}
