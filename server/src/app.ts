import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from './app-env'
import type { Deps } from './deps'
import { attachmentsRoutes, publicAttachmentsRoutes } from './features/attachments/attachments.routes'
import { authRoutes, meRoutes } from './features/auth/auth.routes'
import { businessRecordRoutes, businessTemplateAdminRoutes, businessTemplateRoutes } from './features/business/business.routes'
import { callbackRoutes } from './features/callbacks/callbacks.routes'
import { customersRoutes, sidebarRoutes } from './features/customers/customers.routes'
import { customerFollowupRoutes, followupTypesAdminRoutes, followupTypesRoutes, remindersRoutes, staffRoutes } from './features/followups/followups.routes'
import { jssdkRoutes } from './features/jssdk/jssdk.routes'
import { outboxRoutes } from './features/outbox/outbox.routes'
import { adminCustomersRoutes } from './features/customers/admin-customers.routes'
import { knowledgeImportRoutes } from './features/knowledge/knowledge-import.routes'
import { knowledgeRoutes } from './features/knowledge/knowledge.routes'
import { marksAdminRoutes } from './features/marks/marks-admin.routes'
import { sensitiveAdminRoutes, sensitiveCheckRoutes } from './features/sensitive/sensitive.routes'
import { syncRoutes } from './features/sync/sync.routes'
import { tagBatchRoutes } from './features/tag-batches/tag-batches.routes'
import { tagLibraryRoutes, tagsRoutes } from './features/tag-library/tag-library.routes'
import { customerTagRoutes } from './features/tags/tags.routes'
import { timelineRoutes } from './features/timeline/timeline.routes'
import { AppError, errorBody, fromHttpException } from './lib/errors'
import { sessionMiddleware } from './middleware/session'
import { WecomError, wecomErrorToAppError } from './wecom/errors'

function toAppError(err: Error): AppError | undefined {
  if (err instanceof AppError) return err
  // WeCom being down or refusing is not our bug: answer 502 naming WeCom's errcode.
  if (err instanceof WecomError) return wecomErrorToAppError(err)
  return err instanceof HTTPException ? fromHttpException(err) : undefined
}

/**
 * The Kelan HTTP API around explicit dependencies. Routes are chained so `AppType` carries
 * every path to the typed client in h5.
 */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('deps', deps)
    await next()
  })
  app.use(sessionMiddleware())
  app.onError((err, c) => {
    const known = toAppError(err)
    if (known) return c.json(errorBody(known), known.status)
    console.error('[kelan] unhandled error', c.req.method, c.req.path, err)
    return c.json(errorBody(new AppError('INTERNAL', 500, '服务器内部错误，请稍后重试')), 500)
  })
  app.notFound((c) => c.json(errorBody(new AppError('NOT_FOUND', 404, '接口不存在')), 404))

  return app
    .get('/api/health', (c) => c.json({ ok: true as const, mode: deps.env.mode }, 200))
    .route('/api/auth', authRoutes)
    .route('/api/me', meRoutes)
    .route('/api/jssdk', jssdkRoutes)
    .route('/api/sidebar', sidebarRoutes)
    .route('/api/customers', customersRoutes)
    .route('/api/customers', customerTagRoutes)
    .route('/api/customers', customerFollowupRoutes)
    .route('/api/customers', timelineRoutes)
    .route('/api/followup-types', followupTypesRoutes)
    .route('/api/admin/followup-types', followupTypesAdminRoutes)
    .route('/api/reminders', remindersRoutes)
    .route('/api/staff', staffRoutes)
    .route('/api/customers', businessRecordRoutes)
    .route('/api/business-templates', businessTemplateRoutes)
    .route('/api/admin/business-templates', businessTemplateAdminRoutes)
    .route('/api/sync', syncRoutes)
    .route('/api/admin/outbox', outboxRoutes)
    .route('/api/admin/customers', adminCustomersRoutes)
    .route('/api/admin/tag-batches', tagBatchRoutes)
    .route('/api/admin/marks', marksAdminRoutes)
    .route('/api/admin', tagLibraryRoutes)
    .route('/api/tags', tagsRoutes)
    .route('/api/knowledge/import', knowledgeImportRoutes)
    .route('/api/knowledge', knowledgeRoutes)
    .route('/api/knowledge', sensitiveCheckRoutes)
    .route('/api/admin/sensitive-words', sensitiveAdminRoutes)
    .route('/api/wecom/callback', callbackRoutes)
    .route('/api/attachments', attachmentsRoutes)
    .route('/public/attachments', publicAttachmentsRoutes)
}

export type AppType = ReturnType<typeof createApp>
