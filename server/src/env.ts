import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { z } from 'zod'
import { DEMO_CORP } from './wecom-sim/demo-config'

const WECOM_PUBLIC_API = 'https://qyapi.weixin.qq.com'
const WECOM_PUBLIC_OAUTH = 'https://open.weixin.qq.com'

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v))

const RawEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  KELAN_DB: z.string().min(1).default('data/kelan.db'),
  KELAN_SIM_DB: z.string().min(1).optional(),
  KELAN_DATA_DIR: z.string().min(1).optional(),
  KELAN_SESSION_SECRET: z.string().min(32, '至少 32 个字符 (at least 32 characters)').optional(),
  PUBLIC_URL: z.url().optional(),
  KELAN_MODE: z.enum(['demo', 'wecom']).optional(),
  KELAN_ADMIN_USERIDS: optional,
  WECOM_API_BASE: z.url().optional(),
  WECOM_OAUTH_BASE: z.url().optional(),
  WECOM_CORP_ID: optional,
  WECOM_AGENT_ID: optional.pipe(z.string().regex(/^\d+$/, 'must be a number').optional()),
  WECOM_AGENT_SECRET: optional,
  WECOM_CALLBACK_TOKEN: optional,
  WECOM_CALLBACK_AES_KEY: optional.pipe(
    z.string().regex(/^[A-Za-z0-9]{43}$/, 'must be 43 letters or digits').optional(),
  ),
})

export interface Env {
  port: number
  dbPath: string
  simDbPath: string
  /** Where uploaded files live (attachments/ under it): KELAN_DATA_DIR, else the database's directory. */
  dataDir: string
  sessionSecret: string
  publicUrl: string
  mode: 'demo' | 'wecom'
  adminUserids: string[]
  wecom: {
    apiBase: string
    oauthBase: string
    corpId: string
    agentId: string
    agentSecret: string
    callbackToken: string
    callbackAesKey: string
  }
}

const WECOM_REQUIRED = [
  'WECOM_CORP_ID',
  'WECOM_AGENT_ID',
  'WECOM_AGENT_SECRET',
  'WECOM_CALLBACK_TOKEN',
  'WECOM_CALLBACK_AES_KEY',
  'KELAN_SESSION_SECRET',
  'PUBLIC_URL',
] as const

export class EnvError extends Error {}

/**
 * Parses configuration. Pure apart from `readSecret`, which demo mode uses to keep a
 * generated session secret in the data directory.
 */
export function parseEnv(
  source: Record<string, string | undefined>,
  readSecret: (dbPath: string) => string = demoSessionSecret,
): Env {
  const parsed = RawEnv.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const raw = parsed.data
  const mode = raw.KELAN_MODE ?? (raw.WECOM_CORP_ID ? 'wecom' : 'demo')
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, '')
  const dbPath = raw.KELAN_DB
  const simDbPath = raw.KELAN_SIM_DB ?? join(dirname(dbPath), 'wecom-sim.db')
  const dataDir = resolve(raw.KELAN_DATA_DIR ?? defaultDataDir(dbPath))

  if (mode === 'wecom') {
    const missing = WECOM_REQUIRED.filter((k) => !raw[k])
    if (missing.length) {
      throw new EnvError(`KELAN_MODE=wecom needs: ${missing.join(', ')} (see README, 连接真实企业)`)
    }
  }
  const demo = mode === 'demo'
  const simBase = `http://127.0.0.1:${raw.PORT}/sim`
  return {
    port: raw.PORT,
    dbPath,
    simDbPath,
    dataDir,
    sessionSecret: raw.KELAN_SESSION_SECRET ?? readSecret(dbPath),
    publicUrl,
    mode,
    adminUserids: (raw.KELAN_ADMIN_USERIDS ?? (demo ? DEMO_CORP.adminUserid : ''))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    wecom: {
      apiBase: (raw.WECOM_API_BASE ?? (demo ? simBase : WECOM_PUBLIC_API)).replace(/\/$/, ''),
      oauthBase: (raw.WECOM_OAUTH_BASE ?? (demo ? `${publicUrl}/sim` : WECOM_PUBLIC_OAUTH)).replace(/\/$/, ''),
      corpId: raw.WECOM_CORP_ID ?? DEMO_CORP.corpId,
      agentId: raw.WECOM_AGENT_ID ?? DEMO_CORP.agentId,
      agentSecret: raw.WECOM_AGENT_SECRET ?? DEMO_CORP.agentSecret,
      callbackToken: raw.WECOM_CALLBACK_TOKEN ?? DEMO_CORP.callbackToken,
      callbackAesKey: raw.WECOM_CALLBACK_AES_KEY ?? DEMO_CORP.callbackAesKey,
    },
  }
}

/**
 * Beside the database; an in-memory database (tests) has no directory, so a per-process temp
 * one (content-addressed files make sharing it between tests harmless).
 */
function defaultDataDir(dbPath: string): string {
  return dbPath === ':memory:' ? join(tmpdir(), `kelan-data-${process.pid}`) : dirname(dbPath)
}

/** Demo mode only: a session secret generated once and kept beside the database. */
function demoSessionSecret(dbPath: string): string {
  const dir = dbPath === ':memory:' ? null : dirname(resolve(dbPath))
  if (!dir) return randomBytes(32).toString('hex')
  const file = join(dir, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dir, { recursive: true })
  const secret = randomBytes(32).toString('hex')
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

/** The only reader of process.env. Stops the process with a readable message on bad config. */
export function loadEnv(): Env {
  try {
    // eslint-disable-next-line node/no-process-env
    return parseEnv(process.env)
  } catch (err) {
    if (!(err instanceof EnvError)) throw err
    console.error(err.message)
    process.exit(1)
  }
}
