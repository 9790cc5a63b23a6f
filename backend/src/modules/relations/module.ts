import type { HeliosModule } from '../../core/module.ts';
import { recordRoutes } from '../../core/records/routes.ts';
import { tags } from './resources/tags.ts';
import { customFieldRoutes } from './routes/custom-fields.ts';
import { linkRoutes } from './routes/links.ts';
import { tagAssignmentRoutes } from './routes/tags.ts';

/** What ties records together: links between any two records, tags, custom field definitions. */
export const relationsModule: HeliosModule = {
  name: 'relations',
  resources: [tags],
  routes: (ctx) => [
    ...recordRoutes(tags, ctx),
    ...tagAssignmentRoutes(ctx),
    ...linkRoutes(ctx),
    ...customFieldRoutes(ctx),
  ],
};
