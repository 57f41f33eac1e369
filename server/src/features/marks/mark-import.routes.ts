import { Hono } from 'hono'
import { z } from 'zod'
import { MARK_IMPORT_MAX_BYTES } from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { xlsxHeaders } from '../../lib/spreadsheet'
import { readUpload, uploadLimit } from '../../lib/upload'
import { validate } from '../../lib/validate'
import { getMarkImportJob, markImportResultFile, markImportTemplate, startMarkImport } from './mark-import.service'

const JobParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) })

/**
 * 批量导入 of marks, mounted below /api/admin/marks (whose permission guard runs first). The
 * upload is the multipart field `file` or the raw body (`?fileName=` names it), xlsx or csv;
 * its size is enforced while it is read, so a huge body is never buffered.
 */
export const markImportRoutes = new Hono<AppEnv>()
  .get('/template', async (c) => {
    const file = await markImportTemplate()
    return c.body(file.body, 200, xlsxHeaders(file))
  })
  .post('/', uploadLimit(MARK_IMPORT_MAX_BYTES), async (c) => {
    const upload = await readUpload(c.req, {
      maxBytes: MARK_IMPORT_MAX_BYTES,
      missing: '请选择要导入的 .xlsx 或 .csv 文件（表单字段 file）',
      defaultName: '客户标记导入',
    })
    return c.json(await startMarkImport(c.var.deps, c.var.viewer, upload), 202)
  })
  .get('/:id', validate('param', JobParam), (c) => c.json(getMarkImportJob(c.var.deps, c.req.valid('param').id), 200))
  .get('/:id/result.xlsx', validate('param', JobParam), async (c) => {
    const file = await markImportResultFile(c.var.deps, c.req.valid('param').id)
    return c.body(file.body, 200, xlsxHeaders(file))
  })
