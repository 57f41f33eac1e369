import { describe, expect, it, vi } from 'vitest'
import type { CreateMarksResult, ErrorBody, Mark, MarkCandidatePage, MarkHistoryPage, MarkPage, MarkSettings, Me } from '@kelan/shared'
import { eq } from 'drizzle-orm'
import { outbox, tags } from '../../db/schema'
import type { Deps } from '../../deps'
import { relationTagIds } from '../../test/helpers'
import { enforceMarks } from './marks.enforce'
import {
  addCustomer,
  allMarks,
  call,
  endRelation,
  eventKinds,
  grantMarks,
  outboxKeys,
  PEER,
  PLAIN,
  RISK,
  setupMarksCorp,
  SPAM,
} from './marks-admin.testing'

const errorOf = async (res: Response) => ((await res.json()) as ErrorBody).error

async function create(deps: Deps, json: unknown, as = 'admin') {
  return call(deps, '/api/admin/marks', { as, method: 'POST', json })
}

/** Marks customers and returns the created marks (asserting 201). */
async function mark(deps: Deps, json: Record<string, unknown>): Promise<Mark[]> {
  const res = await create(deps, { tagId: RISK, ...json })
  expect(res.status).toBe(201)
  return ((await res.json()) as CreateMarksResult).items
}

async function list(deps: Deps, query = '', as = 'admin'): Promise<MarkPage> {
  const res = await call(deps, `/api/admin/marks${query}`, { as })
  expect(res.status).toBe(200)
  return (await res.json()) as MarkPage
}

describe('marks admin – permissions', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/api/admin/marks'],
    ['GET', '/api/admin/marks/candidates'],
    ['POST', '/api/admin/marks', { customers: [], tagId: '' }],
    ['PATCH', '/api/admin/marks/1', {}],
    ['DELETE', '/api/admin/marks/1'],
    ['GET', '/api/admin/marks/1/history'],
    ['GET', '/api/admin/marks/settings'],
    ['PUT', '/api/admin/marks/settings', {}],
    ['GET', '/api/admin/marks/import/template'],
    ['POST', '/api/admin/marks/import', undefined],
    ['GET', '/api/admin/marks/import/1'],
    ['GET', '/api/admin/marks/import/1/result.xlsx'],
  ]

  it.each(routes)('%s %s – staff without a grant, or a manager – 403 before anything is read', async (method, path, json) => {
    const deps = setupMarksCorp()
    for (const as of ['lisi', 'boss']) {
      const res = await call(deps, path, { as, method, json })
      expect(res.status).toBe(403)
      expect((await errorOf(res)).code).toBe('FORBIDDEN')
    }
  })

  it('list – staff granted 客户标记管理 – 200', async () => {
    const deps = setupMarksCorp()
    grantMarks(deps.db, 'lisi')
    expect((await list(deps, '', 'lisi')).total).toBe(0)
  })

  it('list – no session – 401', async () => {
    const res = await call(setupMarksCorp(), '/api/admin/marks')
    expect(res.status).toBe(401)
  })

  it('me – admin, granted staff, plain staff – permissions [marks], [marks], []', async () => {
    const deps = setupMarksCorp()
    grantMarks(deps.db, 'wangwu')
    const permissions = async (as: string) => ((await (await call(deps, '/api/me', { as })).json()) as Me).permissions
    expect(await permissions('admin')).toEqual(['marks'])
    expect(await permissions('wangwu')).toEqual(['marks'])
    expect(await permissions('lisi')).toEqual([])
  })
})

