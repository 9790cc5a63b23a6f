// The emails Helios sends, one template per notification type. Every piece of user text (subjects,
// replies, names) is escaped into the HTML part — nothing a user typed is ever passed through as
// markup — and the plain-text part carries the same words.
import { escapeHtml } from '../../core/html.ts';

export interface TicketFacts {
  id: number;
  displayNumber: string;
  subject: string;
  details: string;
  /** Link to the ticket in the console, when the console URL is configured. */
  url: string | null;
}

export type TemplateInput =
  | { type: 'ticket_received'; ticket: TicketFacts }
  | { type: 'ticket_reply'; ticket: TicketFacts; author: string; reply: string }
  | {
      type: 'ticket_status_changed';
      ticket: TicketFacts;
      status: string;
      finished: boolean;
      feedbackUrl: string | null;
    }
  | { type: 'ticket_assigned'; ticket: TicketFacts }
  | { type: 'test'; organization: string }
  | { type: 'generic'; message: string; url: string | null };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /**
   * RFC 3834: mail a machine sent on its own (not a person's reply relayed) says so, and asks
   * vacation responders to stay quiet, so two helpdesks never answer each other forever.
   */
  automatic: boolean;
}

/** Paragraphs of escaped text, line breaks kept. */
function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function link(url: string | null, label: string): { text: string; html: string } {
  if (!url) return { text: '', html: '' };
  return {
    text: `\n${label}: ${url}\n`,
    html: `<p><a href="${escapeHtml(url)}">${escapeHtml(label)}</a></p>`,
  };
}

function page(bodyHtml: string, footer: string): string {
  return [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    bodyHtml,
    `<hr><p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
}

const FOOTER = 'Reply to this email to add to the ticket. Please keep the ticket number in the subject.';

/** The stable subject of every email about a ticket: Gmail threads by it (and by References). */
export function ticketSubject(ticket: TicketFacts, reply: boolean): string {
  return `${reply ? 'Re: ' : ''}[${ticket.displayNumber}] ${ticket.subject}`;
}

export function render(input: TemplateInput): RenderedMail {
  switch (input.type) {
    case 'ticket_received': {
      const l = link(input.ticket.url, 'View the ticket');
      return {
        subject: ticketSubject(input.ticket, true),
        automatic: true,
        text: `We received your request and opened ${input.ticket.displayNumber}: ${input.ticket.subject}\n\nWe will reply here.${l.text}\n-- \n${FOOTER}\n`,
        html: page(
          `<p>We received your request and opened <b>${escapeHtml(input.ticket.displayNumber)}</b>: ${escapeHtml(input.ticket.subject)}</p><p>We will reply here.</p>${l.html}`,
          FOOTER,
        ),
      };
    }
    case 'ticket_reply': {
      const l = link(input.ticket.url, 'View the ticket');
      return {
        subject: ticketSubject(input.ticket, true),
        automatic: false,
        text: `${input.reply}\n\n-- \n${input.author} on ${input.ticket.displayNumber}${l.text}\n${FOOTER}\n`,
        html: page(
          `${paragraphs(input.reply)}<p style="color:#666">— ${escapeHtml(input.author)} on ${escapeHtml(input.ticket.displayNumber)}</p>${l.html}`,
          FOOTER,
        ),
      };
    }
    case 'ticket_status_changed': {
      const feedback = input.finished
        ? link(input.feedbackUrl, 'Tell us how we did')
        : { text: '', html: '' };
      const l = link(input.ticket.url, 'View the ticket');
      const line = `${input.ticket.displayNumber} is now ${input.status}.`;
      return {
        subject: ticketSubject(input.ticket, true),
        automatic: true,
        text: `${line}${input.finished ? ' If something is still wrong, reply to this email.' : ''}\n${feedback.text}${l.text}\n-- \n${FOOTER}\n`,
        html: page(
          `<p>${escapeHtml(line)}${input.finished ? ' If something is still wrong, reply to this email.' : ''}</p>${feedback.html}${l.html}`,
          FOOTER,
        ),
      };
    }
    case 'ticket_assigned': {
      const l = link(input.ticket.url, 'Open the ticket');
      return {
        subject: ticketSubject(input.ticket, true),
        automatic: true,
        text: `${input.ticket.displayNumber} was assigned to you: ${input.ticket.subject}\n\n${input.ticket.details}\n${l.text}`,
        html: page(
          `<p><b>${escapeHtml(input.ticket.displayNumber)}</b> was assigned to you: ${escapeHtml(input.ticket.subject)}</p>${paragraphs(input.ticket.details)}${l.html}`,
          'You get this because you are the assignee.',
        ),
      };
    }
    case 'test':
      return {
        subject: `Helios test email (${input.organization})`,
        automatic: true,
        text: 'This is a test email from Helios: mail is set up.\n',
        html: page(
          '<p>This is a test email from Helios: mail is set up.</p>',
          'Sent from the mail settings.',
        ),
      };
    case 'generic': {
      const l = link(input.url, 'Open in Helios');
      return {
        subject: `Helios: ${input.message.slice(0, 150)}`,
        automatic: true,
        text: `${input.message}\n${l.text}`,
        html: page(
          `<p>${escapeHtml(input.message)}</p>${l.html}`,
          'You can choose which notifications you get by email in Helios.',
        ),
      };
    }
  }
}

/** A template with sample data, for the settings' preview (what requesters and staff will get). */
export function preview(
  type: TemplateInput['type'],
  organization: string,
  consoleUrl: string | null,
): RenderedMail {
  const ticket: TicketFacts = {
    id: 42,
    displayNumber: 'TKT-42',
    subject: 'The printer on the 3rd floor jams',
    details: 'It jams every morning since Monday.',
    url: consoleUrl ? `${consoleUrl.replace(/\/+$/, '')}/tickets/42` : null,
  };
  switch (type) {
    case 'ticket_received':
    case 'ticket_assigned':
      return render({ type, ticket });
    case 'ticket_reply':
      return render({
        type,
        ticket,
        author: 'Sam Rivera',
        reply: 'Please open tray 2 and remove the jammed sheet.\n\nThanks!',
      });
    case 'ticket_status_changed':
      return render({
        type,
        ticket,
        status: 'Resolved',
        finished: true,
        feedbackUrl: ticket.url ? `${ticket.url}?feedback=1` : null,
      });
    case 'test':
      return render({ type, organization });
    case 'generic':
      return render({
        type,
        message: 'Domain acme.example expires in 30 days (2027-01-01)',
        url: consoleUrl,
      });
  }
}
