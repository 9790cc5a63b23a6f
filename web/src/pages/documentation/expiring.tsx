import { PlaceholderPage } from '../placeholder.tsx';

/** ExpiringPage — placeholder until its page lands. */
export function ExpiringPage() {
  return <PlaceholderPage />;
}
