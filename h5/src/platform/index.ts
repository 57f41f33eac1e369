import { env as wwEnv } from '@wecom/jssdk'
import { Signature, type JssdkConfig, type Mode } from '@kelan/shared'
import { apiGet } from '@/api/client'
import { createDemoPlatform } from './demo'
import { createOutsidePlatform } from './outside'
import type { Platform, PlatformKind } from './types'
import { createWecomPlatform } from './wecom'

export * from './types'
export { toPlatformError } from './errors'

export interface PlatformEnv {
  /** The JS-SDK's own check of the user agent (`wxwork/x.y.z`). */
  isWeCom: boolean
  mode: Mode
  /** The page runs in an iframe of a same-origin page: the simulated desktop. */
  framedByDesktop: boolean
}

/**
 * Which platform to use. The real SDK only inside WeCom (elsewhere its calls never settle);
 * the simulator bridge only in demo mode inside the simulated desktop; otherwise nothing works.
 */
export function choosePlatformKind(env: PlatformEnv): PlatformKind {
  if (env.isWeCom) return 'wecom'
  if (env.mode === 'demo' && env.framedByDesktop) return 'demo'
  return 'outside'
}

/** True when `win` is framed by a page of its own origin (the cross-origin read throws otherwise). */
export function isFramedByDesktop(win: Pick<Window, 'parent' | 'location'>): boolean {
  if (win.parent === win) return false
  try {
    return win.parent.location.origin === win.location.origin
  } catch {
    return false
  }
}

function fetchSignature(kind: 'agent' | 'config', url: string): Promise<Signature> {
  return apiGet(`/api/jssdk/${kind}-signature`, Signature, { url })
}

/** Builds the platform for this page from the server's JS-SDK config. */
export function createPlatform(config: JssdkConfig, win: Window = window): Platform {
  const kind = choosePlatformKind({ isWeCom: wwEnv.isWeCom, mode: config.mode, framedByDesktop: isFramedByDesktop(win) })
  if (kind === 'wecom') return createWecomPlatform({ config, fetchSignature })
  if (kind === 'demo') return createDemoPlatform({ self: win, host: win.parent, origin: win.location.origin })
  return createOutsidePlatform()
}