describe('POST /api/admin/marks', () => {
  it('create – a followed customer – 201 with the default remark, tag and remark forced, history added + applied', async () => {
    const deps = setupMarksCorp()
    const wake = vi.fn()
    deps.wake = wake
    addCustomer(deps.db, 'wmA', { name: '王小明', unionid: 'oUA', followers: ['lisi'] })
    const [m] = await mark(deps, { customers: [{ externalUserId: 'wmA' }], reason: '恶意投诉' })
    expect(wake).toHaveBeenCalledWith('outbox')
    expect(m).toMatchObject({
      externalUserId: 'wmA',
      unionid: 'oUA',
      name: '王小明',
      tag: { id: RISK, name: '风险客户', groupName: '客户标记' },
      remark: '【风险客户】王小明',
      customRemark: false,
      reason: '恶意投诉',
      source: 'manual',
      status: 'active',
      customerStatus: 'normal',
      markedBy: { userid: 'admin', name: '管理员' },
      followerCount: 1,
    })
    expect(relationTagIds(deps.db, 'wmA', 'lisi')).toEqual([RISK])
    expect(outboxKeys(deps.db, 'remark')).toEqual(['wmA/lisi'])
    expect(eventKinds(deps.db, m!.id).map((e) => e.kind)).toEqual(['added', 'applied'])
  })

  it('create – a custom remark – the remark is forced as typed', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { followers: ['lisi'] })
    const [m] = await mark(deps, { customers: [{ externalUserId: 'wmA' }], remark: '勿联系' })
    expect(m).toMatchObject({ remark: '勿联系', customRemark: true })
  })

  it('create – a unionid of a known customer – marks that customer', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { name: '王小明', unionid: 'oUA', followers: ['lisi'] })
    const [m] = await mark(deps, { customers: [{ unionid: 'oUA' }] })
    expect(m).toMatchObject({ externalUserId: 'wmA', unionid: 'oUA', customerStatus: 'normal' })
    expect(relationTagIds(deps.db, 'wmA', 'lisi')).toEqual([RISK])
  })

  it('create – the same customer by id and by unionid – one mark', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { unionid: 'oUA' })
    const items = await mark(deps, { customers: [{ externalUserId: 'wmA' }, { unionid: 'oUA' }] })
    expect(items).toHaveLength(1)
  })

  it('create – an unknown unionid – a unionid-only mark, 未添加', async () => {
    const deps = setupMarksCorp()
    const [m] = await mark(deps, { customers: [{ unionid: 'oNEW1' }], tagId: SPAM })
    expect(m).toMatchObject({ externalUserId: '', unionid: 'oNEW1', customerStatus: 'not_added', remark: '【垃圾资源】', followerCount: 0 })
  })

  it('create – unionid-only mark, then a customer with that unionid is added – enforcement ties the mark and forces the tag', async () => {
    const deps = setupMarksCorp()
    const [m] = await mark(deps, { customers: [{ unionid: 'oNEW1' }] })
    addCustomer(deps.db, 'wmNEW', { name: '新客户', unionid: 'oNEW1', followers: ['wangwu'], createtime: deps.clock.now() + 10 })
    enforceMarks(deps.db, { corpId: deps.corpId, now: deps.clock.now(), publicUrl: deps.env.publicUrl }, ['wmNEW'])
    const page = await list(deps)
    expect(page.items).toEqual([
      expect.objectContaining({ id: m!.id, externalUserId: 'wmNEW', name: '新客户', customerStatus: 'normal', followerCount: 1, remark: '【风险客户】新客户' }),
    ])
    expect(relationTagIds(deps.db, 'wmNEW', 'wangwu')).toEqual([RISK])
    expect(outboxKeys(deps.db, 'app_message')).toEqual([`mark-${m!.id}-wangwu-${deps.clock.now() + 10}`])
  })

  it('create – a tag that is not a mark tag – 400 NOT_MARK_TAG, nothing created', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA')
    for (const tagId of [PLAIN, 'etNOPE']) {
      const res = await create(deps, { customers: [{ externalUserId: 'wmA' }], tagId })
      expect(res.status).toBe(400)
      expect((await errorOf(res)).code).toBe('NOT_MARK_TAG')
    }
    expect(allMarks(deps.db)).toEqual([])
  })

  it('create – an external_userid Kelan does not know – 400 客户不存在', async () => {
    const deps = setupMarksCorp()
    const res = await create(deps, { customers: [{ externalUserId: 'wmGHOST' }], tagId: RISK })
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', message: '客户不存在', details: { externalUserIds: ['wmGHOST'] } })
  })

  it.each([
    ['no customers', { customers: [], tagId: RISK }],
    ['no tag', { customers: [{ externalUserId: 'wmA' }], tagId: '' }],
    ['a remark over 20 characters', { customers: [{ externalUserId: 'wmA' }], tagId: RISK, remark: '字'.repeat(21) }],
    ['a malformed unionid', { customers: [{ unionid: 'o U A' }], tagId: RISK }],
    ['201 customers', { customers: Array.from({ length: 201 }, (_, i) => ({ unionid: `o${i}` })), tagId: RISK }],
  ])('create – %s – 400 VALIDATION_FAILED', async (_name, json) => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA')
    const res = await create(deps, json)
    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })

  it('create – one of the targets already marked (by id, or by unionid) – 409 ALREADY_MARKED naming them, nothing created', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { name: '王小明' })
    addCustomer(deps.db, 'wmB', { name: '李小红', unionid: 'oUB' })
    addCustomer(deps.db, 'wmC', { name: '张三' })
    await mark(deps, { customers: [{ externalUserId: 'wmA' }, { unionid: 'oUB' }] })
    const res = await create(deps, { customers: [{ externalUserId: 'wmC' }, { externalUserId: 'wmA' }, { externalUserId: 'wmB' }], tagId: SPAM })
    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({
      code: 'ALREADY_MARKED',
      details: { customers: [{ key: 'wmA', name: '王小明' }, { key: 'wmB', name: '李小红' }] },
    })
    expect(allMarks(deps.db)).toHaveLength(2)
  })

  it('create – a unionid-only mark exists, the same unionid again – 409 ALREADY_MARKED', async () => {
    const deps = setupMarksCorp()
    await mark(deps, { customers: [{ unionid: 'oNEW1' }] })
    const res = await create(deps, { customers: [{ unionid: 'oNEW1' }], tagId: RISK })
    expect(res.status).toBe(409)
    expect((await errorOf(res)).code).toBe('ALREADY_MARKED')
  })

  it('create – a customer whose mark was removed – marked again', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA')
    const [m] = await mark(deps, { customers: [{ externalUserId: 'wmA' }] })
    expect((await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'DELETE' })).status).toBe(204)
    expect(await mark(deps, { customers: [{ externalUserId: 'wmA' }] })).toHaveLength(1)
  })
})

