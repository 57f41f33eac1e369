import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { receiveFile, STALE_UPLOAD_MS, sweepTempUploads } from './attachments.storage'

let dirs: string[] = []
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  dirs = []
})

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kelan-storage-'))
  dirs.push(dir)
  return dir
}

const tmpOf = (dir: string) => join(dir, 'attachments', 'tmp')

/** Writes a temp file last modified `ageMs` before `nowMs`. */
function leftover(dir: string, name: string, nowMs: number, ageMs: number): void {
  mkdirSync(tmpOf(dir), { recursive: true })
  const path = join(tmpOf(dir), name)
  writeFileSync(path, 'partial')
  const at = (nowMs - ageMs) / 1000
  utimesSync(path, at, at)
}

describe('sweepTempUploads', () => {
  it('sweep – .part files over an hour old – removed; younger ones and other files kept', async () => {
    const dir = dataDir()
    const now = Date.now()
    leftover(dir, 'old.part', now, STALE_UPLOAD_MS + 1000)
    leftover(dir, 'young.part', now, 60_000)
    leftover(dir, 'notes.txt', now, 2 * STALE_UPLOAD_MS)

    const removed = await sweepTempUploads(dir, now)

    expect(removed).toBe(1)
    expect(readdirSync(tmpOf(dir)).sort()).toEqual(['notes.txt', 'young.part'])
  })

  it('sweep – no temp directory yet (nothing ever uploaded) – 0, no error', async () => {
    expect(await sweepTempUploads(dataDir(), Date.now())).toBe(0)
  })
})

describe('receiveFile', () => {
  it('receive – the body stream fails mid-upload (client gone) – rejects, no temp file left', async () => {
    const dir = dataDir()
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 3) controller.enqueue(new Uint8Array(1024))
        else controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))
      },
    })

    await expect(receiveFile(dir, body, 1024 * 1024)).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect(readdirSync(tmpOf(dir))).toEqual([])
  })
})
