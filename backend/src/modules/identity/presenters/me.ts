import type { Me } from '@helios/shared';
import { abilitiesOf } from '../policies/abilities.ts';
import type { Actor } from '../../../core/auth/actor.ts';

export function presentMe(actor: Actor): Me {
  return {
    id: actor.userId,
    email: actor.email,
    role: actor.role,
    name: actor.name,
    abilities: abilitiesOf(actor),
  };
}