describe('GET /api/admin/marks', () => {
  async function seedList(deps: ReturnType<typeof setupMarksCorp>) {
    addCustomer(deps.db, 'wmAAA1', { name: '天马湖', unionid: 'oJwA1', followers: ['lisi'] })
    addCustomer(deps.db, 'wmAAB2', { name: '漠然', unionid: 'oJwB2', followers: ['lisi', 'wangwu'] })
    addCustomer(deps.db, 'wmCCC3', { name: '阿树', followers: ['wangwu'] })
    await mark(deps, { customers: [{ externalUserId: 'wmAAA1' }] })
    deps.clock.advance(10)
    await mark(deps, { customers: [{ externalUserId: 'wmAAB2' }], tagId: SPAM })
    deps.clock.advance(10)
    await mark(deps, { customers: [{ externalUserId: 'wmCCC3' }], tagId: PEER })
    deps.clock.advance(10)
    await mark(deps, { customers: [{ unionid: 'oEmily' }], tagId: SPAM })
    endRelation(deps.db, 'wmCCC3', 'wangwu')
  }

  it('list – no filter – newest first, with status, markedBy and followerCount', async () => {
    const deps = setupMarksCorp()
    await seedList(deps)
    const page = await list(deps)
    expect(page.total).toBe(4)
    expect(page.items.map((m) => [m.name || m.unionid, m.tag.name, m.customerStatus, m.followerCount])).toEqual([
      ['oEmily', '垃圾资源', 'not_added', 0],
      ['阿树', '同行', 'lost', 0],
      ['漠然', '垃圾资源', 'normal', 2],
      ['天马湖', '风险客户', 'normal', 1],
    ])
    expect(page.items[0]!.markedBy).toEqual({ userid: 'admin', name: '管理员' })
  })

  it.each([
    ['name contains', '?name=马', ['天马湖']],
    ['unionid prefix', '?unionid=oJw', ['漠然', '天马湖']],
    ['unionid exact', '?unionid=oJwB2', ['漠然']],
    ['external_userid prefix', '?externalUserId=wmAA', ['漠然', '天马湖']],
    ['external_userid exact', '?externalUserId=wmCCC3', ['阿树']],
    ['tag', `?tagId=${SPAM}`, ['oEmily', '漠然']],
    ['a wildcard typed by the user', '?externalUserId=wm%25', []],
  ])('list – filter by %s – only the matching marks', async (_name, query, names) => {
    const deps = setupMarksCorp()
    await seedList(deps)
    expect((await list(deps, query)).items.map((m) => m.name || m.unionid)).toEqual(names)
  })

  it('list – source and status filters, pagination – imports apart, removed ones under status=removed, total kept', async () => {
    const deps = setupMarksCorp()
    await seedList(deps)
    deps.db.$client.prepare("update marks set source = 'import' where unionid = 'oJwA1'").run()
    expect((await list(deps, '?source=import')).items.map((m) => m.name)).toEqual(['天马湖'])
    expect((await list(deps, '?source=manual')).total).toBe(3)
    const second = await list(deps, '?page=2&pageSize=3')
    expect(second).toMatchObject({ total: 4, items: [expect.objectContaining({ name: '天马湖' })] })
    const target = (await list(deps, '?name=漠然')).items[0]!
    await call(deps, `/api/admin/marks/${target.id}`, { as: 'admin', method: 'DELETE' })
    expect((await list(deps)).total).toBe(3)
    expect((await list(deps, '?status=removed')).items).toEqual([
      expect.objectContaining({ name: '漠然', status: 'removed', removedBy: { userid: 'admin', name: '管理员' } }),
    ])
  })

  it.each(['?page=0', '?pageSize=101', '?source=excel', `?name=${'名'.repeat(65)}`])('list – %s – 400', async (query) => {
    const res = await call(setupMarksCorp(), `/api/admin/marks${query}`, { as: 'admin' })
    expect(res.status).toBe(400)
  })
})

