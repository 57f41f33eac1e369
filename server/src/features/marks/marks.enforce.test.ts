import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { customers, followRelations, markEvents, marks, outbox, relationTags, tagEvents, tags } from '../../db/schema'
import type { Deps } from '../../deps'
import {
  makeCustomer,
  makeRelation,
  makeRelationTag,
  makeStaff,
  makeTestDeps,
  relationTagIds,
  seed,
  TEST_CORP_ID,
} from '../../test/helpers'
import { enqueue } from '../outbox/outbox.repo'
import { applyMarkEdit, currentForcedRemark, enforceMarks } from './marks.enforce'
import { insertMark, markEventKinds, markTagRows, RISK, SPAM } from './marks.testing'

const MARKED_AT = 1_700_000_500
const NOW = 1_700_001_000

/**
 * wmA (王小明, unionid oUA) followed by lisi (before the mark) and wangwu (after it); lisi's
 * relation carries 垃圾资源; the 客户标记 group (exclusive when asked).
 */
function setup(o: { exclusive?: boolean } = {}) {
  const deps = makeTestDeps()
  seed(deps.db, {
    ...markTagRows(o),
    staff: [makeStaff({ userid: 'admin', name: '管理员', role: 'admin' }), makeStaff({ userid: 'lisi' }), makeStaff({ userid: 'wangwu', name: '王五' })],
    customers: [makeCustomer({ externalUserid: 'wmA', name: '王小明', unionid: 'oUA', avatar: 'https://a/1.png' })],
    relations: [
      makeRelation({ externalUserid: 'wmA', userid: 'lisi', createtime: 1_700_000_000, remark: '老客户' }),
      makeRelation({ externalUserid: 'wmA', userid: 'wangwu', createtime: 1_700_000_600 }),
    ],
    relationTags: [makeRelationTag({ externalUserid: 'wmA', userid: 'lisi', tagId: SPAM })],
  })
  return deps
}

const enforce = (deps: Deps, ids = ['wmA']) => enforceMarks(deps.db, { corpId: TEST_CORP_ID, now: NOW, publicUrl: 'https://kelan.test' }, ids)
const items = (deps: Deps) =>
  deps.db.select({ kind: outbox.kind, key: outbox.key }).from(outbox).orderBy(outbox.kind, outbox.key).all().map((i) => `${i.kind} ${i.key}`)
const removeTagInWecom = (deps: Deps, userid: string, tagId: string) =>
  deps.db.delete(relationTags).where(and(eq(relationTags.userid, userid), eq(relationTags.tagId, tagId))).run()
const setRemark = (deps: Deps, userid: string, remark: string) =>
  deps.db.update(followRelations).set({ remark }).where(eq(followRelations.userid, userid)).run()
const clearOutbox = (deps: Deps) => deps.db.delete(outbox).run()

