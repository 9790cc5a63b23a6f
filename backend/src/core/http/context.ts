import type { Request } from 'express';
import type { AuditContext } from '../audit.ts';
import type { Actor } from '../auth/actor.ts';
import { unauthenticated } from '../errors.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own augmentation point
  namespace Express {
    interface Request {
      /** Set by the authenticate middleware. */
      actor?: Actor;
    }
  }
}

/** The authenticated actor of a request under /api/v1 (authenticate ran before every route). */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw unauthenticated();
  return req.actor;
}

/** The request half of an audit row: who, from which address, with which client. */
export function auditContextOf(req: Request): AuditContext {
  const actor = actorOf(req);
  return {
    organizationId: actor.organizationId,
    actor,
    ip: req.ip ?? null,
    userAgent: req.get('user-agent') ?? null,
  };
}