describe('GET /api/admin/marks/candidates', () => {
  it('candidates – every customer of the corp, marked ones flagged, filters by name / unionid / id', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { name: '天马湖', unionid: 'oJwA', followers: ['wangwu'], updatedAt: 3 })
    addCustomer(deps.db, 'wmB', { name: '漠然', unionid: 'oJwB', updatedAt: 2 })
    addCustomer(deps.db, 'woC', { name: '雨后的天空', updatedAt: 1 })
    await mark(deps, { customers: [{ unionid: 'oJwB' }] })
    const get = async (q: string) => (await (await call(deps, `/api/admin/marks/candidates${q}`, { as: 'admin' })).json()) as MarkCandidatePage
    expect(await get('')).toEqual({
      total: 3,
      items: [
        { externalUserId: 'wmA', unionid: 'oJwA', name: '天马湖', avatar: '', marked: false },
        { externalUserId: 'wmB', unionid: 'oJwB', name: '漠然', avatar: '', marked: true },
        { externalUserId: 'woC', unionid: '', name: '雨后的天空', avatar: '', marked: false },
      ],
    })
    expect((await get('?name=天')).items.map((c) => c.externalUserId)).toEqual(['wmA', 'woC'])
    expect((await get('?unionid=oJwB')).items.map((c) => c.externalUserId)).toEqual(['wmB'])
    expect((await get('?externalUserId=wo')).items.map((c) => c.externalUserId)).toEqual(['woC'])
    expect((await get('?pageSize=1&page=2')).items.map((c) => c.externalUserId)).toEqual(['wmB'])
  })

  it('candidates – pageSize 51 – 400', async () => {
    expect((await call(setupMarksCorp(), '/api/admin/marks/candidates?pageSize=51', { as: 'admin' })).status).toBe(400)
  })
})

