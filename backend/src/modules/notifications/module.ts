import type { HeliosModule } from '../../core/module.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { preferenceRoutes } from './routes/preferences.ts';

/**
 * Notifications, in Helios and by email (other modules create them with `notify` from this
 * module's entry; the mail module sends the emailed ones), and each user's channel per type.
 */
export const notificationsModule: HeliosModule = {
  name: 'notifications',
  routes: (ctx) => [...notificationRoutes(ctx), ...preferenceRoutes(ctx)],
};
