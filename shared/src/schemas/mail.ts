import { z } from 'zod';

/** How Helios sends mail: the Gmail API as the support address, or an SMTP server. */
export const mailTransportSchema = z.enum(['gmail', 'smtp']).meta({ id: 'MailTransport' });
export type MailTransport = z.infer<typeof mailTransportSchema>;

const domainList = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,63}$/, 'expected a domain such as example.com'),
  )
  .max(200);

/** `PUT /settings/mail` (admin). The SMTP password is write-only: sealed, never returned. */
export const mailSettingsInputSchema = z
  .object({
    transport: mailTransportSchema,
    /** The support address mail is sent as (the service account impersonates it for Gmail). */
    fromAddress: z.email().max(320),
    /** Display name on outgoing mail (default: the organization's name). */
    fromName: z.string().trim().min(1).max(200).optional(),
    /** The mailbox whose new messages become tickets and replies (Gmail only). */
    watchMailbox: z.email().max(320).nullable().optional(),
    smtp: z
      .object({
        host: z.string().trim().min(1).max(255),
        port: z.number().int().min(1).max(65_535),
        secure: z.boolean(),
        user: z.string().max(320).optional(),
        /** Omitted on an update: the stored password is kept. */
        password: z.string().min(1).max(1000).optional(),
      })
      .strict()
      .optional(),
    /** Where the web console is served (links in emails), e.g. https://helios.example.com. */
    consoleUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .nullable()
      .optional(),
    pollIntervalMinutes: z.number().int().min(1).max(1440).optional(),
    /** Only senders of these domains make new tickets (empty: any domain not denied). */
    allowDomains: domainList.optional(),
    /** Senders of these domains never make tickets. */
    denyDomains: domainList.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.transport === 'smtp' && !value.smtp) {
      ctx.addIssue({ code: 'custom', path: ['smtp'], message: 'required when transport is "smtp"' });
    }
  })
  .meta({ id: 'MailSettingsInput' });
export type MailSettingsInput = z.infer<typeof mailSettingsInputSchema>;

/** The mail settings as shown: never the SMTP password, only whether one is stored. */
export const mailSettingsSchema = z
  .object({
    configured: z.boolean(),
    transport: mailTransportSchema.nullable(),
    fromAddress: z.string().nullable(),
    fromName: z.string().nullable(),
    watchMailbox: z.string().nullable(),
    smtp: z
      .object({
        host: z.string(),
        port: z.number().int(),
        secure: z.boolean(),
        user: z.string().nullable(),
        passwordSet: z.boolean(),
      })
      .nullable(),
    consoleUrl: z.string().nullable(),
    pollIntervalMinutes: z.number().int(),
    allowDomains: z.array(z.string()),
    denyDomains: z.array(z.string()),
    lastPollAt: z.string().nullable(),
    lastPollStatus: z.string().nullable(),
    lastPollError: z.string().nullable(),
  })
  .meta({ id: 'MailSettings' });
export type MailSettings = z.infer<typeof mailSettingsSchema>;

/** `POST /settings/mail/test`: sends one message (default: to the caller). */
export const mailTestInputSchema = z
  .object({ to: z.email().max(320).optional() })
  .strict()
  .meta({ id: 'MailTestInput' });

export const mailTestResultSchema = z
  .object({ to: z.string(), messageId: z.string() })
  .meta({ id: 'MailTestResult' });

/** `POST /mail/poll`: what one pass over the watched mailbox did. */
export const mailPollResultSchema = z
  .object({
    mailbox: z.string(),
    fullScan: z.boolean(),
    messages: z.number().int(),
    tickets: z.number().int(),
    replies: z.number().int(),
    ignored: z.number().int(),
    historyId: z.string().nullable(),
  })
  .meta({ id: 'MailPollResult' });
export type MailPollResult = z.infer<typeof mailPollResultSchema>;

/** Where a notification of one type reaches a user. */
export const notificationChannelSchema = z
  .enum(['email', 'in_app', 'both', 'none'])
  .meta({ id: 'NotificationChannel' });
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

/** The notification types a user can choose a channel for. */
export const notificationTypeSchema = z
  .enum([
    'ticket_received',
    'ticket_reply',
    'ticket_status_changed',
    'ticket_assigned',
    'ticket_feedback',
    'domain_expiring',
    'certificate_expiring',
    'license_expiring',
    'warranty_expiring',
    'lifecycle_task',
  ])
  .meta({ id: 'NotificationType' });
export type NotificationType = z.infer<typeof notificationTypeSchema>;

/** `GET /me/notification-preferences`: every type with its channel (defaults filled in). */
export const notificationPreferencesSchema = z
  .array(
    z.object({
      type: notificationTypeSchema,
      channel: notificationChannelSchema,
      /** false: the type's default, never chosen by the user. */
      custom: z.boolean(),
    }),
  )
  .meta({ id: 'NotificationPreferences' });

/** `PUT /me/notification-preferences`: the types to change (others stay); null resets to default. */
export const notificationPreferencesInputSchema = z
  .object({
    preferences: z
      .array(
        z.object({ type: notificationTypeSchema, channel: notificationChannelSchema.nullable() }).strict(),
      )
      .min(1)
      .max(50),
  })
  .strict()
  .meta({ id: 'NotificationPreferencesInput' });

/** `GET /settings/mail/preview?type=`: a template rendered with sample data. */
export const mailPreviewQuerySchema = z
  .object({
    type: z
      .enum([
        'ticket_received',
        'ticket_reply',
        'ticket_status_changed',
        'ticket_assigned',
        'generic',
        'test',
      ])
      // Optional, so the document's every GET answers without parameters (the contract walk).
      .default('ticket_reply'),
  })
  .strict();

export const mailPreviewSchema = z
  .object({ subject: z.string(), text: z.string(), html: z.string() })
  .meta({ id: 'MailPreview' });
