import { Router } from 'express';
import { actorOf } from '../../../core/http/context.ts';
import { presentMe } from '../presenters/me.ts';

/** GET /me — who the caller is and what they may do (the add-on hides what it cannot do). */
export function meRoutes(): Router {
  const router = Router();
  router.get('/me', (req, res) => {
    res.json({ data: presentMe(actorOf(req)) });
  });
  return router;
}
