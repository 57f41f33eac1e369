import ExcelJS from 'exceljs'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { BatchJob, BatchJobList, BatchPrecheck, ErrorBody } from '@kelan/shared'
import { jobs, outbox, relationTags, staff, tagEvents, tags } from '../../db/schema'
import type { Deps } from '../../deps'
import { createJobRunner } from '../../jobs/job-runner'
import { makeCustomer, makeRelation, makeRelationTag, makeTag, makeTagGroup, relationTagIds, seed, seedManyCustomers } from '../../test/helpers'
import { request } from '../../test/http'
import { makeOrgDeps } from '../../test/org-fixture'
import { insertMark } from '../marks/marks.testing'
import { BATCH_LIMIT } from './tag-batches.domain'

/**
 * On top of the org (test/org-fixture): 意向程度 (互斥): 高意向 etHIGH, 低意向 etLOW. 行业: 互联网 etIT, 教育 etEDU.
 * 张三 wm1: lisi (高意向) and wangwu (互联网). 李雷 wm2: lisi. 韩梅梅 wm3: wangwu only.
 * The manager boss's scope holds lisi, not wangwu.
 */
function batchDeps(): Deps {
  const deps = makeOrgDeps()
  seed(deps.db, {
    tagGroups: [makeTagGroup({ id: 'etGI', name: '意向程度', exclusive: true }), makeTagGroup({ id: 'etGX', name: '行业' })],
    tags: [
      makeTag({ id: 'etHIGH', groupId: 'etGI', name: '高意向' }),
      makeTag({ id: 'etLOW', groupId: 'etGI', name: '低意向' }),
      makeTag({ id: 'etIT', groupId: 'etGX', name: '互联网' }),
      makeTag({ id: 'etEDU', groupId: 'etGX', name: '教育' }),
    ],
    customers: [
      makeCustomer({ externalUserid: 'wm1', name: '张三' }),
      makeCustomer({ externalUserid: 'wm2', name: '李雷' }),
      makeCustomer({ externalUserid: 'wm3', name: '韩梅梅' }),
    ],
    relations: [
      makeRelation({ externalUserid: 'wm1', userid: 'lisi', createtime: 1_700_000_300 }),
      makeRelation({ externalUserid: 'wm1', userid: 'wangwu', createtime: 1_700_000_100 }),
      makeRelation({ externalUserid: 'wm2', userid: 'lisi', createtime: 1_700_000_200 }),
      makeRelation({ externalUserid: 'wm3', userid: 'wangwu', createtime: 1_700_000_000 }),
    ],
    relationTags: [
      makeRelationTag({ externalUserid: 'wm1', userid: 'lisi', tagId: 'etHIGH' }),
      makeRelationTag({ externalUserid: 'wm1', userid: 'wangwu', tagId: 'etIT' }),
    ],
  })
  return deps
}

const post = (deps: Deps, path: string, json: unknown, as = 'admin') => request(deps, `/api/admin/tag-batches${path}`, { as, method: 'POST', json })
const get = (deps: Deps, path: string, as = 'admin') => request(deps, `/api/admin/tag-batches${path}`, { as })

/** Tag ids on one relation, sorted. */
const tagsOn = (deps: Deps, externalUserid: string, userid: string) => relationTagIds(deps.db, externalUserid, userid)

async function startAndRun(deps: Deps, body: unknown, as = 'admin'): Promise<BatchJob> {
  const res = await post(deps, '', body, as)
  expect(res.status).toBe(202)
  const job = (await res.json()) as BatchJob
  await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()
  return (await (await get(deps, `/${job.id}`, as)).json()) as BatchJob
}
const silent = { info: () => {}, warn: () => {}, error: () => {} }

