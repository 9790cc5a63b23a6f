// The viewer's locale and time zone, for the times cards show. Google sends them in every event
// (commonEventObject.userLocale, .timeZone.id / .offset in ms) once the manifest sets
// addOns.common.useLocaleFromApp and asks for script.locale; without them times stay UTC and say so.
// Set once per call by the entry wrappers (actions/entry.ts), before the entry point runs: cards
// are built deep inside callbacks that have no event at hand.
import type { AddonEvent } from '../types/events.ts';

interface Viewer {
  locale: string;
  timeZone: string;
  /** UTC offset in ms, when the zone id is not one Intl knows. */
  offsetMs: number;
}

const UTC: Viewer = { locale: 'en', timeZone: 'UTC', offsetMs: 0 };
let viewer: Viewer = UTC;

function knownZone(id: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: id });
    return true;
  } catch {
    return false;
  }
}

function knownLocale(tag: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0 ? tag : 'en';
  } catch {
    return 'en';
  }
}

/** Reads the viewer from the event (legacy top-level fields as the fallback); unknown → UTC. */
export function setViewerFrom(e: unknown): void {
  const event = (typeof e === 'object' && e !== null ? e : {}) as AddonEvent & {
    userLocale?: string;
    userTimezone?: { id?: string; offSet?: string };
  };
  const common = event.commonEventObject ?? {};
  const locale = knownLocale(common.userLocale ?? event.userLocale ?? 'en');
  const id = common.timeZone?.id ?? event.userTimezone?.id;
  const offset = Number(common.timeZone?.offset ?? event.userTimezone?.offSet ?? 0);
  viewer = {
    locale,
    timeZone: id && knownZone(id) ? id : 'UTC',
    offsetMs: id && knownZone(id) ? 0 : Number.isFinite(offset) ? offset : 0,
  };
}

const parse = (iso: string): number | null => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

/** A timestamp in the viewer's zone and locale: "1 Mar 2026, 11:00"; "… UTC" when the zone is unknown. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = parse(iso);
  if (ms === null) return iso;
  // A date without a time (YYYY-MM-DD) is a calendar day: no zone shift.
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const text = new Intl.DateTimeFormat(viewer.locale, {
    timeZone: dateOnly ? 'UTC' : viewer.timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    ...(dateOnly ? {} : { hour: '2-digit', minute: '2-digit' }),
  }).format(new Date(ms + (dateOnly ? 0 : viewer.offsetMs)));
  return !dateOnly && viewer.timeZone === 'UTC' && viewer.offsetMs === 0 ? `${text} UTC` : text;
}

/** "just now", "5 min ago", "2 h ago", "3 d ago"; '' from 30 days on (or for a bad timestamp). */
function ago(iso: string, now: number): string {
  const ms = parse(iso);
  if (ms === null) return '';
  const minutes = Math.floor((now - ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return days < 30 ? `${days} d ago` : '';
}

/** How long ago ("2 h ago"), or the day once it is a month old. */
export const age = (iso: string | null | undefined, now = Date.now()): string =>
  iso ? ago(iso, now) || when(iso.slice(0, 10)) : '';

/** "1 Mar 2026, 11:00 (2 h ago)"; just the time once it is a month old. */
export function whenWithAge(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const recent = ago(iso, now);
  return recent ? `${when(iso)} (${recent})` : when(iso);
}