describe('enforceMarks', () => {
  it('enforceMarks – marked customer, an old and a new follower – both tagged (source mark), remark pushes, applied ×2, the new one notified once', () => {
    const deps = setup()
    const mark = insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT, reason: '多次投诉' })

    const result = enforce(deps)

    expect(result).toEqual({ queued: true })
    expect(relationTagIds(deps.db, 'wmA', 'lisi')).toEqual([RISK, SPAM].sort())
    expect(relationTagIds(deps.db, 'wmA', 'wangwu')).toEqual([RISK])
    expect(deps.db.select({ source: tagEvents.source }).from(tagEvents).where(eq(tagEvents.tagId, RISK)).all()).toEqual([
      { source: 'mark' },
      { source: 'mark' },
    ])
    expect(items(deps)).toEqual([
      `app_message mark-${mark.id}-wangwu-1700000600`,
      'mark_tag wmA/lisi',
      'mark_tag wmA/wangwu',
      'remark wmA/lisi',
      'remark wmA/wangwu',
    ])
    expect(markEventKinds(deps.db, mark.id)).toEqual(['applied:lisi', 'applied:wangwu', 'notified:wangwu'])
  })

  it('enforceMarks – the new follower’s message – textcard to them with the tag, reason and link to the customer', () => {
    const deps = setup()
    insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT, reason: '多次投诉' })

    enforce(deps)

    const payload = deps.db.select().from(outbox).where(eq(outbox.kind, 'app_message')).get()?.payload
    expect(payload).toMatchObject({
      touser: 'wangwu',
      msgtype: 'textcard',
      textcard: { title: '客户已被标记：风险客户', url: 'https://kelan.test/#/manager/customers/wmA' },
    })
    expect((payload as { textcard: { description: string } }).textcard.description).toContain('原因：多次投诉')
  })

  it('enforceMarks – run again with everything in place – nothing written, no events', () => {
    const deps = setup()
    const mark = insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT })
    enforce(deps)
    clearOutbox(deps)
    setRemark(deps, 'lisi', '【风险客户】王小明')
    setRemark(deps, 'wangwu', '【风险客户】王小明')

    expect(enforce(deps)).toEqual({ queued: false })
    expect(items(deps)).toEqual([])
    expect(markEventKinds(deps.db, mark.id)).toEqual(['applied:lisi', 'applied:wangwu', 'notified:wangwu'])
  })

  it('enforceMarks – mark tag removed in WeCom on an applied relation – put back, reapplied (tag)', () => {
    const deps = setup()
    const mark = insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT })
    enforce(deps)
    clearOutbox(deps)
    setRemark(deps, 'lisi', '【风险客户】王小明')
    setRemark(deps, 'wangwu', '【风险客户】王小明')
    removeTagInWecom(deps, 'lisi', RISK)

    enforce(deps)

    expect(relationTagIds(deps.db, 'wmA', 'lisi')).toContain(RISK)
    expect(items(deps)).toEqual(['mark_tag wmA/lisi'])
    expect(markEventKinds(deps.db, mark.id).at(-1)).toBe('reapplied:lisi')
  })

  it('enforceMarks – remark changed in WeCom with no push open – pushed back, reapplied with what was found', () => {
    const deps = setup()
    const mark = insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT })
    enforce(deps)
    clearOutbox(deps)
    setRemark(deps, 'lisi', '【风险客户】王小明')
    setRemark(deps, 'wangwu', '好客户')

    enforce(deps)

    expect(items(deps)).toEqual(['remark wmA/wangwu'])
    const events = deps.db.select().from(markEvents).all().filter((e) => e.kind === 'reapplied')
    expect(events.map((e) => [e.userid, e.detail])).toEqual([
      ['wangwu', { what: ['remark'], tagName: '风险客户', remark: '【风险客户】王小明', createtime: 1_700_000_600, found: '好客户' }],
    ])
  })

  it('enforceMarks – remark changed in WeCom while its push failed for good – tampering: pushed again (item reopened), reapplied', () => {
    const deps = setup()
    const mark = insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT })
    enforce(deps)
    setRemark(deps, 'lisi', '【风险客户】王小明')
    setRemark(deps, 'wangwu', '好客户')
    const wangwuRemark = and(eq(outbox.kind, 'remark'), eq(outbox.key, 'wmA/wangwu'))
    deps.db.update(outbox).set({ status: 'failed', attempts: 5 }).where(wangwuRemark).run()

    enforce(deps)

    expect(deps.db.select({ status: outbox.status, attempts: outbox.attempts }).from(outbox).where(wangwuRemark).get()).toEqual({
      status: 'pending',
      attempts: 0,
    })
    expect(markEventKinds(deps.db, mark.id).at(-1)).toBe('reapplied:wangwu')
  })

  it('enforceMarks – remark differs while its push is still open (unpushed, not tampering) – no reapplied, no second item', () => {
    const deps = setup()
    const mark = insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT })
    enforce(deps)

    enforce(deps)

    expect(markEventKinds(deps.db, mark.id)).toEqual(['applied:lisi', 'applied:wangwu', 'notified:wangwu'])
    expect(items(deps).filter((i) => i.startsWith('remark'))).toEqual(['remark wmA/lisi', 'remark wmA/wangwu'])
  })

  it('enforceMarks – a user’s remark edit on its way – not tampering: the open item stays and carries the forced remark later', () => {
    const deps = setup()
    enqueue(deps.db, { corpId: TEST_CORP_ID, kind: 'remark', key: 'wmA/lisi', payload: { remark: '老客户' }, createdBy: 'lisi', now: NOW })
    const mark = insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT })

    enforce(deps)

    expect(markEventKinds(deps.db, mark.id)).toEqual(['applied:lisi', 'applied:wangwu', 'notified:wangwu'])
    const item = deps.db.select({ status: outbox.status, payload: outbox.payload, createdBy: outbox.createdBy }).from(outbox).where(eq(outbox.key, 'wmA/lisi')).get()
    expect(item).toEqual({ status: 'pending', payload: { remark: '老客户' }, createdBy: 'lisi' })
    expect(currentForcedRemark(deps.db, TEST_CORP_ID, 'wmA')).toBe('【风险客户】王小明')
  })

  it('enforceMarks – mark group 互斥 and a relation carrying 垃圾资源 – 风险客户 replaces it on every relation', () => {
    const deps = setup({ exclusive: true })
    insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT })

    enforce(deps)

    expect(relationTagIds(deps.db, 'wmA', 'lisi')).toEqual([RISK])
    expect(relationTagIds(deps.db, 'wmA', 'wangwu')).toEqual([RISK])
  })

  it('enforceMarks – a mark by unionid only – tied to the customer (id, name, avatar) and enforced', () => {
    const deps = setup()
    const mark = insertMark(deps.db, { externalUserid: '', unionid: 'oUA', markedAt: MARKED_AT })

    enforce(deps)

    expect(deps.db.select().from(marks).where(eq(marks.id, mark.id)).get()).toMatchObject({
      externalUserid: 'wmA',
      name: '王小明',
      avatar: 'https://a/1.png',
    })
    expect(relationTagIds(deps.db, 'wmA', 'wangwu')).toEqual([RISK])
  })

  it('enforceMarks – a follower deleted the customer and added them again (new createtime) – applied afresh (not reapplied) and told again', () => {
    const deps = setup()
    const mark = insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT })
    enforce(deps)
    clearOutbox(deps)
    setRemark(deps, 'lisi', '【风险客户】王小明')
    // wangwu's new relation: WeCom's new createtime, no tag and no remark.
    deps.db.update(followRelations).set({ createtime: 1_700_000_900, remark: '' }).where(eq(followRelations.userid, 'wangwu')).run()
    removeTagInWecom(deps, 'wangwu', RISK)

    enforce(deps)

    expect(markEventKinds(deps.db, mark.id)).toEqual(['applied:lisi', 'applied:wangwu', 'notified:wangwu', 'applied:wangwu', 'notified:wangwu'])
    expect(items(deps)).toEqual([`app_message mark-${mark.id}-wangwu-1700000900`, 'mark_tag wmA/wangwu', 'remark wmA/wangwu'])
  })

  it('enforceMarks – the customer changed their nickname and the mark tag was renamed – the remark stands: nothing pushed, no reapplied', () => {
    const deps = setup()
    const mark = insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT })
    enforce(deps)
    clearOutbox(deps)
    setRemark(deps, 'lisi', '【风险客户】王小明')
    setRemark(deps, 'wangwu', '【风险客户】王小明')
    deps.db.update(customers).set({ name: '王大明' }).where(eq(customers.externalUserid, 'wmA')).run()
    deps.db.update(tags).set({ name: '高风险' }).where(eq(tags.id, RISK)).run()

    expect(enforce(deps)).toEqual({ queued: false })
    expect(items(deps)).toEqual([])
    expect(markEventKinds(deps.db, mark.id)).toEqual(['applied:lisi', 'applied:wangwu', 'notified:wangwu'])
    expect(currentForcedRemark(deps.db, TEST_CORP_ID, 'wmA')).toBe('【风险客户】王小明')
  })

  it('enforceMarks – the mark tag deleted in WeCom – the remark is still forced (tampering pushed back, new follower told), no tag written', () => {
    const deps = setup()
    const mark = insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT })
    enforce(deps)
    clearOutbox(deps)
    setRemark(deps, 'lisi', '好客户')
    setRemark(deps, 'wangwu', '【风险客户】王小明')
    deps.db.delete(relationTags).where(eq(relationTags.tagId, RISK)).run()
    deps.db.delete(tags).where(eq(tags.id, RISK)).run()
    seed(deps.db, { staff: [makeStaff({ userid: 'zhaoliu' })], relations: [makeRelation({ externalUserid: 'wmA', userid: 'zhaoliu', createtime: 1_700_000_800 })] })

    enforce(deps)

    expect(items(deps)).toEqual([`app_message mark-${mark.id}-zhaoliu-1700000800`, 'remark wmA/lisi', 'remark wmA/zhaoliu'])
    expect(markEventKinds(deps.db, mark.id).slice(3)).toEqual(['reapplied:lisi', 'applied:zhaoliu', 'notified:zhaoliu'])
    const message = deps.db.select().from(outbox).where(eq(outbox.kind, 'app_message')).get()?.payload as { textcard: { description: string } }
    expect(message.textcard.description).toContain('备注已改为「【风险客户】王小明」')
    expect(message.textcard.description).not.toContain('添加标签')
    expect(currentForcedRemark(deps.db, TEST_CORP_ID, 'wmA')).toBe('【风险客户】王小明')
  })

  it('enforceMarks – marked by id, and by the unionid before Kelan knew it was theirs – the unionid-only mark is closed with an event saying why', () => {
    const deps = setup()
    const byUnionid = insertMark(deps.db, { externalUserid: '', unionid: 'oUA', markedAt: MARKED_AT })
    const byId = insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT })

    enforce(deps)

    expect(deps.db.select({ status: marks.status, removedBy: marks.removedBy }).from(marks).where(eq(marks.id, byUnionid.id)).get()).toEqual({
      status: 'removed',
      removedBy: '',
    })
    expect(deps.db.select({ kind: markEvents.kind, detail: markEvents.detail }).from(markEvents).where(eq(markEvents.markId, byUnionid.id)).all()).toEqual([
      { kind: 'removed', detail: { mergedInto: byId.id, externalUserid: 'wmA' } },
    ])
    expect(markEventKinds(deps.db, byId.id)).toEqual(['applied:lisi', 'applied:wangwu', 'notified:wangwu'])
  })

  it('enforceMarks – no mark, or a removed one – nothing written', () => {
    const deps = setup()
    insertMark(deps.db, { externalUserid: 'wmA', status: 'removed' })

    expect(enforce(deps)).toEqual({ queued: false })
    expect(items(deps)).toEqual([])
    expect(relationTagIds(deps.db, 'wmA', 'wangwu')).toEqual([])
  })
})

