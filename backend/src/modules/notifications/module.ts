import type { HeliosModule } from '../../core/module.ts';
import { notificationRoutes } from './routes/notifications.ts';

/** In-app notifications (other modules create them with `notify` from this module's entry). */
export const notificationsModule: HeliosModule = {
  name: 'notifications',
  routes: notificationRoutes,
};
