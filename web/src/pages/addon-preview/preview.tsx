import { PlaceholderPage } from '../placeholder.tsx';

/** AddonPreviewPage — placeholder until its page lands. */
export function AddonPreviewPage() {
  return <PlaceholderPage />;
}