describe('POST /api/admin/tag-batches/precheck', () => {
  it('precheck – add 低意向 to chosen customers – counts relations and reports mutex and no-relation conflicts, applying nothing', async () => {
    const deps = batchDeps()
    const res = await post(deps, '/precheck', { selection: { ids: ['wm1', 'wm2', 'wmNOSUCH'] }, add: ['etLOW'] })
    expect(res.status).toBe(200)
    const body = (await res.json()) as BatchPrecheck
    // wm1: lisi and wangwu get 低意向 (lisi's 高意向 comes off too); wm2: lisi.
    expect(body).toMatchObject({ customers: 3, relations: 3, conflictCount: 2 })
    expect(body.conflicts).toEqual([
      { externalUserId: 'wm1', name: '张三', kind: 'mutex', detail: '已有「意向程度：高意向」，将被「低意向」替换' },
      { externalUserId: 'wmNOSUCH', name: '', kind: 'no_relation', detail: expect.any(String) },
    ])
    expect(tagsOn(deps, 'wm1', 'lisi')).toEqual(['etHIGH'])
    expect(deps.db.select().from(outbox).all()).toEqual([])
    expect(deps.db.select().from(jobs).all()).toEqual([])
  })

  it('precheck – manager – counts only relations in scope, and a customer outside it is no_relation without a name', async () => {
    const deps = batchDeps()
    const body = (await (await post(deps, '/precheck', { selection: { ids: ['wm1', 'wm3'] }, add: ['etEDU'] }, 'boss')).json()) as BatchPrecheck
    expect(body.relations).toBe(1)
    expect(body.conflicts).toEqual([{ externalUserId: 'wm3', name: '', kind: 'no_relation', detail: expect.any(String) }])
  })

  it('precheck – a filter selection – evaluated like the list', async () => {
    const deps = batchDeps()
    const body = (await (await post(deps, '/precheck', { selection: { filter: { tagIds: 'etIT', page: '3' } }, add: ['etEDU'] })).json()) as BatchPrecheck
    expect(body).toMatchObject({ customers: 1, relations: 2, conflictCount: 0 })
  })
})

describe('tag batches – special marks', () => {
  it('precheck – removing a tag a mark holds on one customer – a locked conflict for that customer only', async () => {
    const deps = batchDeps()
    insertMark(deps.db, { externalUserid: 'wm1', tagId: 'etHIGH' })

    const res = await post(deps, '/precheck', { selection: { ids: ['wm1', 'wm2'] }, add: ['etLOW'] })

    expect(res.status).toBe(200)
    const body = (await res.json()) as BatchPrecheck
    expect(body.conflicts).toEqual([{ externalUserId: 'wm1', name: '张三', kind: 'locked', detail: expect.stringContaining('高意向') }])
  })

  it('run – the batch would take a marked tag off – that customer fails, the others are changed', async () => {
    const deps = batchDeps()
    insertMark(deps.db, { externalUserid: 'wm1', tagId: 'etHIGH' })

    const job = await startAndRun(deps, { selection: { ids: ['wm1', 'wm2'] }, add: ['etLOW'] })

    expect(job).toMatchObject({ status: 'done', done: 1, failed: 1 })
    expect(tagsOn(deps, 'wm1', 'lisi')).toEqual(['etHIGH'])
    expect(tagsOn(deps, 'wm2', 'lisi')).toEqual(['etLOW'])
  })
})

