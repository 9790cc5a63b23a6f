import { PlaceholderPage } from './placeholder.tsx';

/** SearchPage — placeholder until its page lands. */
export function SearchPage() {
  return <PlaceholderPage />;
}
