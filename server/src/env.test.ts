import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EnvError, parseEnv } from './env'
import { DEMO_CORP } from './wecom-sim/demo-config'

const secret = () => 's'.repeat(40)
const realCorp = {
  WECOM_CORP_ID: 'wwrealcorp',
  WECOM_AGENT_ID: '1000005',
  WECOM_AGENT_SECRET: 'agent-secret',
  WECOM_CALLBACK_TOKEN: 'tok',
  WECOM_CALLBACK_AES_KEY: 'a'.repeat(43),
  KELAN_SESSION_SECRET: 'k'.repeat(32),
  PUBLIC_URL: 'https://kelan.example.com',
}

describe('parseEnv', () => {
  it('runs the demo against the in-process simulator when no corp is configured', () => {
    const env = parseEnv({}, secret)
    expect(env).toMatchObject({ mode: 'demo', port: 8787, dbPath: 'data/kelan.db', publicUrl: 'http://localhost:8787' })
    expect(env.wecom).toMatchObject({ apiBase: 'http://127.0.0.1:8787/sim', corpId: DEMO_CORP.corpId })
    expect(env.adminUserids).toEqual([DEMO_CORP.adminUserid])
  })

  it('switches to wecom mode and WeCom’s public hosts once a corp is configured', () => {
    const env = parseEnv(realCorp, secret)
    expect(env.mode).toBe('wecom')
    expect(env.wecom.apiBase).toBe('https://qyapi.weixin.qq.com')
    expect(env.wecom.oauthBase).toBe('https://open.weixin.qq.com')
    expect(env.adminUserids).toEqual([])
  })

  it('points wecom mode at any server that speaks WeCom’s API', () => {
    const env = parseEnv({ ...realCorp, WECOM_API_BASE: 'http://10.0.0.5:9000/' }, secret)
    expect(env.wecom.apiBase).toBe('http://10.0.0.5:9000')
  })

  it('names every missing variable in wecom mode', () => {
    expect(() => parseEnv({ KELAN_MODE: 'wecom', WECOM_CORP_ID: 'ww1' }, secret)).toThrow(
      /WECOM_AGENT_ID, WECOM_AGENT_SECRET, WECOM_CALLBACK_TOKEN, WECOM_CALLBACK_AES_KEY, KELAN_SESSION_SECRET, PUBLIC_URL/,
    )
  })

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'not a url' }],
    ['KELAN_MODE', { KELAN_MODE: 'prod' }],
    ['WECOM_CALLBACK_AES_KEY', { WECOM_CALLBACK_AES_KEY: 'too-short' }],
    ['WECOM_AGENT_ID', { WECOM_AGENT_ID: 'abc' }],
    ['KELAN_SESSION_SECRET', { KELAN_SESSION_SECRET: 'short' }],
  ])('rejects a bad %s with a message naming it', (name, vars) => {
    expect(() => parseEnv(vars, secret)).toThrow(EnvError)
    expect(() => parseEnv(vars, secret)).toThrow(name)
  })

  it('keeps the generated demo session secret beside the database across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kelan-env-'))
    const first = parseEnv({ KELAN_DB: join(dir, 'kelan.db') })
    const second = parseEnv({ KELAN_DB: join(dir, 'kelan.db') })
    expect(first.sessionSecret).toHaveLength(64)
    expect(second.sessionSecret).toBe(first.sessionSecret)
    expect(readFileSync(join(dir, 'session-secret'), 'utf8')).toBe(first.sessionSecret)
  })
})