describe('PATCH /api/admin/marks/:id', () => {
  it('edit – new tag – old tag off, new tag on every relation, remark follows, history edited', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { name: '王小明', followers: ['lisi', 'wangwu'] })
    const [m] = await mark(deps, { customers: [{ externalUserId: 'wmA' }] })
    const res = await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'PATCH', json: { tagId: PEER, reason: '同行打探' } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ tag: { id: PEER, name: '同行' }, remark: '【同行】王小明', reason: '同行打探' })
    expect(relationTagIds(deps.db, 'wmA', 'lisi')).toEqual([PEER])
    expect(relationTagIds(deps.db, 'wmA', 'wangwu')).toEqual([PEER])
    expect(eventKinds(deps.db, m!.id).filter((e) => e.kind !== 'applied').map((e) => e.kind)).toEqual(['added', 'edited'])
  })

  it('edit – the mark tag was renamed in the library since – any edit brings the stored name and the default remark up to date', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { name: '王小明', followers: ['lisi'] })
    const [m] = await mark(deps, { customers: [{ externalUserId: 'wmA' }] })
    deps.db.update(tags).set({ name: '高风险' }).where(eq(tags.id, RISK)).run()

    const res = await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'PATCH', json: { reason: '多次投诉' } })

    expect(await res.json()).toMatchObject({ tag: { id: RISK, name: '高风险' }, remark: '【高风险】王小明', reason: '多次投诉' })
    expect(deps.db.select({ payload: outbox.payload }).from(outbox).where(eq(outbox.kind, 'remark')).all().length).toBe(1)
  })

  it('edit – nothing actually changes – 200, no event', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA')
    const [m] = await mark(deps, { customers: [{ externalUserId: 'wmA' }], reason: 'x' })
    const res = await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'PATCH', json: { tagId: RISK, reason: 'x' } })
    expect(res.status).toBe(200)
    expect(eventKinds(deps.db, m!.id).map((e) => e.kind)).toEqual(['added'])
  })

  it('edit – unknown id – 404', async () => {
    const res = await call(setupMarksCorp(), '/api/admin/marks/999', { as: 'admin', method: 'PATCH', json: { reason: 'x' } })
    expect(res.status).toBe(404)
  })

  it('edit – a removed mark – 409 该标记已移除', async () => {
    const deps = setupMarksCorp()
    const [m] = await mark(deps, { customers: [{ unionid: 'oU1' }] })
    await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'DELETE' })
    const res = await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'PATCH', json: { reason: 'x' } })
    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({ code: 'CONFLICT', message: '该标记已移除' })
  })

  it('edit – a tag that is not a mark tag – 400 NOT_MARK_TAG, mark unchanged', async () => {
    const deps = setupMarksCorp()
    const [m] = await mark(deps, { customers: [{ unionid: 'oU1' }] })
    const res = await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'PATCH', json: { tagId: PLAIN } })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('NOT_MARK_TAG')
    expect(allMarks(deps.db)[0]!.tagId).toBe(RISK)
  })

  it.each([['an empty body', {}], ['a bad id', null]])('edit – %s – 400', async (_name, json) => {
    const deps = setupMarksCorp()
    const path = json === null ? '/api/admin/marks/abc' : '/api/admin/marks/1'
    const res = await call(deps, path, { as: 'admin', method: 'PATCH', json: json ?? { reason: 'x' } })
    expect(res.status).toBe(400)
  })
})

