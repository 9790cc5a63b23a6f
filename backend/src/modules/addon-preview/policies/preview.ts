import type { Actor } from '../../../core/auth/actor.ts';

/**
 * Anyone of the organization may preview the add-on — as themselves, with exactly their own rights
 * (the add-on then calls this backend with their identity). Contacts are outside the Workspace:
 * Gmail never shows them the add-on, so neither does the preview.
 */
export const canPreviewAddon = (actor: Pick<Actor, 'role'>): boolean => actor.role !== 'contact';
