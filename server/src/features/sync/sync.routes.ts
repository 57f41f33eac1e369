import { Hono } from 'hono'
import type { AppEnv } from '../../app-env'
import { roleGuard } from '../../middleware/session'
import { getLastSyncRun, startFullSync } from './sync.service'

/**
 * Full sync for admins, mounted at '/api/sync'. POST answers 202 at once with the running
 * run; the UI polls GET /last until it is done or failed.
 */
export const syncRoutes = new Hono<AppEnv>()
  .post('/', roleGuard('admin'), (c) => {
    const { run } = startFullSync(c.var.deps)
    return c.json({ run }, 202)
  })
  .get('/last', roleGuard('admin'), (c) => c.json({ run: getLastSyncRun(c.var.deps) }, 200))
