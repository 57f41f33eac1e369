/**
 * Attachment bytes on disk, named by their sha256 under `<dataDir>/attachments/<first 2 hex>/`:
 * the same file uploaded twice is stored once. An upload streams into a temp file in the same
 * directory tree (so the final rename is atomic), hashed and counted on the way; nothing holds
 * the whole body in memory.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { fileTypeFromFile } from 'file-type'

/** A finished upload waiting in the temp directory to be checked and kept (or dropped). */
export interface ReceivedFile {
  tmpPath: string
  sha256: string
  size: number
}

/** Thrown by receiveFile when the body passes `maxBytes`; the caller turns it into a 413. */
export class TooLargeError extends Error {
  constructor() {
    super('upload over its size limit')
    this.name = 'TooLargeError'
  }
}

const root = (dataDir: string) => join(dataDir, 'attachments')
const tmpDir = (dataDir: string) => join(root(dataDir), 'tmp')

/** Where the bytes with this sha256 live. */
export const blobPath = (dataDir: string, sha256: string) => join(root(dataDir), sha256.slice(0, 2), sha256)

/**
 * Streams `body` into a temp file, hashing and counting it. Stops reading and throws
 * TooLargeError as soon as more than `maxBytes` have come in; the temp file is removed on
 * every failure.
 */
export async function receiveFile(dataDir: string, body: ReadableStream<Uint8Array>, maxBytes: number): Promise<ReceivedFile> {
  await mkdir(tmpDir(dataDir), { recursive: true })
  const tmpPath = join(tmpDir(dataDir), `${randomBytes(12).toString('hex')}.part`)
  const hash = createHash('sha256')
  let size = 0
  const out = await open(tmpPath, 'wx')
  const reader = body.getReader()
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      size += next.value.byteLength
      if (size > maxBytes) throw new TooLargeError()
      hash.update(next.value)
      await out.write(next.value)
    }
    await out.close()
  } catch (err) {
    // Cancels our reader only: @hono/node-server drains or closes the socket after the 413.
    void reader.cancel().catch(() => undefined)
    await out.close().catch(() => undefined)
    await discard(tmpPath)
    throw err
  }
  return { tmpPath, sha256: hash.digest('hex'), size }
}

/** Temp uploads older than this are left over from a crash (a live upload is never this slow). */
export const STALE_UPLOAD_MS = 3600_000

/**
 * Removes temp upload files (`*.part`) older than `maxAgeMs`: the leftovers of a process that
 * died mid-upload (a failed or aborted upload of a live process removes its own). Younger
 * ones may be uploads still under way in another process on the same data directory.
 * Run it at startup.
 *
 * @returns how many files were removed
 * @example await sweepTempUploads(env.dataDir, Date.now())
 */
export async function sweepTempUploads(dataDir: string, nowMs: number, maxAgeMs = STALE_UPLOAD_MS): Promise<number> {
  let names: string[]
  try {
    names = await readdir(tmpDir(dataDir))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw err
  }
  let removed = 0
  for (const name of names.filter((n) => n.endsWith('.part'))) {
    const path = join(tmpDir(dataDir), name)
    const info = await stat(path).catch(() => undefined)
    if (!info?.isFile() || nowMs - info.mtimeMs < maxAgeMs) continue
    await discard(path)
    removed++
  }
  return removed
}

/** The content type the bytes show (file-type's magic numbers), or undefined for text and unknown formats. */
export async function sniffMime(path: string): Promise<string | undefined> {
  return (await fileTypeFromFile(path))?.mime
}

/** Keeps a received file under its hash; when those bytes are already stored, drops the copy. */
export async function keepFile(dataDir: string, file: ReceivedFile): Promise<void> {
  const target = blobPath(dataDir, file.sha256)
  if (await exists(target)) return discard(file.tmpPath)
  await mkdir(join(root(dataDir), file.sha256.slice(0, 2)), { recursive: true })
  await rename(file.tmpPath, target)
}

/** Removes a temp file; already gone is fine. */
export async function discard(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err
  })
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/** Whether the bytes with this hash are on disk. */
export const hasBlob = (dataDir: string, sha256: string) => exists(blobPath(dataDir, sha256))

/**
 * The stored bytes (or `range` of them, inclusive) as a web stream, read from disk as sent.
 *
 * @example new Response(readBlob(dir, sha, { start: 0, end: 99 })) // the first 100 bytes
 */
export function readBlob(dataDir: string, sha256: string, range?: { start: number; end: number }): ReadableStream<Uint8Array> {
  return Readable.toWeb(createReadStream(blobPath(dataDir, sha256), range)) as ReadableStream<Uint8Array>
}
