import type { NotificationChannel, NotificationType } from '@helios/shared';
import { notificationTypeSchema } from '@helios/shared';

/**
 * Where each notification type goes when the user chose nothing. Requesters hear about their
 * ticket by email (most never open Helios); staff get both, so nothing waits on an unread tab;
 * feedback is a dashboard matter. A type not listed here is in-app only.
 */
export const DEFAULT_CHANNELS: Record<NotificationType, NotificationChannel> = {
  ticket_received: 'email',
  ticket_reply: 'both',
  ticket_status_changed: 'both',
  ticket_assigned: 'both',
  ticket_feedback: 'in_app',
  domain_expiring: 'both',
  certificate_expiring: 'both',
  license_expiring: 'both',
  warranty_expiring: 'both',
  lifecycle_task: 'both',
};

export const NOTIFICATION_TYPES: readonly NotificationType[] = notificationTypeSchema.options;

export function isNotificationType(type: string): type is NotificationType {
  return (NOTIFICATION_TYPES as readonly string[]).includes(type);
}

/** The default channel of a type (in-app for types users cannot choose for). */
export function defaultChannel(type: string): NotificationChannel {
  return isNotificationType(type) ? DEFAULT_CHANNELS[type] : 'in_app';
}

export const wantsEmail = (channel: NotificationChannel): boolean =>
  channel === 'email' || channel === 'both';
export const wantsInApp = (channel: NotificationChannel): boolean =>
  channel === 'in_app' || channel === 'both';
