import { describe, expect, it } from 'vitest'
import { ErrorBody, TimelinePage, type TimelineItem } from '@kelan/shared'
import type { Db } from '../../db/client'
import { businessRecords, customerEvents, markEvents, marks, tagEvents } from '../../db/schema'
import { createReminderScheduler } from '../../jobs/reminder-scheduler'
import { makeRelation, seed, TEST_CORP_ID } from '../../test/helpers'
import { call, followupBody, followupsPath, LISI_CUSTOMER, noteTypeId, setup, T0, WANGWU_CUSTOMER } from '../followups/followups.testing'
import { recordRemarkChange } from './timeline.repo'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const timelinePath = (id: string, query = '') => `/api/customers/${id}/timeline${query}`
const C = LISI_CUSTOMER

async function timeline(deps: ReturnType<typeof setup>, query = '', as = 'lisi') {
  const res = await call(deps, timelinePath(C, query), { as })
  expect(res.status).toBe(200)
  return TimelinePage.parse(await res.json())
}

function tagEvent(db: Db, at: number, o: Partial<typeof tagEvents.$inferInsert> = {}) {
  db.insert(tagEvents)
    .values({ corpId: TEST_CORP_ID, externalUserid: C, userid: 'lisi', tagId: 'etA', tagName: 'A类', groupName: '等级', action: 'add', source: 'sidebar', operatorUserid: 'lisi', at, ...o })
    .run()
}

function markEvent(db: Db, at: number) {
  const mark = db
    .insert(marks)
    .values({ corpId: TEST_CORP_ID, externalUserid: C, tagId: 'etRISK', source: 'manual', markedBy: 'admin', markedAt: at, updatedAt: at })
    .returning({ id: marks.id })
    .get()
  db.insert(markEvents).values({ corpId: TEST_CORP_ID, markId: mark.id, kind: 'added', detail: { tagName: '风险客户' }, operatorUserid: 'admin', at }).run()
}

function businessRecord(db: Db, at: number) {
  db.insert(businessRecords)
    .values({
      corpId: TEST_CORP_ID,
      externalUserid: C,
      templateId: 1,
      templateName: '报价单',
      fields: [{ id: 'f1', name: '金额', type: 'decimal', required: true }, { id: 'f2', name: '备注', type: 'text', required: false }],
      values: { f1: 1200.5 },
      author: 'lisi',
      source: 'sidebar',
      clientKey: 'biz-0000001',
      createdAt: at,
    })
    .run()
}

/**
 * One event of every kind on lisi's customer, a minute apart from T0 (the relation was added
 * a day before): tags, remark, mark, follow-up with a reminder (sent at T0 + 10 min),
 * business record, and wangwu's relation ended by the customer.
 */
async function seedEveryKind(deps: ReturnType<typeof setup>) {
  tagEvent(deps.db, T0 + 60)
  recordRemarkChange(deps.db, { corpId: TEST_CORP_ID, externalUserid: C, userid: 'lisi', from: '王总', to: '王总-已签约', operator: 'lisi', at: T0 + 120 })
  markEvent(deps.db, T0 + 180)
  deps.clock.advance(240)
  const res = await call(deps, followupsPath(C), { as: 'lisi', method: 'POST', json: followupBody(noteTypeId(deps), { remindAt: T0 + 600 }) })
  expect(res.status).toBe(201)
  businessRecord(deps.db, T0 + 300)
  seed(deps.db, { relations: [makeRelation({ externalUserid: C, userid: 'wangwu', createtime: T0 - 1000, status: 'deleted_by_customer', endedAt: T0 + 360 })] })
  deps.clock.advance(360)
  expect(createReminderScheduler(deps, { pollMs: 60_000, logger: quiet }).tick()).toBe(1)
}

const kinds = (items: TimelineItem[]) => items.map((i) => i.kind)

