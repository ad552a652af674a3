import { Router } from 'express';
import { createMeRouter } from './me';
import { createMemoriesRouter } from './memories';
import { createMessagesRouter } from './messages';
import { createRemindersRouter } from './reminders';
import { createTasksRouter } from './tasks';
import type { ResourceDeps } from './common';

export type { ResourceDeps } from './common';

/** The user resources of /api/v1 (me, reminders, tasks, memories, messages), all scoped to the caller. */
export function createResourceRouter(deps: ResourceDeps): Router {
  const router = Router();
  router.use(createMeRouter(deps));
  router.use(createRemindersRouter(deps));
  router.use(createTasksRouter(deps));
  router.use(createMemoriesRouter(deps));
  router.use(createMessagesRouter(deps));
  return router;
}
