import { PlaceholderPage } from './placeholder.tsx';

/** VaultPage — placeholder until its page lands. */
export function VaultPage() {
  return <PlaceholderPage />;
}
