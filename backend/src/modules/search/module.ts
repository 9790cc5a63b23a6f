import type { HeliosModule } from '../../core/module.ts';
import { searchRoutes } from './routes/search.ts';

/** One search box over every record the caller may read. */
export const searchModule: HeliosModule = {
  name: 'search',
  routes: searchRoutes,
};
