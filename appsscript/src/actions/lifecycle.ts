// "New joiner / leaver from this email" (IT staff): read HR's message, prefill what it says (names,
// work email, date, title, department, manager), let staff correct it, and file the request
// (`POST /lifecycle/requests`). Nothing runs until someone approves it in Helios.
import { backendUrl, call } from '../api/client.ts';
import { inputError } from '../api/errors.ts';
import {
  createLifecycleRequest as postRequest,
  getContext,
  getMe,
  lifecycleTemplatesRequest,
  type NewLifecycleRequest,
} from '../api/helios.ts';
import type { Me } from '../api/schemas.ts';
import { lifecycleFormCard, lifecycleRequestCard, type LifecyclePrefill } from '../cards/lifecycle.ts';
import { finishWith, pushCard } from '../cards/responses.ts';
import type { AddonEvent } from '../types/events.ts';
import { hashKey } from './entry.ts';
import { formValue } from './event.ts';
import { readMessage } from './message.ts';

/** Who is offered the action: those who may file lifecycle requests (IT staff). */
export function canStartLifecycle(me: Me): boolean {
  // A backend from before the lifecycle sends no such ability: then it has no lifecycle either.
  return me.abilities.requestLifecycle ?? false;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const pad = (n: number): string => String(n).padStart(2, '0');

const isoDate = (y: number, m: number, d: number): string | null => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? `${y}-${pad(m)}-${pad(d)}`
    : null;
};

