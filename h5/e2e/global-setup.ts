import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
  }
}

const REPO = resolve(__dirname, '../..')

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => ok(port))
    })
    srv.on('error', fail)
  })
}

/** Resolves once the server logs that its first full sync from the simulator is done. */
function waitForFirstSync(child: ChildProcess, ms = 90_000): Promise<void> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('server did not finish its first sync')), ms)
    child.once('exit', (code) => fail(new Error(`server exited with ${code}`)))
    child.stdout!.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk)
      if (/first sync done/.test(chunk.toString())) {
        clearTimeout(timer)
        ok()
      }
    })
  })
}

/** Starts the built server in demo mode on a free port with a throwaway database, synced. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'kelan-e2e-'))
  const port = await freePort()
  const baseUrl = `http://localhost:${port}`
  const child = spawn('node', ['server/dist/index.js'], {
    cwd: REPO,
    env: { ...process.env, PORT: String(port), PUBLIC_URL: baseUrl, KELAN_DB: join(dir, 'kelan.db'), KELAN_MODE: 'demo' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    await waitForFirstSync(child)
  } catch (err) {
    child.kill('SIGKILL')
    throw err
  }
  project.provide('baseUrl', baseUrl)
  return async () => {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    rmSync(dir, { recursive: true, force: true })
  }
}
