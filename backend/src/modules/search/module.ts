import type { HeliosModule } from '../../core/module.ts';
import { discoveryRoutes } from './routes/discovery.ts';

/** One search box over every record the caller may read, and the add-on's person card. */
export const searchModule: HeliosModule = {
  name: 'search',
  legacyRouter: discoveryRoutes,
};
