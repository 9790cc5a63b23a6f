import { PlaceholderPage } from '../placeholder.tsx';

/** ResourceListPage — placeholder until its page lands. */
export function ResourceListPage() {
  return <PlaceholderPage />;
}
