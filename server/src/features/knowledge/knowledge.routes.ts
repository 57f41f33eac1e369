import { Hono } from 'hono'
import { z } from 'zod'
import {
  KnowledgeCategoryTreeQuery,
  CreateKnowledgeCategoryInput,
  CreateKnowledgeItemInput,
  KnowledgeItemInput,
  KnowledgeItemQuery,
  KnowledgeMediaInput,
  MoveKnowledgeCategoryInput,
  RenameKnowledgeCategoryInput,
  KnowledgeSearchQuery,
  KnowledgeSeqInput,
  KnowledgeUseInput,
} from '@kelan/shared'
import type { AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import * as svc from './knowledge.service'
import { searchKnowledge } from './knowledge.search'

const IdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) })

/**
 * The knowledge base for everyone signed in, mounted at /api/knowledge. Permissions are the
 * service's: public writes need an admin (403), personal data is its owner's (404 to others).
 */
export const knowledgeRoutes = new Hono<AppEnv>()
  .get('/categories', validate('query', KnowledgeCategoryTreeQuery), (c) => {
    return c.json(svc.getCategoryTree(c.var.deps, c.var.viewer, c.req.valid('query')), 200)
  })
  .post('/categories', validate('json', CreateKnowledgeCategoryInput), (c) => {
    return c.json(svc.createCategory(c.var.deps, c.var.viewer, c.req.valid('json')), 201)
  })
  .patch('/categories/:id', validate('param', IdParam), validate('json', RenameKnowledgeCategoryInput), (c) => {
    return c.json(svc.renameCategory(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json').name), 200)
  })
  .put('/categories/:id/position', validate('param', IdParam), validate('json', MoveKnowledgeCategoryInput), (c) => {
    return c.json(svc.moveCategory(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json')), 200)
  })
  .delete('/categories/:id', validate('param', IdParam), (c) => {
    svc.deleteCategory(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return c.body(null, 204)
  })
  .get('/items', validate('query', KnowledgeItemQuery), (c) => {
    return c.json(svc.listItems(c.var.deps, c.var.viewer, c.req.valid('query')), 200)
  })
  .post('/items', validate('json', CreateKnowledgeItemInput), (c) => {
    return c.json(svc.createItem(c.var.deps, c.var.viewer, c.req.valid('json')), 201)
  })
  .get('/items/:id', validate('param', IdParam), (c) => {
    return c.json(svc.getItem(c.var.deps, c.var.viewer, c.req.valid('param').id), 200)
  })
  .put('/items/:id', validate('param', IdParam), validate('json', KnowledgeItemInput), (c) => {
    return c.json(svc.updateItem(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json')), 200)
  })
  .put('/items/:id/seq', validate('param', IdParam), validate('json', KnowledgeSeqInput), (c) => {
    return c.json(svc.setItemSeq(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json').seq), 200)
  })
  .delete('/items/:id', validate('param', IdParam), (c) => {
    svc.deleteItem(c.var.deps, c.var.viewer, c.req.valid('param').id)
    return c.body(null, 204)
  })
  .post('/items/:id/media', validate('param', IdParam), validate('json', KnowledgeMediaInput), async (c) => {
    return c.json(await svc.itemMedia(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json').partIndex), 200)
  })
  .post('/items/:id/use', validate('param', IdParam), validate('json', KnowledgeUseInput), (c) => {
    return c.json(svc.useSentItem(c.var.deps, c.var.viewer, c.req.valid('param').id, c.req.valid('json').sendToken), 200)
  })
  .get('/search', validate('query', KnowledgeSearchQuery), (c) => {
    return c.json(searchKnowledge(c.var.deps, c.var.viewer, c.req.valid('query')), 200)
  })
