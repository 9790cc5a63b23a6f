// "New joiner / leaver from this email": the form prefilled from HR's message, and the request it
// created. The template chosen decides the kind (joiner or leaver), so one form serves both.
import type { LifecycleRequest, LifecycleTemplate } from '../api/schemas.ts';
import { fn } from './names.ts';
import type { GmailRef } from './person.ts';
import {
  action,
  bold,
  button,
  card,
  choice,
  field,
  footer,
  input,
  linkButton,
  paragraph,
  section,
  when,
} from './ui.ts';

/** What the email seemed to say; every field stays editable. */
export interface LifecyclePrefill {
  kind: 'onboarding' | 'offboarding';
  firstName: string;
  lastName: string;
  email: string;
  /** `YYYY-MM-DD`. */
  date: string;
  title: string;
  department: string;
  managerEmail: string;
}

export interface LifecycleFormView {
  gmail: GmailRef & { senderEmail: string };
  senderName: string | null;
  subject: string;
  prefill: LifecyclePrefill;
  templates: Pick<LifecycleTemplate, 'id' | 'kind' | 'name'>[];
}

export const KIND_WORD = { onboarding: 'Joiner', offboarding: 'Leaver' } as const;

export function lifecycleFormCard(view: LifecycleFormView): GasCard {
  const { prefill } = view;
  // The likely kind's templates first, its first one selected.
  const ordered = [
    ...view.templates.filter((t) => t.kind === prefill.kind),
    ...view.templates.filter((t) => t.kind !== prefill.kind),
  ];
  return card({
    title: 'New joiner / leaver',
    subtitle: `From ${view.senderName ?? view.gmail.senderEmail}’s email`,
    name: 'lifecycle-form',
    sections: [
      ordered.length === 0
        ? section(null, [
            paragraph(
              `${bold('No active template.')} An admin creates joiner and leaver templates in the Helios console (Lifecycle → Templates).`,
            ),
          ])
        : section(null, [
            choice({
              name: 'templateId',
              title: 'Template (decides joiner or leaver)',
              kind: 'dropdown',
              items: ordered.map((t, i) => ({
                text: `${KIND_WORD[t.kind]}: ${t.name}`,
                value: String(t.id),
                selected: i === 0,
              })),
            }),
          ]),
      section('Person', [
        input({ name: 'firstName', title: 'First name', value: prefill.firstName }),
        input({ name: 'lastName', title: 'Last name', value: prefill.lastName }),
        input({
          name: 'personEmail',
          title: 'Work email',
          value: prefill.email,
          hint: 'Joiner: the account to create. Leaver: their address.',
        }),
      ]),
      section('When', [
        input({
          name: 'date',
          title: 'Date (YYYY-MM-DD)',
          value: prefill.date,
          hint: 'Start date, or last day',
        }),
        input({
          name: 'time',
          title: 'Time (HH:MM, your time zone)',
          value: prefill.kind === 'offboarding' ? '17:00' : '09:00',
        }),
      ]),
      section(
        'Joiner details',
        [
          input({ name: 'title', title: 'Title', value: prefill.title }),
          input({ name: 'department', title: 'Department', value: prefill.department }),
          input({ name: 'managerEmail', title: 'Manager’s email', value: prefill.managerEmail }),
        ],
        prefill.kind === 'offboarding' ? 0 : undefined,
      ),
      section(null, [field('Requested by', view.gmail.senderEmail), field('Email', view.subject)]),
    ],
    ...(ordered.length > 0
      ? {
          footer: footer(
            button('Create request', action(fn.createLifecycleRequest, { ...view.gmail }), true),
          ),
        }
      : {}),
  });
}

const STATUS_WORD: Record<LifecycleRequest['status'], string> = {
  pending: 'Waiting for approval',
  approved: 'Approved',
  in_progress: 'In progress',
  failed: 'A step failed',
  completed: 'Completed',
  cancelled: 'Cancelled',
  rejected: 'Rejected',
};

/** The request just created: who, when, its state, and where to follow it. */
export function lifecycleRequestCard(request: LifecycleRequest, consoleUrl: string | null): GasCard {
  return card({
    title: `${KIND_WORD[request.kind]}: ${request.person.name || request.person.email}`,
    subtitle: STATUS_WORD[request.status],
    name: 'lifecycle-request',
    sections: [
      section(null, [
        field('Email', request.person.email),
        field(request.kind === 'onboarding' ? 'Starts' : 'Last day', when(request.effectiveAt)),
        field('Template', request.template?.name),
        field('Steps', String(request.progress.total)),
        request.status === 'pending'
          ? paragraph(
              'Nothing runs until a manager or admin approves it in Helios (a dry run shows every call first).',
            )
          : null,
      ]),
    ],
    ...(consoleUrl ? { footer: footer(linkButton('Open in Helios', consoleUrl)) } : {}),
  });
}