describe('tag batches – refusals', () => {
  const badBodies: [string, unknown][] = [
    ['no tags to add or remove', { selection: { ids: ['wm1'] }, add: [], remove: [] }],
    ['one tag both added and removed', { selection: { ids: ['wm1'] }, add: ['etIT'], remove: ['etIT'] }],
    ['an empty id list', { selection: { ids: [] }, add: ['etIT'] }],
    ['a malformed customer id', { selection: { ids: ['bad id!'] }, add: ['etIT'] }],
    ['more than 10 000 ids', { selection: { ids: Array.from({ length: BATCH_LIMIT + 1 }, (_, i) => `wm${i}`) }, add: ['etIT'] }],
    ['no selection', { add: ['etIT'] }],
    ['a filter with an unknown key', { selection: { filter: { tagid: 'etIT' } }, add: ['etEDU'] }],
    ['a filter with a bad tag mode', { selection: { filter: { tagIds: 'etIT', tagMode: 'most' } }, add: ['etEDU'] }],
    ['a filter with an empty time range', { selection: { filter: { addedFrom: '20', addedTo: '10' } }, add: ['etEDU'] }],
  ]
  it.each(badBodies)('precheck and start – %s – 400 VALIDATION_FAILED', async (_name, body) => {
    const deps = batchDeps()
    for (const path of ['/precheck', '']) {
      const res = await post(deps, path, body)
      expect(res.status).toBe(400)
      expect(((await res.json()) as ErrorBody).error.code).toBe('VALIDATION_FAILED')
    }
    expect(deps.db.select().from(jobs).all()).toEqual([])
  })

  it('precheck and start – a tag id the corp does not have – 400 naming it', async () => {
    const deps = batchDeps()
    for (const path of ['/precheck', '']) {
      const res = await post(deps, path, { selection: { ids: ['wm1'] }, add: ['etIT'], remove: ['etGONE'] })
      expect(res.status).toBe(400)
      expect(((await res.json()) as ErrorBody).error.details).toEqual({ tagIds: ['etGONE'] })
    }
  })

  it('precheck and start – two tags of one 互斥 group in add – 409 MUTEX_CONFLICT for the whole request', async () => {
    const deps = batchDeps()
    for (const path of ['/precheck', '']) {
      const res = await post(deps, path, { selection: { ids: ['wm2'] }, add: ['etHIGH', 'etLOW'] })
      expect(res.status).toBe(409)
      const body = (await res.json()) as ErrorBody
      expect(body.error).toMatchObject({ code: 'MUTEX_CONFLICT', details: { groupName: '意向程度', tagNames: ['高意向', '低意向'] } })
    }
    expect(deps.db.select().from(jobs).all()).toEqual([])
  })

  it('precheck and start – a filter matching more than 10 000 customers – 400, while exactly 10 000 pass', async () => {
    const deps = batchDeps()
    seedManyCustomers(deps.db, BATCH_LIMIT - 2, { prefix: 'wmBULK' }) // with wm1 and wm2 (lisi's), exactly the cap
    const filter = { selection: { filter: { userid: 'lisi' } }, add: ['etEDU'] }
    const ok = (await (await post(deps, '/precheck', filter)).json()) as BatchPrecheck
    expect(ok.customers).toBe(BATCH_LIMIT)
    seed(deps.db, { customers: [makeCustomer({ externalUserid: 'wmEXTRA' })], relations: [makeRelation({ externalUserid: 'wmEXTRA' })] })
    for (const path of ['/precheck', '']) {
      const res = await post(deps, path, filter)
      expect(res.status).toBe(400)
      expect(((await res.json()) as ErrorBody).error.details).toEqual({ limit: BATCH_LIMIT })
    }
  })

  it('start – a filter matching no customer – 400', async () => {
    const res = await post(batchDeps(), '', { selection: { filter: { q: '没有这个人' } }, add: ['etEDU'] })
    expect(res.status).toBe(400)
  })

  it('every batch route – a staff member – 403 FORBIDDEN', async () => {
    const deps = batchDeps()
    const body = { selection: { ids: ['wm1'] }, add: ['etIT'] }
    const responses = [
      await post(deps, '/precheck', body, 'lisi'),
      await post(deps, '', body, 'lisi'),
      await get(deps, '', 'lisi'),
      await get(deps, '/1', 'lisi'),
      await get(deps, '/1/result.xlsx', 'lisi'),
    ]
    expect(responses.map((r) => r.status)).toEqual([403, 403, 403, 403, 403])
    expect(deps.db.select().from(jobs).all()).toEqual([])
  })

  it('batch routes – no session – 401', async () => {
    expect((await request(batchDeps(), '/api/admin/tag-batches')).status).toBe(401)
  })

  it('job and result – unknown id – 404; a malformed id – 400', async () => {
    const deps = batchDeps()
    expect((await get(deps, '/999')).status).toBe(404)
    expect((await get(deps, '/999/result.xlsx')).status).toBe(404)
    expect((await get(deps, '/abc')).status).toBe(400)
    expect((await get(deps, '/0')).status).toBe(400)
  })

  it('job and result – another manager’s or an admin’s batch – 404 for a manager', async () => {
    const deps = batchDeps()
    const job = (await (await post(deps, '', { selection: { ids: ['wm3'] }, add: ['etIT'] })).json()) as BatchJob
    expect((await get(deps, `/${job.id}`, 'boss')).status).toBe(404)
    expect((await get(deps, `/${job.id}/result.xlsx`, 'boss')).status).toBe(404)
    expect((await get(deps, `/${job.id}`, 'admin')).status).toBe(200)
  })
})

