import { PlaceholderPage } from '../placeholder.tsx';

/** PeopleDirectoryPage — placeholder until its page lands. */
export function PeopleDirectoryPage() {
  return <PlaceholderPage />;
}
