import type { HeliosModule } from '../../core/module.ts';
import { canPreviewAddon } from './policies/preview.ts';
import { previewRoutes } from './routes/preview.ts';

/** The console's live add-on preview: the built add-on, run as the signed-in person. */
export const addonPreviewModule: HeliosModule = {
  name: 'addon-preview',
  routes: (ctx) => previewRoutes(ctx),
  abilities: (actor) => ({ previewAddon: canPreviewAddon(actor) }),
};
