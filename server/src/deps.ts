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
}
