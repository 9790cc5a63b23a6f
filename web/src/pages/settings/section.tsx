import { PlaceholderPage } from '../placeholder.tsx';

/** SettingsSectionPage — placeholder until its page lands. */
export function SettingsSectionPage() {
  return <PlaceholderPage />;
}
