// The notifications module's public entry: what other modules may use.
export { notify, type EmailData, type NotificationInput } from './commands/notify.ts';
export { defaultChannel } from './preferences.ts';
