import { Hono } from 'hono'
import { z } from 'zod'
import { KNOWLEDGE_IMPORT_MAX_BYTES, KnowledgeImportQuery } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { AppError } from '../../lib/errors'
import { xlsxHeaders } from '../../lib/spreadsheet'
import { readUpload, uploadLimit } from '../../lib/upload'
import { validate } from '../../lib/validate'
import { roleGuard } from '../../middleware/session'
import { getImportJob, importResultFile, importTemplate, startImport } from './knowledge-import.service'

const JobParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })

const MISSING_FILE = '请选择要导入的 .xlsx 文件（表单字段 file）'

/**
 * Import (导入) into the public knowledge base for admins, mounted at /api/knowledge/import.
 * The role is checked before anything is read, so others get 403 whatever they send; the
 * upload's size is enforced while it is read, so a huge body is never buffered.
 */
export const knowledgeImportRoutes = new Hono<AppEnv>()
  .use(roleGuard('admin'))
  .get('/template', validate('query', KnowledgeImportQuery), async (c) => {
    const file = await importTemplate(c.req.valid('query').kind)
    return c.body(file.body, 200, xlsxHeaders(file))
  })
  .post('/', uploadLimit(KNOWLEDGE_IMPORT_MAX_BYTES), validate('query', KnowledgeImportQuery), async (c) => {
    // The admin page uploads a form; a raw body (which lib/upload also reads) is not offered here.
    if (!c.req.header('content-type')?.toLowerCase().startsWith('multipart/form-data')) {
      throw new AppError('VALIDATION_FAILED', 400, MISSING_FILE)
    }
    const file = await readUpload(c.req, { maxBytes: KNOWLEDGE_IMPORT_MAX_BYTES, missing: MISSING_FILE, defaultName: '知识库导入' })
    const job = await startImport(c.var.deps, c.var.viewer, { kind: c.req.valid('query').kind, ...file })
    return c.json(job, 202)
  })
  .get('/:id', validate('param', JobParam), (c) => {
    return c.json(getImportJob(c.var.deps, c.var.viewer, c.req.valid('param').id), 200)
  })
  .get('/:id/result.xlsx', validate('param', JobParam), async (c) => {
    const file = await importResultFile(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return c.body(file.body, 200, xlsxHeaders(file))
  })
