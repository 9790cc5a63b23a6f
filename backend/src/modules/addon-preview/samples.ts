import type { AddonSampleEmail } from '@helios/shared';
import type { MessageFixture } from '../../../../appsscript/runtime/addon.ts';
import { displayName } from '../../core/queries/users.ts';
import { displayNumber } from '../tickets/index.ts';
import type { SamplePersonRow } from './queries/samples.ts';

/**
 * The sample inbox of the preview: a few realistic emails from the organization's own people to the
 * IT inbox — a printer problem, a laptop request and, when someone has an open ticket, their
 * follow-up to it. Ids are stable per sender, so the same email opened again (by anyone) is the same
 * Gmail message and thread, and the add-on finds the ticket filed from it.
 */
export interface Sample {
  email: AddonSampleEmail;
  fixture: MessageFixture;
}

const SENT_AT = Date.UTC(2026, 0, 12, 9, 14);

export function sampleEmails(input: {
  people: SamplePersonRow[];
  domain: string;
  /** An open ticket about a colleague, and that colleague: the follow-up is theirs. */
  openTicket:
    { ticket: { prefix: string; number: number; subject: string }; person: SamplePersonRow } | undefined;
}): Sample[] {
  const [first, second, third] = input.people;
  const to = `it@${input.domain}`;
  const samples: Sample[] = [];
  const add = (
    kind: string,
    person: SamplePersonRow,
    subject: string,
    body: string,
    minutesLater: number,
  ): void => {
    const id = `sample-${kind}-${person.id}`;
    const threadId = `sample-thread-${kind}-${person.id}`;
    const name = displayName(person);
    const date = new Date(SENT_AT + minutesLater * 60_000);
    samples.push({
      email: {
        id,
        threadId,
        subject,
        fromName: name,
        fromEmail: person.email,
        to,
        date: date.toISOString(),
        snippet: body.replace(/\s+/g, ' ').slice(0, 120),
        body,
      },
      fixture: {
        id,
        threadId,
        subject,
        from: `${name} <${person.email}>`,
        to,
        date: date.toISOString(),
        plainBody: body,
        headers: { 'Message-ID': `<${id}@mail.${input.domain}>` },
      },
    });
  };
  const firstName = (p: SamplePersonRow): string => p.first_name ?? displayName(p);

  if (first) {
    add(
      'printer',
      first,
      'Printer on the 3rd floor keeps jamming',
      `Hi IT,\n\nThe printer next to the kitchen on the 3rd floor jams on every second page since this morning. ` +
        `I cleared the tray twice and it shows "Paper jam in tray 2" again.\n\nCould someone have a look? ` +
        `I need to print the board pack before 3 pm.\n\nThanks,\n${firstName(first)}`,
      0,
    );
  }
  if (second ?? first) {
    const person = second ?? first;
    if (person) {
      add(
        'laptop',
        person,
        'New laptop request for our new hire',
        `Hello,\n\nWe have a new analyst starting on Monday. Could you order a laptop for her (14", 16 GB) ` +
          `and set up her accounts?\n\nBest regards,\n${firstName(person)}`,
        47,
      );
    }
  }
  const open = input.openTicket;
  if (open) {
    const number = displayNumber(open.ticket);
    add(
      'follow-up',
      open.person,
      `Re: ${open.ticket.subject} [${number}]`,
      `Hi again,\n\nA quick follow-up on ${number}: it is still happening today, twice before lunch. ` +
        `Is there any update?\n\nThanks,\n${firstName(open.person)}`,
      95,
    );
  } else if (third) {
    add(
      'follow-up',
      third,
      'Re: VPN drops every few minutes',
      `Hi again,\n\nA quick follow-up: the VPN still drops every few minutes today. ` +
        `Is there any update?\n\nThanks,\n${firstName(third)}`,
      95,
    );
  }
  return samples;
}
