import type { Db } from './db/client'
import type { Env } from './env'
import type { Clock } from './lib/clock'
import type { WecomClient } from './wecom/client'

/** Everything a service needs, passed in explicitly: no globals, so tests build their own. */
export interface Deps {
  env: Env
  db: Db
  clock: Clock
  wecom: WecomClient
  /** The corp this server instance hosts (every row carries it). */
  corpId: string
  /**
   * Tells a background worker there is new work, so it starts now rather than at its next
   * poll (the poll stays as the safety net). Absent in tests that drive workers themselves.
   */
  wake?: (worker: 'outbox' | 'jobs' | 'reminders') => void
}