/** The first unambiguous date: `2026-12-01`, `1 December 2026`, `December 1st, 2026`, `1 Dec 2026`. */
export function findDate(text: string): string {
  const iso = /\b(20\d\d)-(\d\d)-(\d\d)\b/.exec(text);
  const month = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
  const dmy = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+${month},?\\s+(20\\d\\d)\\b`, 'i').exec(
    text,
  );
  const mdy = new RegExp(`\\b${month}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(20\\d\\d)\\b`, 'i').exec(text);
  const monthOf = (name: string) => MONTHS.findIndex((m) => m.startsWith(name.toLowerCase().slice(0, 3))) + 1;
  const found = [
    iso ? { at: iso.index, date: isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) } : null,
    dmy ? { at: dmy.index, date: isoDate(Number(dmy[3]), monthOf(dmy[2] ?? ''), Number(dmy[1])) } : null,
    mdy ? { at: mdy.index, date: isoDate(Number(mdy[3]), monthOf(mdy[1] ?? ''), Number(mdy[2])) } : null,
  ]
    .filter((f): f is { at: number; date: string } => f !== null && f.date !== null)
    .sort((a, b) => a.at - b.at);
  return found[0]?.date ?? '';
}

const NAME = "([A-Z][a-zA-Z'’-]+(?:\\s+[A-Z][a-zA-Z'’-]+){1,2})";

/** A labelled line's value (`Department: Sales`). */
const labelled = (text: string, labels: string): string =>
  new RegExp(`^\\s*(?:${labels})\\s*[:\\-–]\\s*(.+?)\\s*$`, 'im').exec(text)?.[1]?.trim() ?? '';

/** The person's full name: a `Name:` line, or after "new starter" / "leaver", or before "joins" / "is leaving". */
function findName(text: string): string {
  const line = labelled(text, 'name|full name|employee|employee name|new starter|new hire|joiner|leaver');
  const fromLine = new RegExp(`^${NAME}`).exec(line.replace(/<[^>]*>/g, '').trim());
  if (fromLine?.[1]) return fromLine[1];
  const after = new RegExp(
    `\\b(?:new (?:starter|joiner|hire|employee)|leaver|offboarding|onboarding|welcome)\\s*(?:[:\\-–]|for|is)?\\s*${NAME}`,
    'i',
  ).exec(text);
  if (after?.[1] && /^[A-Z]/.test(after[1])) return after[1];
  const before = new RegExp(
    `${NAME}\\s+(?:will be |is )?(?:joining|joins|starting|starts|leaving|leaves)\\b`,
  ).exec(text);
  return before?.[1] ?? '';
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Joiner unless the email speaks of leaving. */
function findKind(text: string): LifecyclePrefill['kind'] {
  const leaving = (
    text.match(
      /\b(leav(?:er|ers|ing|es)|last (?:working )?day|resign\w*|terminat\w*|offboard\w*|departure)\b/gi,
    ) ?? []
  ).length;
  const joining = (
    text.match(
      /\b(new (?:starter|joiner|hire|employee)|joining|joins|start(?:s|ing)? (?:on|date)|onboard\w*|welcome)\b/gi,
    ) ?? []
  ).length;
  return leaving > joining ? 'offboarding' : 'onboarding';
}

/**
 * What a message from HR says about a joiner or leaver. Only what is unambiguous is taken; the rest
 * stays empty for staff to fill in.
 */
export function prefillFrom(
  message: { subject: string; body: string; senderEmail: string },
  myEmail: string,
): LifecyclePrefill {
  const text = `${message.subject}\n${message.body}`;
  const name = findName(text);
  const [firstName = '', ...rest] = name.split(/\s+/).filter(Boolean);
  const managerLine = labelled(text, 'manager|line manager|reports to|reporting to');
  const managerEmail = managerLine.match(EMAIL)?.[0] ?? '';
  const skip = new Set([
    message.senderEmail.toLowerCase(),
    myEmail.toLowerCase(),
    managerEmail.toLowerCase(),
  ]);
  const emailLine = labelled(text, 'email|work email|e-mail|address');
  const email =
    emailLine.match(EMAIL)?.[0] ?? (text.match(EMAIL) ?? []).find((e) => !skip.has(e.toLowerCase())) ?? '';
  return {
    kind: findKind(text),
    firstName,
    lastName: rest.join(' '),
    email: email.toLowerCase(),
    date: findDate(text),
    title: labelled(text, 'title|job title|role|position').slice(0, 200),
    department: labelled(text, 'department|team|dept').slice(0, 200),
    managerEmail: managerEmail.toLowerCase(),
  };
}

export function showLifecycleForm(e: AddonEvent): GasActionResponse {
  const message = readMessage(e);
  const me = getMe();
  if (!canStartLifecycle(me)) throw inputError('Only IT staff start onboarding or offboarding.');
  const templates = call(lifecycleTemplatesRequest()).items.filter((t) => t.isActive);
  return pushCard(
    lifecycleFormCard({
      gmail: { messageId: message.messageId, threadId: message.threadId, senderEmail: message.senderEmail },
      senderName: message.senderName,
      subject: message.subject,
      prefill: prefillFrom(message, me.email),
      templates,
    }),
  );
}

/** `YYYY-MM-DD` + `HH:MM` in the person's time zone (offset in ms from the event) → ISO UTC. */
export function effectiveAtOf(date: string, time: string, offsetMs: number): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!d || !isoDate(Number(d[1]), Number(d[2]), Number(d[3])))
    throw inputError('Enter the date as YYYY-MM-DD.');
  const t = /^(\d{1,2}):(\d{2})$/.exec(time || '09:00');
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) throw inputError('Enter the time as HH:MM.');
  const local = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  return new Date(local - offsetMs).toISOString();
}

export function createLifecycleRequest(e: AddonEvent): GasActionResponse {
  const message = readMessage(e);
  const me = getMe();
  if (!canStartLifecycle(me)) throw inputError('Only IT staff start onboarding or offboarding.');
  const templateId = Number(formValue(e, 'templateId'));
  if (!Number.isInteger(templateId) || templateId <= 0) throw inputError('Choose a template.');
  const template = call(lifecycleTemplatesRequest()).items.find((t) => t.id === templateId);
  if (!template) throw inputError('That template is gone; reopen the form.');
  const personEmail = formValue(e, 'personEmail').toLowerCase();
  if (!personEmail) throw inputError('Enter the work email.');
  const firstName = formValue(e, 'firstName');
  const lastName = formValue(e, 'lastName');
  if (template.kind === 'onboarding' && (!firstName || !lastName))
    throw inputError('Enter the joiner’s first and last name.');
  const offset = e.commonEventObject?.timeZone?.offset ?? 0;
  const optional = (name: string) => formValue(e, name) || undefined;
  // The thread may already be a ticket (HR's email filed first): the request points at it.
  let ticketId: number | undefined;
  try {
    ticketId = getContext(message.senderEmail, message.threadId).ticketForThread?.id;
  } catch {
    ticketId = undefined;
  }
  const body: NewLifecycleRequest = {
    kind: template.kind,
    personEmail,
    templateId,
    effectiveAt: effectiveAtOf(formValue(e, 'date'), formValue(e, 'time'), offset),
    notes:
      `From ${message.senderName ? `${message.senderName} <${message.senderEmail}>` : message.senderEmail}’s email “${message.subject}”`.slice(
        0,
        5000,
      ),
    ...(ticketId ? { ticketId } : {}),
    ...(template.kind === 'onboarding'
      ? {
          person: {
            firstName,
            lastName,
            ...(optional('title') ? { title: optional('title') } : {}),
            ...(optional('department') ? { department: optional('department') } : {}),
            ...(optional('managerEmail') ? { managerEmail: optional('managerEmail')?.toLowerCase() } : {}),
          },
        }
      : {}),
  };
  const request = postRequest(
    body,
    `lifecycle-${message.messageId.slice(0, 150)}-${hashKey(JSON.stringify(body))}`,
  );
  const base = backendUrl();
  return finishWith(
    lifecycleRequestCard(request, base ? `${base}/lifecycle/requests/${request.id}` : null),
    `${template.kind === 'onboarding' ? 'Joiner' : 'Leaver'} request created: waiting for approval`,
  );
}
