import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import { KNOWLEDGE_IMPORT_MAX_BYTES, KnowledgeImportQuery } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { AppError } from '../../lib/errors'
import { validate } from '../../lib/validate'
import { roleGuard } from '../../middleware/session'
import { getImportJob, importResultFile, importTemplate, startImport, type XlsxDownload } from './knowledge-import.service'

const JobParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** Room for the multipart framing around a file of the largest accepted size. */
const MULTIPART_OVERHEAD = 64 * 1024

const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', 413, `文件不能超过 ${KNOWLEDGE_IMPORT_MAX_BYTES / 1024 / 1024} MB`)

/**
 * Import (导入) into the public knowledge base for admins, mounted at /api/knowledge/import.
 * The role is checked before anything is read, so others get 403 whatever they send; the
 * upload's size is enforced while it is read (bodyLimit), so a huge body is never buffered.
 */
export const knowledgeImportRoutes = new Hono<AppEnv>()
  .use(roleGuard('admin'))
  .get('/template', validate('query', KnowledgeImportQuery), async (c) => {
    const file = await importTemplate(c.req.valid('query').kind)
    return c.body(file.body, 200, downloadHeaders(file))
  })
  .post(
    '/',
    bodyLimit({
      maxSize: KNOWLEDGE_IMPORT_MAX_BYTES + MULTIPART_OVERHEAD,
      onError: () => {
        throw tooLarge()
      },
    }),
    validate('query', KnowledgeImportQuery),
    async (c) => {
      const file = await uploadedFile(c.req.raw.headers.get('content-type'), () => c.req.parseBody())
      if (file.size > KNOWLEDGE_IMPORT_MAX_BYTES) throw tooLarge()
      const bytes = new Uint8Array(await file.arrayBuffer())
      const job = await startImport(c.var.deps, c.var.viewer, { kind: c.req.valid('query').kind, fileName: file.name, bytes })
      return c.json(job, 202)
    },
  )
  .get('/:id', validate('param', JobParam), (c) => {
    return c.json(getImportJob(c.var.deps, c.var.viewer, c.req.valid('param').id), 200)
  })
  .get('/:id/result.xlsx', validate('param', JobParam), async (c) => {
    const file = await importResultFile(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return c.body(file.body, 200, downloadHeaders(file))
  })

const downloadHeaders = (file: XlsxDownload) => ({ 'Content-Type': XLSX, 'Content-Disposition': file.disposition })

/**
 * The multipart field `file`.
 *
 * @throws AppError VALIDATION_FAILED (400) when the body is not multipart or has no file
 */
async function uploadedFile(contentType: string | null, parse: () => Promise<Record<string, unknown>>): Promise<File> {
  const missing = new AppError('VALIDATION_FAILED', 400, '请选择要导入的 .xlsx 文件（表单字段 file）')
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) throw missing
  let form: Record<string, unknown>
  try {
    form = await parse()
  } catch (err) {
    // The body limit's refusal surfaces here while the form is read: it stays a 413.
    if (err instanceof AppError) throw err
    throw missing
  }
  const file = form.file
  if (!(file instanceof File)) throw missing
  return file
}
