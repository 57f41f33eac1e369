import { describe, expect, it } from 'vitest'
import { choosePlatformKind, createPlatform, isFramedByDesktop } from './index'

const config = { corpId: 'wwdemo', agentId: '1000002' }

describe('choosePlatformKind', () => {
  it.each([
    [{ isWeCom: true, mode: 'wecom', framedByDesktop: false }, 'wecom'],
    [{ isWeCom: true, mode: 'demo', framedByDesktop: true }, 'wecom'],
    [{ isWeCom: false, mode: 'demo', framedByDesktop: true }, 'demo'],
    [{ isWeCom: false, mode: 'demo', framedByDesktop: false }, 'outside'],
    [{ isWeCom: false, mode: 'wecom', framedByDesktop: true }, 'outside'],
    [{ isWeCom: false, mode: 'wecom', framedByDesktop: false }, 'outside'],
  ] as const)('choosePlatformKind – %j – picks %s', (env, kind) => {
    expect(choosePlatformKind(env)).toBe(kind)
  })
})

describe('isFramedByDesktop', () => {
  const loc = (origin: string) => ({ origin }) as Location

  it('isFramedByDesktop – top-level window – false', () => {
    const win = { location: loc('http://a') } as { parent: Window; location: Location }
    win.parent = win as unknown as Window
    expect(isFramedByDesktop(win)).toBe(false)
  })

  it('isFramedByDesktop – same-origin parent – true', () => {
    const parent = { location: loc('http://a') } as unknown as Window
    expect(isFramedByDesktop({ parent, location: loc('http://a') })).toBe(true)
  })

  it('isFramedByDesktop – cross-origin parent (reading it throws) – false', () => {
    const parent = {
      get location(): Location {
        throw new DOMException('Blocked a frame', 'SecurityError')
      },
    } as unknown as Window
    expect(isFramedByDesktop({ parent, location: loc('http://a') })).toBe(false)
  })
})

describe('createPlatform', () => {
  it('createPlatform – plain browser tab in demo mode – is outside and rejects with outside_wecom', async () => {
    const platform = createPlatform({ ...config, mode: 'demo' }, window)
    expect(platform.kind).toBe('outside')
    await expect(platform.getCurExternalContact()).rejects.toMatchObject({ code: 'outside_wecom' })
  })

  it('createPlatform – plain browser in wecom mode – never reaches the real SDK', async () => {
    const platform = createPlatform({ ...config, mode: 'wecom' }, window)
    expect(platform.kind).toBe('outside')
    // The real SDK would hang here forever; outside rejects immediately.
    await expect(platform.getContext()).rejects.toMatchObject({ code: 'outside_wecom' })
  })
})
