// The notifications module's public entry: what other modules may use.
export {
  insertPlannedNotifications,
  notify,
  planNotifications,
  plannedNotificationRows,
  type EmailData,
  type NotificationInput,
  type NotificationPlan,
} from './commands/notify.ts';
export { defaultChannel } from './preferences.ts';
