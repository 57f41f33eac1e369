/**
 * Uploads over a real socket (@hono/node-server, as in production): a 200 MB upload is
 * answered 413 while the client is still sending, so the server neither buffers nor waits for
 * it; a client that goes away mid-upload leaves no temp file behind.
 */
import { once } from 'node:events'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { describe, expect, it, vi } from 'vitest'
import { createApp } from '../../app'
import { SESSION_COOKIE } from '../auth/auth.domain'
import { createSession } from '../auth/auth.service'
import { attachmentDeps } from './attachments.testing'

const MB = 1024 * 1024

/** Streams `total` bytes (chunked, no Content-Length) until the server answers; resolves with the answer and what was sent by then. */
function sendUntilAnswered(port: number, cookie: string, total: number): Promise<{ status: number; body: string; written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0
    let answered = false
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/attachments?purpose=knowledge&kind=image&name=big.png',
      headers: { cookie, 'content-type': 'image/png', 'transfer-encoding': 'chunked' },
    })
    req.on('response', (res) => {
      answered = true
      const sentBeforeAnswer = written
      let body = ''
      res.setEncoding('utf8').on('data', (d: string) => (body += d))
      res.on('end', () => {
        req.destroy()
        resolve({ status: res.statusCode ?? 0, body, written: sentBeforeAnswer })
      })
    })
    req.on('error', (err) => {
      if (!answered) reject(err)
    })
    const chunk = Buffer.alloc(64 * 1024, 0x41)
    const pump = () => {
      while (!answered && written < total) {
        written += chunk.length
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
      if (!answered) req.end()
    }
    pump()
  })
}

describe('POST /api/attachments over HTTP', () => {
  it('upload over a socket – 200 MB chunked – 413 FILE_TOO_LARGE while the client is still sending', async () => {
    const deps = attachmentDeps()
    const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' })
    await once(server, 'listening')
    try {
      const { port } = server.address() as AddressInfo

      const res = await sendUntilAnswered(port, `${SESSION_COOKIE}=${createSession(deps, 'lisi')}`, 200 * MB)

      expect(res.status).toBe(413)
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'FILE_TOO_LARGE', message: '图片不能超过 2MB' } })
      // What the socket buffers absorbed before the answer: far from 200 MB.
      expect(res.written).toBeLessThan(64 * MB)
    } finally {
      server.close()
    }
  })

  it('upload over a socket – the client aborts mid-upload – no temp file left, nothing stored', async () => {
    const deps = attachmentDeps()
    const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' })
    await once(server, 'listening')
    const tmp = join(deps.env.dataDir, 'attachments', 'tmp')
    const parts = () => (existsSync(tmp) ? readdirSync(tmp) : [])
    try {
      const { port } = server.address() as AddressInfo
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/attachments?purpose=followup&kind=file&name=big.pdf',
        headers: { cookie: `${SESSION_COOKIE}=${createSession(deps, 'lisi')}`, 'content-type': 'application/pdf', 'transfer-encoding': 'chunked' },
      })
      req.on('error', () => undefined) // the abort below
      req.write(Buffer.alloc(256 * 1024, 0x41))

      // The server has started writing the temp file …
      await vi.waitFor(() => expect(parts()).toHaveLength(1), { timeout: 5000 })
      req.destroy()

      // … and removes it once the socket is gone.
      await vi.waitFor(() => expect(parts()).toEqual([]), { timeout: 5000 })
      expect(readdirSync(join(deps.env.dataDir, 'attachments')).filter((d) => d !== 'tmp')).toEqual([])
    } finally {
      server.close()
    }
  })
})
