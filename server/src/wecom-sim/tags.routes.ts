/** /cgi-bin/externalcontact corp tag endpoints; the rules live in tags.service.ts. */
import { Hono } from 'hono'
import { z } from 'zod'
import type { SimContext } from './context'
import * as svc from './tags.service'
import { ok, readBody } from './wire'

const ids = z.array(z.string().min(1))
/** WeCom's order range: [0, 2^32). */
const order = z.number().int().min(0).max(2 ** 32 - 1)

const ListInput = z.object({ tag_id: ids.optional(), group_id: ids.optional() })

const AddInput = z.object({
  group_id: z.string().optional(),
  group_name: z.string().optional(),
  order: order.optional(),
  tag: z.array(z.object({ name: z.string(), order: order.optional() })),
  agentid: z.number().int().optional(),
})

const EditInput = z.object({ id: z.string().min(1), name: z.string().optional(), order: order.optional(), agentid: z.number().int().optional() })

const DelInput = z.object({ tag_id: ids.optional(), group_id: ids.optional(), agentid: z.number().int().optional() })

export function tagsRoutes(ctx: SimContext) {
  return new Hono()
    .post('/get_corp_tag_list', async (c) => ok(c, { tag_group: svc.getCorpTagList(ctx, await readBody(c, ListInput)) }))
    .post('/add_corp_tag', async (c) => ok(c, { tag_group: svc.addCorpTag(ctx, await readBody(c, AddInput)) }))
    .post('/edit_corp_tag', async (c) => {
      svc.editCorpTag(ctx, await readBody(c, EditInput))
      return ok(c)
    })
    .post('/del_corp_tag', async (c) => {
      svc.delCorpTag(ctx, await readBody(c, DelInput))
      return ok(c)
    })
}