describe('applyMarkEdit', () => {
  it('applyMarkEdit – tag changed from 风险客户 to 垃圾资源 – old off, new on every relation (no reapplied), remark pushed with the new default', () => {
    const deps = setup()
    const mark = insertMark(deps.db, { externalUserid: 'wmA', markedAt: MARKED_AT })
    enforce(deps)
    clearOutbox(deps)
    setRemark(deps, 'lisi', '【风险客户】王小明')
    setRemark(deps, 'wangwu', '【风险客户】王小明')
    const edited = deps.db.update(marks).set({ tagId: SPAM, tagName: '垃圾资源' }).where(eq(marks.id, mark.id)).returning().get()!

    const result = applyMarkEdit(deps.db, { corpId: TEST_CORP_ID, now: NOW, publicUrl: 'https://kelan.test', operator: 'admin' }, edited, RISK)

    expect(result).toEqual({ queued: true })
    expect(relationTagIds(deps.db, 'wmA', 'lisi')).toEqual([SPAM])
    expect(relationTagIds(deps.db, 'wmA', 'wangwu')).toEqual([SPAM])
    expect(items(deps)).toEqual(['mark_tag wmA/lisi', 'mark_tag wmA/wangwu', 'remark wmA/lisi', 'remark wmA/wangwu'])
    expect(currentForcedRemark(deps.db, TEST_CORP_ID, 'wmA')).toBe('【垃圾资源】王小明')
    expect(markEventKinds(deps.db, mark.id).some((k) => k.startsWith('reapplied'))).toBe(false)
    const history = deps.db.select({ tagId: tagEvents.tagId, action: tagEvents.action, op: tagEvents.operatorUserid }).from(tagEvents).where(eq(tagEvents.userid, 'wangwu')).all()
    expect(history).toEqual([
      { tagId: RISK, action: 'add', op: '' },
      { tagId: SPAM, action: 'add', op: 'admin' },
      { tagId: RISK, action: 'remove', op: 'admin' },
    ])
  })
})