describe('DELETE /api/admin/marks/:id', () => {
  it('remove – an active mark – 204, removed, relations keep tag, one removed event even when repeated', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { followers: ['lisi'] })
    const [m] = await mark(deps, { customers: [{ externalUserId: 'wmA' }] })
    for (let i = 0; i < 2; i++) expect((await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'DELETE' })).status).toBe(204)
    expect(allMarks(deps.db)[0]).toMatchObject({ status: 'removed', removedBy: 'admin' })
    expect(relationTagIds(deps.db, 'wmA', 'lisi')).toEqual([RISK])
    expect(eventKinds(deps.db, m!.id).filter((e) => e.kind === 'removed')).toHaveLength(1)
  })

  it('remove – a new follower’s message not sent yet – the message is dropped with the mark', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { followers: ['lisi'], createtime: deps.clock.now() + 10 })
    const [m] = await mark(deps, { customers: [{ externalUserId: 'wmA' }] })
    addCustomer(deps.db, 'wmB', { followers: ['wangwu'], createtime: deps.clock.now() + 10 })
    const [other] = await mark(deps, { customers: [{ externalUserId: 'wmB' }] })
    expect(outboxKeys(deps.db, 'app_message')).toHaveLength(2)

    expect((await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'DELETE' })).status).toBe(204)

    expect(outboxKeys(deps.db, 'app_message')).toEqual([`mark-${other!.id}-wangwu-${deps.clock.now() + 10}`])
  })

  it('remove – unknown id – 404', async () => {
    expect((await call(setupMarksCorp(), '/api/admin/marks/999', { as: 'admin', method: 'DELETE' })).status).toBe(404)
  })
})

describe('GET /api/admin/marks/:id/history', () => {
  it('history – added, applied, edited, reapplied, removed – newest first, one Chinese line each, names of follower and operator', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { name: '王小明', followers: ['lisi'] })
    const [m] = await mark(deps, { customers: [{ externalUserId: 'wmA' }], reason: '恶意投诉' })
    await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'PATCH', json: { tagId: PEER } })
    // lisi takes the tag off in WeCom: relation_tags loses it, enforcement puts it back.
    deps.db.$client.prepare("delete from relation_tags where external_userid = 'wmA'").run()
    deps.db.$client.prepare("delete from outbox where kind = 'remark'").run()
    deps.db.$client.prepare("update follow_relations set remark = '【同行】王小明' where external_userid = 'wmA'").run()
    enforceMarks(deps.db, { corpId: deps.corpId, now: deps.clock.now(), publicUrl: deps.env.publicUrl }, ['wmA'])
    await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'DELETE' })
    const res = await call(deps, `/api/admin/marks/${m!.id}/history`, { as: 'admin' })
    expect(res.status).toBe(200)
    const page = (await res.json()) as MarkHistoryPage
    expect(page.items.map((e) => [e.kind, e.text, e.follower?.name ?? null, e.operator?.name ?? null])).toEqual([
      ['removed', '移出标记名单，标签和备注不再强制', null, '管理员'],
      ['reapplied', '李四 在企业微信中移除了标签 「同行」，已恢复', '李四', null],
      ['edited', '编辑标记：标签由 「风险客户」 改为 「同行」', null, '管理员'],
      ['applied', '已为 李四 的客户打上标签 「风险客户」，备注改为 「【风险客户】王小明」', '李四', null],
      ['added', '加入标记名单：标签 「风险客户」，备注 默认备注（【标签】+昵称），原因：恶意投诉', null, '管理员'],
    ])
    expect(page.nextCursor).toBeNull()
  })

  it('history – more events than the limit – pages by cursor without repeats', async () => {
    const deps = setupMarksCorp()
    const [m] = await mark(deps, { customers: [{ unionid: 'oU1' }] })
    for (const reason of ['a', 'b', 'c']) await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'PATCH', json: { reason } })
    const first = (await (await call(deps, `/api/admin/marks/${m!.id}/history?limit=3`, { as: 'admin' })).json()) as MarkHistoryPage
    expect(first.items.map((e) => e.text)).toEqual([
      '编辑标记：原因由 「b」 改为 「c」',
      '编辑标记：原因由 「a」 改为 「b」',
      '编辑标记：原因由 「无」 改为 「a」',
    ])
    const second = (await (await call(deps, `/api/admin/marks/${m!.id}/history?limit=3&cursor=${first.nextCursor}`, { as: 'admin' })).json()) as MarkHistoryPage
    expect(second.items.map((e) => e.kind)).toEqual(['added'])
    expect(second.nextCursor).toBeNull()
  })

  it('history – unknown mark – 404; bad cursor – 400', async () => {
    const deps = setupMarksCorp()
    expect((await call(deps, '/api/admin/marks/999/history', { as: 'admin' })).status).toBe(404)
    expect((await call(deps, '/api/admin/marks/1/history?cursor=0', { as: 'admin' })).status).toBe(400)
  })
})

