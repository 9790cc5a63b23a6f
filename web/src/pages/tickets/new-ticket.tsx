import { PlaceholderPage } from '../placeholder.tsx';

/** NewTicketPage — placeholder until its page lands. */
export function NewTicketPage() {
  return <PlaceholderPage />;
}
