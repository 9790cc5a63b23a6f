// What every API handler gets: the directory, the page tokens, the activity log, the state of
// the lifecycle's writes (state.ts), and the mutations that change the directory with the admin
// events Google records for them (built by server.ts).
import type { ActivityLog } from './activities.ts';
import type { Directory, MemberRole, NewUser, UserUpdate } from './directory.ts';
import type { UserRecord } from './generator.ts';
import type { PageTokens } from './paging.ts';
import type { WorkspaceState } from './state.ts';

export interface Mutations {
  addUser(input: NewUser): UserRecord;
  updateUser(key: string, update: UserUpdate): UserRecord;
  addMember(groupKey: string, email: string, role: MemberRole): void;
  removeMember(groupKey: string, email: string): void;
  /** An admin-activity event (applicationName=admin) without a directory change of its own. */
  event(type: string, name: string, parameters: Record<string, string>): void;
}

export interface ApiContext {
  directory: Directory;
  tokens: PageTokens;
  activities: ActivityLog;
  state: WorkspaceState;
  mutations: Mutations;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}
