/**
 * File uploads of imports: the size is enforced while the body is read (bodyLimit), so a huge
 * body is never buffered, and the file comes either as the multipart field `file` (a browser
 * form) or as the raw body (a script, or fetch(file)) with its name in `?fileName=`.
 */
import type { HonoRequest, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError } from './errors'

/** Room for the multipart framing around a file of the largest accepted size. */
export const MULTIPART_OVERHEAD = 64 * 1024

export const payloadTooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', 413, `文件不能超过 ${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MB`)

/**
 * Refuses a body larger than `maxBytes` (plus multipart framing) with 413, while reading it.
 *
 * @example .post('/', uploadLimit(MARK_IMPORT_MAX_BYTES), async (c) => readUpload(c.req, { maxBytes, … }))
 */
export function uploadLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes + MULTIPART_OVERHEAD,
    onError: () => {
      throw payloadTooLarge(maxBytes)
    },
  })
}

export interface UploadedFile {
  fileName: string
  bytes: Uint8Array
}

export interface UploadOptions {
  maxBytes: number
  /** Shown when there is no file, e.g. 「请选择要导入的文件（表单字段 file）」. */
  missing: string
  /** The name of a raw upload without `?fileName=`. */
  defaultName: string
}

/**
 * The uploaded file: the multipart field `file`, or the raw body.
 *
 * @throws AppError VALIDATION_FAILED (400) no file; PAYLOAD_TOO_LARGE (413) past `maxBytes`
 */
export async function readUpload(req: HonoRequest, options: UploadOptions): Promise<UploadedFile> {
  const missing = () => new AppError('VALIDATION_FAILED', 400, options.missing)
  const contentType = req.header('content-type')?.toLowerCase() ?? ''
  const file = contentType.startsWith('multipart/form-data') ? await multipartFile(req, missing) : await rawFile(req, options)
  if (!file.bytes.byteLength) throw missing()
  if (file.bytes.byteLength > options.maxBytes) throw payloadTooLarge(options.maxBytes)
  return file
}

async function multipartFile(req: HonoRequest, missing: () => AppError): Promise<UploadedFile> {
  let form: Record<string, unknown>
  try {
    form = await req.parseBody()
  } catch (err) {
    // The body limit's refusal surfaces here while the form is read: it stays a 413.
    if (err instanceof AppError) throw err
    throw missing()
  }
  const file = form.file
  if (!(file instanceof File)) throw missing()
  return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
}

async function rawFile(req: HonoRequest, options: UploadOptions): Promise<UploadedFile> {
  const fileName = req.query('fileName')?.trim().slice(0, 200) || options.defaultName
  return { fileName, bytes: new Uint8Array(await req.arrayBuffer()) }
}