describe('/api/admin/marks/settings', () => {
  const put = (deps: Deps, json: unknown, as = 'admin') => call(deps, '/api/admin/marks/settings', { as, method: 'PUT', json })

  it('settings – never set – the 客户标记 group in display order, no managers', async () => {
    const res = await call(setupMarksCorp(), '/api/admin/marks/settings', { as: 'admin' })
    expect(await res.json()).toEqual({
      tags: [
        { id: RISK, name: '风险客户', groupName: '客户标记' },
        { id: SPAM, name: '垃圾资源', groupName: '客户标记' },
        { id: PEER, name: '同行', groupName: '客户标记' },
      ],
      managers: [],
    })
  })

  it('settings – tags and managers set by an admin – stored; the new manager may use the list; a dropped tag is refused on create', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA')
    const res = await put(deps, { tagIds: [PLAIN, RISK], managerUserids: ['lisi'] })
    expect(res.status).toBe(200)
    expect((await res.json()) as MarkSettings).toEqual({
      tags: [
        { id: PLAIN, name: 'A类', groupName: '客户等级' },
        { id: RISK, name: '风险客户', groupName: '客户标记' },
      ],
      managers: [{ userid: 'lisi', name: '李四' }],
    })
    expect((await list(deps, '', 'lisi')).total).toBe(0)
    const refused = await create(deps, { customers: [{ externalUserId: 'wmA' }], tagId: SPAM }, 'lisi')
    expect((await errorOf(refused)).code).toBe('NOT_MARK_TAG')
    expect((await create(deps, { customers: [{ externalUserId: 'wmA' }], tagId: PLAIN }, 'lisi')).status).toBe(201)
    expect((await put(deps, { managerUserids: [] })).status).toBe(200)
    expect((await call(deps, '/api/admin/marks', { as: 'lisi' })).status).toBe(403)
  })

  it('settings – a tag used by an active mark taken off – 409 MARK_TAG_IN_USE; once the mark is removed – 200', async () => {
    const deps = setupMarksCorp()
    const [m] = await mark(deps, { customers: [{ unionid: 'oU1' }], tagId: SPAM })
    const res = await put(deps, { tagIds: [RISK] })
    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({ code: 'MARK_TAG_IN_USE', details: { tags: [{ id: SPAM, name: '垃圾资源', count: 1 }] } })
    await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'DELETE' })
    expect((await put(deps, { tagIds: [RISK] })).status).toBe(200)
  })

  it('settings – an unknown tag id – 400, nothing stored', async () => {
    const deps = setupMarksCorp()
    const res = await put(deps, { tagIds: [RISK, 'etNOPE'] })
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', details: { tagIds: ['etNOPE'] } })
    expect(((await (await call(deps, '/api/admin/marks/settings', { as: 'admin' })).json()) as MarkSettings).tags).toHaveLength(3)
  })

  it('settings – an unknown manager userid – 400', async () => {
    const res = await put(setupMarksCorp(), { managerUserids: ['ghost'] })
    expect(res.status).toBe(400)
  })

  it('settings – managers changed by granted staff – 403; tags by granted staff – 200', async () => {
    const deps = setupMarksCorp()
    grantMarks(deps.db, 'lisi')
    expect((await put(deps, { managerUserids: ['lisi', 'wangwu'] }, 'lisi')).status).toBe(403)
    expect((await put(deps, { tagIds: [RISK, SPAM, PEER] }, 'lisi')).status).toBe(200)
  })

  it('settings – empty body – 400', async () => {
    expect((await put(setupMarksCorp(), {})).status).toBe(400)
  })
})

