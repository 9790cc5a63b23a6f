import type { NotificationChannel, NotificationType } from '@helios/shared';
import { DEFAULT_CHANNELS, NOTIFICATION_TYPES } from '../preferences.ts';

/** Every type with the channel in effect for the user, and whether they chose it. */
export function presentPreferences(
  chosen: ReadonlyMap<string, NotificationChannel>,
): { type: NotificationType; channel: NotificationChannel; custom: boolean }[] {
  return NOTIFICATION_TYPES.map((type) => {
    const channel = chosen.get(type);
    return { type, channel: channel ?? DEFAULT_CHANNELS[type], custom: channel !== undefined };
  });
}
