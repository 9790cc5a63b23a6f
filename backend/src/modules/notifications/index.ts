// The notifications module's public entry: what other modules may use.
export { notify, type NotificationInput } from './commands/notify.ts';
