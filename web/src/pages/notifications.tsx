import { PlaceholderPage } from './placeholder.tsx';

/** NotificationsPage — placeholder until its page lands. */
export function NotificationsPage() {
  return <PlaceholderPage />;
}
