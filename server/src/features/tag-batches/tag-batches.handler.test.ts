import { describe, expect, it } from 'vitest'
import type { Viewer } from '../../app-env'
import { jobItems, jobs } from '../../db/schema'
import type { WecomClient } from '../../wecom/client'
import type { AddCorpTagInput, WecomTagGroup } from '../../wecom/types'
import { relationTagIds, seedManyCustomers } from '../../test/helpers'
import { makeOrgDeps } from '../../test/org-fixture'
import { findOpenItem } from '../outbox/outbox.repo'
import { pushCreateTags } from '../tag-library/tag-library.outbox'
import { createGroup } from '../tag-library/tag-library.service'
import { runBatchChunk } from './tag-batches.handler'
import { startBatch } from './tag-batches.service'

/** A WeCom whose add_corp_tag creates everything it is sent under ids etNEW0, etNEW1, … */
function creatingWecom(): WecomClient {
  let n = 0
  const addCorpTag = async (input: AddCorpTagInput): Promise<WecomTagGroup> => ({
    group_id: 'etNEWG',
    group_name: input.group_name ?? '',
    create_time: 1_800_000_000,
    order: input.order ?? 0,
    tag: input.tag.map((t) => ({ id: `etNEW${n++}`, name: t.name, create_time: 1_800_000_000, order: t.order ?? 0 })),
  })
  return { addCorpTag } as unknown as WecomClient
}

describe('runBatchChunk', () => {
  it('runBatchChunk – batch names a local tag id that create_tags replaces between chunks – every customer gets the tag', async () => {
    const deps = makeOrgDeps({ wecom: creatingWecom() })
    const viewer: Viewer = { corpId: deps.corpId, userid: 'admin', role: 'admin' }
    seedManyCustomers(deps.db, 5, { prefix: 'wm' })
    const group = createGroup(deps, viewer, { name: '新活动', color: 'blue', exclusive: false, description: '', tags: [{ name: '参加' }] })
    const localId = group.tags[0]!.id
    const ids = Array.from({ length: 5 }, (_, i) => `wm${String(i).padStart(6, '0')}`)
    startBatch(deps, viewer, { selection: { ids }, add: [localId], remove: [] })
    runBatchChunk(deps, { size: 2, budgetMs: 10_000 })

    await pushCreateTags(deps, findOpenItem(deps.db, deps.corpId, 'create_tags', group.id)!)
    while (runBatchChunk(deps, { size: 2, budgetMs: 10_000 })) {
      /* the remaining chunks */
    }

    const job = deps.db.select().from(jobs).get()!
    expect({ status: job.status, done: job.doneCount, failed: job.failedCount }).toEqual({ status: 'done', done: 5, failed: 0 })
    expect(deps.db.select().from(jobItems).all().map((i) => i.status)).toEqual(Array(5).fill('done'))
    expect(ids.map((id) => relationTagIds(deps.db, id, 'lisi'))).toEqual(Array(5).fill(['etNEW0']))
    expect(JSON.stringify(job.input)).not.toContain(localId)
  })

  it('runBatchChunk – a finished job named the local id – its stored input is left as it ran', async () => {
    const deps = makeOrgDeps({ wecom: creatingWecom() })
    const viewer: Viewer = { corpId: deps.corpId, userid: 'admin', role: 'admin' }
    seedManyCustomers(deps.db, 1, { prefix: 'wm' })
    const group = createGroup(deps, viewer, { name: '新活动', color: 'blue', exclusive: false, description: '', tags: [{ name: '参加' }] })
    const localId = group.tags[0]!.id
    startBatch(deps, viewer, { selection: { ids: ['wm000000'] }, add: [localId], remove: [] })
    runBatchChunk(deps, { size: 10, budgetMs: 10_000 })

    await pushCreateTags(deps, findOpenItem(deps.db, deps.corpId, 'create_tags', group.id)!)

    expect(JSON.stringify(deps.db.select().from(jobs).get()!.input)).toContain(localId)
  })
})
