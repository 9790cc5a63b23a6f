import type { HeliosModule } from '../../core/module.ts';
import { tags } from './resources/tags.ts';
import { directoryRoutes } from './routes/directory.ts';

/** What ties records together: links between any two records, tags, custom field definitions. */
export const relationsModule: HeliosModule = {
  name: 'relations',
  resources: [tags],
  legacyRouter: directoryRoutes,
};
