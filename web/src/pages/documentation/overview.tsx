import { PlaceholderPage } from '../placeholder.tsx';

/** DocumentationOverviewPage — placeholder until its page lands. */
export function DocumentationOverviewPage() {
  return <PlaceholderPage />;
}
