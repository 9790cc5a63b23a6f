// Times in cards follow the viewer (issue 12, defect 5): with useLocaleFromApp, Google sends the
// user's locale and time zone in every event, and cards show local times with their age
// ("2 h ago"); without them the time says UTC rather than pretending to be local.
import { afterEach, describe, expect, it } from 'vitest';
import { homepageEvent, loadAddon, navigatedCards, widgetsOf, type Addon, type CardJson } from './harness.ts';
import { BACKEND, ok, router, staffRoutes, ticket42 } from './support/fixtures.ts';

let addon: Addon | undefined;
afterEach(() => addon?.close());

const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000 - 60_000).toISOString();

function ticketCard(event: Record<string, unknown>, createdAt: string): CardJson {
  addon = loadAddon({ token: 'tok', scriptProperties: { HELIOS_BACKEND_URL: BACKEND } });
  addon.urlFetch.stub(
    router({
      ...staffRoutes(),
      'GET tickets/42': ok({ ...ticket42, createdAt, attachments: [], replies: [] }),
    }),
  );
  const [card] = navigatedCards(addon.actionResponse('onOpenTicket', event));
  if (!card) throw new Error('no ticket card');
  return card;
}

const opened = (card: CardJson): string =>
  widgetsOf(card, 'decoratedText').find((d) => d.topLabel === 'Opened')?.text ?? '';

describe('times in the viewer’s zone and locale', () => {
  it('New York, en-US: the local wall-clock time, and how long ago', () => {
    const card = ticketCard(
      homepageEvent({ parameters: { ticketId: '42' }, timeZone: 'America/New_York', userLocale: 'en-US' }),
      '2026-03-01T15:30:00.000Z',
    );
    // 15:30 UTC is 10:30 in New York (EST, UTC−5).
    expect(opened(card)).toMatch(/^Mar 1, 2026, 10:30 AM( by |$)/);
    expect(opened(card)).not.toContain('UTC');
  });

  it('Berlin, de-DE: a German date, 24-hour clock', () => {
    const card = ticketCard(
      homepageEvent({ parameters: { ticketId: '42' }, timeZone: 'Europe/Berlin', userLocale: 'de-DE' }),
      '2026-03-01T15:30:00.000Z',
    );
    expect(opened(card)).toContain('1. März 2026');
    expect(opened(card)).toContain('16:30');
  });

  it('ages: "2 h ago" beside a recent time', () => {
    const card = ticketCard(
      homepageEvent({ parameters: { ticketId: '42' }, timeZone: 'Europe/Berlin', userLocale: 'en-GB' }),
      twoHoursAgo,
    );
    expect(opened(card)).toMatch(/\(2 h ago\)/);
  });

  it('no zone in the event (or one Intl does not know): the time says UTC', () => {
    const card = ticketCard(
      homepageEvent({ parameters: { ticketId: '42' }, timeZone: 'Mars/Olympus', userLocale: 'en-US' }),
      '2026-03-01T15:30:00.000Z',
    );
    expect(opened(card)).toMatch(/3:30 PM UTC/);
  });
});