describe('marks – the mark tag renamed or deleted', () => {
  it('create and edit – the mark keeps the tag’s name; a rename later leaves the list’s remark as it was', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { name: '王小明', followers: ['lisi'] })
    const [m] = await mark(deps, { customers: [{ externalUserId: 'wmA' }] })
    expect(allMarks(deps.db)[0]).toMatchObject({ tagName: '风险客户', name: '王小明' })
    await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'PATCH', json: { tagId: PEER } })
    expect(allMarks(deps.db)[0]).toMatchObject({ tagId: PEER, tagName: '同行' })

    deps.db.$client.prepare(`update tags set name = '竞品同行' where id = '${PEER}'`).run()
    deps.db.$client.prepare("update customers set name = '王大明' where external_userid = 'wmA'").run()

    expect((await list(deps)).items[0]).toMatchObject({ tag: { id: PEER, name: '竞品同行' }, tagMissing: false, remark: '【同行】王小明' })
  })

  it('list – the mark tag deleted in WeCom – the tag named as the mark kept it, flagged tagMissing, remark unchanged', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { name: '王小明', followers: ['lisi'] })
    await mark(deps, { customers: [{ externalUserId: 'wmA' }] })
    deps.db.$client.prepare(`delete from relation_tags where tag_id = '${RISK}'`).run()
    deps.db.$client.prepare(`delete from tags where id = '${RISK}'`).run()

    expect((await list(deps)).items[0]).toMatchObject({ tag: { id: RISK, name: '风险客户' }, tagMissing: true, remark: '【风险客户】王小明' })
  })

  it('DELETE /api/admin/tags/:id – a tag an active mark uses (nobody carries it: the customer is not added yet) – 409 MARK_TAG_IN_USE, tag kept', async () => {
    const deps = setupMarksCorp()
    await mark(deps, { customers: [{ unionid: 'oNEW1' }] })

    const res = await call(deps, `/api/admin/tags/${RISK}`, { as: 'admin', method: 'DELETE' })

    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({ code: 'MARK_TAG_IN_USE', details: { marks: 1 } })
    expect(deps.db.$client.prepare('select count(*) from tags where id = ?').pluck().get(RISK)).toBe(1)
  })

  it('DELETE /api/admin/tags/:id – the mark was removed – deleted (204)', async () => {
    const deps = setupMarksCorp()
    const [m] = await mark(deps, { customers: [{ unionid: 'oNEW1' }] })
    await call(deps, `/api/admin/marks/${m!.id}`, { as: 'admin', method: 'DELETE' })

    expect((await call(deps, `/api/admin/tags/${RISK}`, { as: 'admin', method: 'DELETE' })).status).toBe(204)
  })

  it('PATCH /api/admin/tag-groups/:id 互斥 with keep_latest – a marked customer also given a later tag of the group – the mark tag is the one kept', async () => {
    const deps = setupMarksCorp()
    addCustomer(deps.db, 'wmA', { followers: ['lisi'] })
    await mark(deps, { customers: [{ externalUserId: 'wmA' }] })
    deps.db.$client
      .prepare("insert into relation_tags (corp_id, external_userid, userid, tag_id, source, added_by, added_at) values (?, 'wmA', 'lisi', ?, 'sidebar', 'lisi', ?)")
      .run(deps.corpId, SPAM, deps.clock.now() + 100)

    const res = await call(deps, '/api/admin/tag-groups/etGMARK', { as: 'admin', method: 'PATCH', json: { exclusive: true, resolve: 'keep_latest' } })

    expect(res.status).toBe(200)
    expect(relationTagIds(deps.db, 'wmA', 'lisi')).toEqual([RISK])
  })
})
