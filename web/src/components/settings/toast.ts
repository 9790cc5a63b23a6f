import { notifications, type NotificationData } from '@mantine/notifications';

/**
 * A passing message (saved, refused, queued). Mantine's defaults fail axe: the close button has no
 * name and the message is drawn in dimmed grey (3.3:1); named and in body text here.
 */
export function toast(data: NotificationData): void {
  notifications.show({
    ...data,
    closeButtonProps: { 'aria-label': 'Close message' },
    styles: { description: { color: 'var(--mantine-color-text)' } },
  });
}