describe('POST /api/admin/tag-batches – running', () => {
  it('start – chosen customers – 202 queued job; the runner applies it through the core write with source batch', async () => {
    const deps = batchDeps()
    const res = await post(deps, '', { selection: { ids: ['wm1', 'wm2', 'wm1'] }, add: ['etEDU'] })
    expect(res.status).toBe(202)
    const queued = (await res.json()) as BatchJob
    expect(queued).toMatchObject({ status: 'queued', total: 2, done: 0, failed: 0, addNames: ['教育'], removeNames: [], createdBy: '管理员' })
    await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()
    const job = (await (await get(deps, `/${queued.id}`)).json()) as BatchJob
    expect(job).toMatchObject({ status: 'done', done: 2, failed: 0, finishedAt: expect.any(Number) })
    expect(tagsOn(deps, 'wm1', 'lisi')).toEqual(['etEDU', 'etHIGH'])
    expect(tagsOn(deps, 'wm1', 'wangwu')).toEqual(['etEDU', 'etIT'])
    expect(tagsOn(deps, 'wm2', 'lisi')).toEqual(['etEDU'])
    const added = deps.db.select().from(relationTags).where(eq(relationTags.tagId, 'etEDU')).all()
    expect(added.every((r) => r.source === 'batch' && r.addedBy === 'admin')).toBe(true)
    expect(deps.db.select().from(tagEvents).all().map((e) => [e.externalUserid, e.userid, e.action, e.source, e.operatorUserid])).toHaveLength(3)
    expect(deps.db.select({ key: outbox.key }).from(outbox).all().map((o) => o.key).sort()).toEqual(['wm1/lisi', 'wm1/wangwu', 'wm2/lisi'])
  })

  it('run – manager’s batch – changes only relations in their scope and skips customers outside it', async () => {
    const deps = batchDeps()
    const job = await startAndRun(deps, { selection: { ids: ['wm1', 'wm3'] }, add: ['etEDU'], remove: ['etIT'] }, 'boss')
    expect(job).toMatchObject({ status: 'done', total: 2, done: 2, failed: 0 })
    expect(tagsOn(deps, 'wm1', 'lisi')).toEqual(['etEDU', 'etHIGH'])
    // wangwu is outside boss's scope: his 互联网 stays and he gets nothing.
    expect(tagsOn(deps, 'wm1', 'wangwu')).toEqual(['etIT'])
    expect(tagsOn(deps, 'wm3', 'wangwu')).toEqual([])
  })

  it('run – adding 低意向 where 高意向 is – replaces it, as the precheck said', async () => {
    const deps = batchDeps()
    await startAndRun(deps, { selection: { ids: ['wm1'] }, add: ['etLOW'] })
    expect(tagsOn(deps, 'wm1', 'lisi')).toEqual(['etLOW'])
    expect(tagsOn(deps, 'wm1', 'wangwu')).toEqual(['etIT', 'etLOW'])
  })

  it('run – a filter selection – evaluated at start: a customer matching later is not in the job', async () => {
    const deps = batchDeps()
    const res = await post(deps, '', { selection: { filter: { tagIds: 'etHIGH' } }, remove: ['etHIGH'] })
    const queued = (await res.json()) as BatchJob
    expect(queued.total).toBe(1)
    seed(deps.db, { relationTags: [makeRelationTag({ externalUserid: 'wm2', userid: 'lisi', tagId: 'etHIGH' })] })
    await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()
    expect(tagsOn(deps, 'wm1', 'lisi')).toEqual([])
    expect(tagsOn(deps, 'wm2', 'lisi')).toEqual(['etHIGH'])
  })

  it('run – a tag deleted after the start – those customers fail with a reason, the job still finishes', async () => {
    const deps = batchDeps()
    const res = await post(deps, '', { selection: { ids: ['wm1', 'wm2'] }, add: ['etEDU'] })
    const queued = (await res.json()) as BatchJob
    deps.db.delete(tags).where(eq(tags.id, 'etEDU')).run()
    await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()
    const job = (await (await get(deps, `/${queued.id}`)).json()) as BatchJob
    expect(job).toMatchObject({ status: 'done', done: 0, failed: 2 })
    expect(tagsOn(deps, 'wm2', 'lisi')).toEqual([])
  })

  it('run – the starter is no longer a manager – the job fails and its customers are counted as failed', async () => {
    const deps = batchDeps()
    const queued = (await (await post(deps, '', { selection: { ids: ['wm1', 'wm2'] }, add: ['etEDU'] }, 'boss')).json()) as BatchJob
    deps.db.update(staff).set({ role: 'staff' }).where(eq(staff.userid, 'boss')).run()
    await createJobRunner(deps, { pollMs: 10, logger: silent }).drain()
    const job = (await (await get(deps, `/${queued.id}`, 'admin')).json()) as BatchJob
    expect(job).toMatchObject({ status: 'failed', done: 0, failed: 2, error: expect.stringContaining('发起人') })
    expect(tagsOn(deps, 'wm2', 'lisi')).toEqual([])
  })
})