describe('GET /api/customers/:id/timeline', () => {
  it('every kind – one stream, newest first, each item in its shape', async () => {
    const deps = setup()
    await seedEveryKind(deps)

    const page = await timeline(deps)

    expect(kinds(page.items)).toEqual(['reminder', 'removed', 'business', 'followup', 'mark', 'remark', 'tags', 'added', 'added'])
    const byKind = Object.fromEntries(page.items.map((i) => [i.kind, i]))
    expect(byKind.added).toMatchObject({ follower: { userid: 'lisi', name: '李四' }, addWayLabel: '扫描二维码', state: 'expo', at: T0 - 86_400 })
    expect(byKind.removed).toMatchObject({ follower: { userid: 'wangwu', name: '王五' }, by: 'customer', at: T0 + 360 })
    expect(byKind.tags).toMatchObject({ action: 'add', tagName: 'A类', operator: { name: '李四' }, sourceLabel: '侧边栏' })
    expect(byKind.remark).toMatchObject({ from: '王总', to: '王总-已签约', operator: { userid: 'lisi' } })
    expect(byKind.mark).toMatchObject({ event: 'added', operator: { name: '管理员' }, text: expect.stringContaining('风险客户') })
    expect(byKind.followup).toMatchObject({ followup: { type: { name: '笔记' }, author: { name: '李四' }, reminder: { status: 'sent' } } })
    expect(byKind.reminder).toMatchObject({ reminder: { dueAt: T0 + 600, late: false, recipients: [{ userid: 'lisi', name: '李四' }] } })
    expect(byKind.business).toMatchObject({ record: { templateName: '报价单', fields: [{ name: '金额', value: 1200.5 }, { name: '备注', value: null }] } })
    expect(page.nextCursor).toBeNull()
  })

  it('kinds=followup,tags – only those', async () => {
    const deps = setup()
    await seedEveryKind(deps)

    const page = await timeline(deps, '?kinds=followup,tags')

    expect(kinds(page.items)).toEqual(['followup', 'tags'])
  })

  it('limit 2 over events sharing seconds – every item once, in the order of the full stream', async () => {
    const deps = setup()
    await seedEveryKind(deps)
    for (const at of [T0 + 60, T0 + 60, T0 + 300]) tagEvent(deps.db, at, { action: 'remove' })
    const full = (await timeline(deps, '?limit=50')).items.map((i) => i.key)

    const walked: string[] = []
    let cursor: string | null = null
    do {
      const page: TimelinePage = await timeline(deps, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      walked.push(...page.items.map((i) => i.key))
      cursor = page.nextCursor
    } while (cursor && walked.length < 50)

    expect(walked).toEqual(full)
    expect(new Set(walked).size).toBe(12)
  })

  it('a manager over the follower – sees it; a staff member out of scope – 404', async () => {
    const deps = setup()
    await seedEveryKind(deps)

    expect((await timeline(deps, '', 'boss')).items.length).toBeGreaterThan(0)
    expect((await call(deps, timelinePath(WANGWU_CUSTOMER), { as: 'lisi' })).status).toBe(404)
  })

  it.each([
    ['an unknown kind', '?kinds=followup,chat'],
    ['a malformed cursor', '?cursor=abc'],
    ['a cursor with a bad character', '?cursor=a%2Bb'],
    ['limit 51', '?limit=51'],
  ])('%s – 400 with the error shape', async (_what, query) => {
    const res = await call(setup(), timelinePath(C, query), { as: 'lisi' })

    expect(res.status).toBe(400)
    expect(ErrorBody.parse(await res.json()).error.code).toBe('VALIDATION_FAILED')
  })

  it('no session – 401', async () => {
    expect((await call(setup(), timelinePath(C))).status).toBe(401)
  })
})

describe('recordRemarkChange', () => {
  it('unchanged remark – nothing recorded; changed in WeCom – recorded with no operator', () => {
    const deps = setup()
    const base = { corpId: TEST_CORP_ID, externalUserid: C, userid: 'lisi', at: T0 }

    const same = recordRemarkChange(deps.db, { ...base, from: '王总', to: '王总' })
    const changed = recordRemarkChange(deps.db, { ...base, from: '王总', to: '老王' })

    expect([same, changed]).toEqual([false, true])
    expect(deps.db.select().from(customerEvents).all()).toMatchObject([{ kind: 'remark_changed', operatorUserid: '', detail: { from: '王总', to: '老王' } }])
  })
})
