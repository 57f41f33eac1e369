import type { Role } from '@kelan/shared'
import type { Deps } from './deps'

/** The signed-in staff member, as the session middleware resolves it. */
export interface Viewer {
  corpId: string
  userid: string
  role: Role
}

export interface AppEnv {
  Variables: {
    deps: Deps
    viewer: Viewer
  }
}