describe('GET /api/admin/tag-batches', () => {
  it('list – 22 batches – the latest 20, newest first', async () => {
    const deps = batchDeps()
    for (let i = 0; i < 22; i++) await post(deps, '', { selection: { ids: ['wm2'] }, add: ['etEDU'] })
    const body = (await (await get(deps, '')).json()) as BatchJobList
    expect(body.items).toHaveLength(20)
    expect(body.items[0]!.id).toBeGreaterThan(body.items[19]!.id)
    expect(body.items[19]!.id).toBe(3)
  })

  it('list – a manager – only the batches they started', async () => {
    const deps = batchDeps()
    await post(deps, '', { selection: { ids: ['wm2'] }, add: ['etEDU'] }, 'admin')
    const mine = (await (await post(deps, '', { selection: { ids: ['wm2'] }, add: ['etEDU'] }, 'boss')).json()) as BatchJob
    expect(((await (await get(deps, '', 'boss')).json()) as BatchJobList).items.map((j) => j.id)).toEqual([mine.id])
    expect(((await (await get(deps, '', 'admin')).json()) as BatchJobList).items).toHaveLength(2)
  })
})

describe('GET /api/admin/tag-batches/:id/result.xlsx', () => {
  it('result – finished batch – an xlsx attachment with a UTF-8 name and one row per customer', async () => {
    const deps = batchDeps()
    const job = await startAndRun(deps, { selection: { ids: ['wm2', 'wm1', 'wm3', 'wmNOSUCH'] }, add: ['etHIGH'] }, 'boss')
    const res = await get(deps, `/${job.id}/result.xlsx`, 'boss')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="batch-tags-${job.id}.xlsx"; filename*=UTF-8''${encodeURIComponent(`批量打标签结果-${job.id}.xlsx`)}`,
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await res.arrayBuffer())
    const rows: unknown[][] = []
    workbook.worksheets[0]!.eachRow((row) => rows.push([1, 2, 3, 4].map((i) => row.getCell(i).text)))
    const noRelation = '没有可操作的跟进关系（已删除好友或不在管理范围内）'
    expect(rows).toEqual([
      ['客户', '客户ID', '结果', '说明'],
      ['李雷', 'wm2', '成功', '已修改 1 个跟进关系的标签'],
      ['张三', 'wm1', '跳过', '标签已是目标状态，无需修改'],
      // 韩梅梅 is outside boss's scope: her name is not shown, as for a customer that does not exist.
      ['', 'wm3', '跳过', noRelation],
      ['', 'wmNOSUCH', '跳过', noRelation],
    ])
  })
})
