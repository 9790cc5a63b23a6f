import { abilitiesSchema, type Me } from '@helios/shared';
import type { Actor } from '../../../core/auth/actor.ts';
import type { Registry } from '../../../core/module.ts';

/**
 * The caller and their abilities: each module answers for its own area with the policies its
 * routes enforce, so this is never a second list of rules.
 */
export function presentMe(actor: Actor, registry: Registry): Me {
  const abilities = Object.assign({}, ...registry.modules.map((m) => m.abilities?.(actor) ?? {}));
  return {
    id: actor.userId,
    email: actor.email,
    role: actor.role,
    name: actor.name,
    // Parsing proves every ability is answered by some module.
    abilities: abilitiesSchema.parse(abilities),
  };
}
