import { zValidator } from '@hono/zod-validator'
import type { ValidationTargets } from 'hono'
import { en } from 'zod/locales'
import { config } from 'zod/mini'
import type { $ZodType } from 'zod/v4/core'
import { AppError } from './errors'

// The shared contracts are zod/mini, which sets no locale: its default messages would be a bare
// "Invalid input". Classic zod sets English when its first schema is built; set it here so the
// issues a 400 carries never depend on which module happened to load first.
config(en())

/**
 * zValidator that fails with our error shape: 400 VALIDATION_FAILED and the zod issues,
 * each with a dotted path and a message the UI can show.
 */
export function validate<T extends $ZodType, Target extends keyof ValidationTargets>(
  target: Target,
  schema: T,
) {
  return zValidator(target, schema, (result) => {
    if (result.success) return
    const issues = result.error.issues.map((i) => ({
      path: [target, ...i.path.map(String)].join('.'),
      message: i.message,
    }))
    throw new AppError('VALIDATION_FAILED', 400, `请求参数不正确：${issues[0]?.path ?? target}`, {
      issues,
    })
  })
}
