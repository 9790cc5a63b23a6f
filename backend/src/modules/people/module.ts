import type { HeliosModule } from '../../core/module.ts';
import { canUser } from './policies/users.ts';
import { users } from './resources/users.ts';
import { groupRoutes } from './routes/groups.ts';
import { peopleRoutes } from './routes/people.ts';
import { userRoutes } from './routes/users.ts';

/** The people of the organization: the directory, profiles, roles, groups and org units. */
export const peopleModule: HeliosModule = {
  name: 'people',
  resources: [users],
  routes: (ctx) => [...userRoutes(ctx), ...peopleRoutes(ctx), ...groupRoutes(ctx)],
  abilities: (actor) => ({
    readAllUsers: canUser(actor, 'read', { id: 0 }), // id 0 is nobody: "may read any other user"
    changeRoles: canUser(actor, 'change_role'),
  }),
};
