import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { ErrorBody, Followup, FollowupPage, StaffPickerResult } from '@kelan/shared'
import { readFileSync } from 'node:fs'
import { attachmentLinks, followups, outbox, reminderRecipients, reminders } from '../../db/schema'
import { makeStaff, seed } from '../../test/helpers'
import { findAttachment } from '../attachments/attachments.repo'
import { mayReadFollowupAttachment } from './followups.attachments'
import { addAttachment, addType, alsoFollows, call, followupBody, followupsPath, LISI_CUSTOMER, noteTypeId, setup, T0, WANGWU_CUSTOMER } from './followups.testing'

const errorOf = async (res: Response) => ErrorBody.parse(await res.json()).error
const post = (deps: ReturnType<typeof setup>, json: unknown, as = 'lisi', customer = LISI_CUSTOMER) =>
  call(deps, followupsPath(customer), { as, method: 'POST', json })

describe('POST /api/customers/:id/followups – writing', () => {
  it('a note with a picture and a mention – 201 with author, type, attachment and mention', async () => {
    const deps = setup()
    alsoFollows(deps, 'wangwu')
    const att = addAttachment(deps.db)

    const res = await post(deps, followupBody(noteTypeId(deps), { attachmentIds: [att], mentions: ['wangwu'] }))

    expect(res.status).toBe(201)
    const f = Followup.parse(await res.json())
    expect(f).toMatchObject({
      externalUserId: LISI_CUSTOMER,
      type: { name: '笔记' },
      author: { userid: 'lisi', name: '李四' },
      text: '电话沟通了报价，客户下周回复',
      mentions: [{ userid: 'wangwu', name: '王五' }],
      reminder: null,
      source: 'sidebar',
      createdAt: T0,
    })
    expect(f.attachments).toEqual([{ id: att, kind: 'image', mime: 'image/png', size: 1234, filename: '现场照片.png', url: `/api/attachments/${att}` }])
  })

  it('the same clientKey twice (double tap) – 201 then 200 with the same record, one row', async () => {
    const deps = setup()
    alsoFollows(deps, 'wangwu')
    const body = followupBody(noteTypeId(deps), { mentions: ['wangwu'], remindAt: T0 + 3600 })

    const [first, second] = [await post(deps, body), await post(deps, body)]

    expect([first.status, second.status]).toEqual([201, 200])
    expect(Followup.parse(await second.json()).id).toBe(Followup.parse(await first.json()).id)
    expect(deps.db.select().from(followups).all()).toHaveLength(1)
    expect(deps.db.select().from(reminders).all()).toHaveLength(1)
    expect(deps.db.select().from(outbox).all()).toHaveLength(1)
  })

  it('the same clientKey for another customer – 409, nothing written', async () => {
    const deps = setup()
    seed(deps.db, { relations: [{ corpId: deps.corpId, externalUserid: WANGWU_CUSTOMER, userid: 'lisi', createtime: T0, updatedAt: T0 }] })
    const body = followupBody(noteTypeId(deps))
    await post(deps, body)

    const res = await post(deps, body, 'lisi', WANGWU_CUSTOMER)

    expect(res.status).toBe(409)
    expect(deps.db.select().from(followups).all()).toHaveLength(1)
  })

  it('with remindAt – reminder scheduled for the author and the mentioned', async () => {
    const deps = setup()
    alsoFollows(deps, 'wangwu')

    const res = await post(deps, followupBody(noteTypeId(deps), { mentions: ['wangwu'], remindAt: T0 + 3600 }))

    expect(Followup.parse(await res.json()).reminder).toMatchObject({ dueAt: T0 + 3600, status: 'scheduled', late: false })
    const who = deps.db.select({ userid: reminderRecipients.userid }).from(reminderRecipients).all().map((r) => r.userid)
    expect(who.sort()).toEqual(['lisi', 'wangwu'])
  })

  it('mentions – one app_message per colleague at once (not to the author), textcard to the customer', async () => {
    const deps = setup()
    alsoFollows(deps, 'wangwu')

    const res = await post(deps, followupBody(noteTypeId(deps), { mentions: ['wangwu', 'boss', 'lisi'] }))

    const id = Followup.parse(await res.json()).id
    const items = deps.db.select().from(outbox).where(eq(outbox.kind, 'app_message')).all()
    expect(items.map((i) => i.key).sort()).toEqual([`mention-${id}-boss`, `mention-${id}-wangwu`])
    expect(items.every((i) => i.nextAttemptAt === T0 && i.status === 'pending')).toBe(true)
    expect(items[0]?.payload).toMatchObject({
      msgtype: 'textcard',
      textcard: { title: '李四 在跟进记录中@了你', url: expect.stringContaining(`/#/manager/customers/${LISI_CUSTOMER}`) },
    })
  })

  it('a manager writing on a customer of their department – 201', async () => {
    const deps = setup()

    const res = await post(deps, followupBody(noteTypeId(deps)), 'boss')

    expect(res.status).toBe(201)
  })

  it('from the admin page – source admin', async () => {
    const deps = setup()

    const res = await post(deps, followupBody(noteTypeId(deps), { source: 'admin' }), 'admin')

    expect(Followup.parse(await res.json()).source).toBe('admin')
  })
})

describe('POST /api/customers/:id/followups – refusals', () => {
  it('a customer outside the viewer scope – 404, nothing written', async () => {
    const deps = setup()

    const res = await post(deps, followupBody(noteTypeId(deps)), 'lisi', WANGWU_CUSTOMER)

    expect(res.status).toBe(404)
    expect((await errorOf(res)).code).toBe('NOT_FOUND')
    expect(deps.db.select().from(followups).all()).toHaveLength(0)
  })

  it('an unknown customer – 404', async () => {
    const deps = setup()
    expect((await post(deps, followupBody(noteTypeId(deps)), 'admin', 'wmNOBODY')).status).toBe(404)
  })

  it('an unknown type – 400 on json.typeId', async () => {
    const deps = setup()

    const res = await post(deps, followupBody(9999))

    expect(res.status).toBe(400)
    expect((await errorOf(res)).issues?.[0]?.path).toBe('json.typeId')
  })

  it('a disabled type – 400 naming it', async () => {
    const deps = setup()
    const id = addType(deps.db, '已转化', { enabled: false })

    const res = await post(deps, followupBody(id))

    expect(res.status).toBe(400)
    expect((await errorOf(res)).message).toContain('已转化')
  })

  it('an unknown and a departed colleague mentioned – 400 naming both, no row, no message', async () => {
    const deps = setup()
    seed(deps.db, { staff: [makeStaff({ userid: 'gone', name: '离职者', status: 5 })] })

    const res = await post(deps, followupBody(noteTypeId(deps), { mentions: ['wangwu', 'gone', 'ghost'] }))

    expect(res.status).toBe(400)
    const error = await errorOf(res)
    expect(error.message).toContain('离职者')
    expect(error.message).toContain('ghost')
    expect(deps.db.select().from(followups).all()).toHaveLength(0)
    expect(deps.db.select().from(outbox).all()).toHaveLength(0)
  })

  it('a colleague who cannot see the customer mentioned – 400 naming them, no row, no message', async () => {
    const deps = setup()
    seed(deps.db, { staff: [makeStaff({ userid: 'liuyang', name: '刘洋' })] })
    alsoFollows(deps, 'wangwu')

    const res = await post(deps, followupBody(noteTypeId(deps), { mentions: ['wangwu', 'liuyang', 'boss'] }))

    expect(res.status).toBe(400)
    expect(await errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', message: '刘洋 看不到该客户，不能 @' })
    expect(deps.db.select().from(followups).all()).toHaveLength(0)
    expect(deps.db.select().from(outbox).all()).toHaveLength(0)
  })

  it('mentions – the manager above the follower and an admin may be @mentioned (their scope covers the customer)', async () => {
    const deps = setup()

    const res = await post(deps, followupBody(noteTypeId(deps), { mentions: ['boss', 'admin'] }))

    expect(res.status).toBe(201)
  })

  it.each([
    ['in the past', T0 - 60],
    ['now', T0],
  ])('remindAt %s – 400 on json.remindAt', async (_what, remindAt) => {
    const deps = setup()

    const res = await post(deps, followupBody(noteTypeId(deps), { remindAt }))

    expect(res.status).toBe(400)
    expect((await errorOf(res)).issues?.[0]?.path).toBe('json.remindAt')
  })

  it.each([
    ['an unknown id', () => 'attNOPE'],
    ['a colleague upload', (deps: ReturnType<typeof setup>) => addAttachment(deps.db, { owner: 'wangwu' })],
    ['a knowledge upload', (deps: ReturnType<typeof setup>) => addAttachment(deps.db, { purpose: 'knowledge' })],
    ['another corp upload', (deps: ReturnType<typeof setup>) => addAttachment(deps.db, { corpId: 'wwOTHER' })],
  ])('an attachment that is %s – 400', async (_what, make) => {
    const deps = setup()

    const res = await post(deps, followupBody(noteTypeId(deps), { attachmentIds: [make(deps)] }))

    expect(res.status).toBe(400)
    expect((await errorOf(res)).issues?.[0]?.path).toBe('json.attachmentIds.0')
  })

  it.each([
    ['an empty text', { text: ' ' }],
    ['501 characters', { text: '字'.repeat(501) }],
    ['10 attachments', { attachmentIds: Array.from({ length: 10 }, (_, i) => `att${i}`) }],
    ['no clientKey', { clientKey: undefined }],
    ['a string typeId', { typeId: 'note' }],
    ['an unknown source', { source: 'api' }],
  ])('%s – 400 VALIDATION_FAILED', async (_what, o) => {
    const deps = setup()

    const res = await post(deps, followupBody(noteTypeId(deps), o))

    expect(res.status).toBe(400)
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED')
  })

  it('a bad customer id – 400; no session – 401', async () => {
    const deps = setup()
    expect((await post(deps, followupBody(1), 'lisi', 'a%20b')).status).toBe(400)
    expect((await call(deps, followupsPath(LISI_CUSTOMER), { method: 'POST', json: followupBody(1) })).status).toBe(401)
  })
})

describe('GET /api/customers/:id/followups', () => {
  it('three records, pages of two – newest first, then the rest, then no cursor', async () => {
    const deps = setup()
    const note = noteTypeId(deps)
    for (const text of ['一', '二', '三']) {
      await post(deps, followupBody(note, { text }))
      deps.clock.advance(10)
    }

    const first = FollowupPage.parse(await (await call(deps, `${followupsPath(LISI_CUSTOMER)}?limit=2`, { as: 'lisi' })).json())
    const next = await call(deps, `${followupsPath(LISI_CUSTOMER)}?limit=2&cursor=${first.nextCursor}`, { as: 'lisi' })
    const second = FollowupPage.parse(await next.json())

    expect(first.items.map((f) => f.text)).toEqual(['三', '二'])
    expect(second.items.map((f) => f.text)).toEqual(['一'])
    expect(second.nextCursor).toBeNull()
  })

  it('a colleague of the same customer – sees the record', async () => {
    const deps = setup()
    await post(deps, followupBody(noteTypeId(deps)))

    const res = await call(deps, followupsPath(LISI_CUSTOMER), { as: 'boss' })

    expect(FollowupPage.parse(await res.json()).items).toHaveLength(1)
  })

  it('a customer outside scope – 404; a malformed cursor – 400', async () => {
    const deps = setup()
    expect((await call(deps, followupsPath(WANGWU_CUSTOMER), { as: 'lisi' })).status).toBe(404)
    expect((await call(deps, `${followupsPath(LISI_CUSTOMER)}?cursor=bad!`, { as: 'lisi' })).status).toBe(400)
    expect((await call(deps, `${followupsPath(LISI_CUSTOMER)}?cursor=nonsense`, { as: 'lisi' })).status).toBe(400)
    expect((await call(deps, `${followupsPath(LISI_CUSTOMER)}?limit=0`, { as: 'lisi' })).status).toBe(400)
  })
})

describe('follow-up attachments – who may read them', () => {
  it('attached: the manager in scope may, a staff member out of scope may not; unattached: nobody else', async () => {
    const deps = setup()
    const attached = addAttachment(deps.db)
    const loose = addAttachment(deps.db)
    await post(deps, followupBody(noteTypeId(deps), { attachmentIds: [attached] }))
    const record = (id: string) => findAttachment(deps.db, deps.corpId, id)!
    const viewer = (userid: string, role: 'staff' | 'manager') => ({ corpId: deps.corpId, userid, role })

    expect(mayReadFollowupAttachment(deps, viewer('boss', 'manager'), record(attached))).toBe(true)
    expect(mayReadFollowupAttachment(deps, viewer('wangwu', 'staff'), record(attached))).toBe(false)
    expect(mayReadFollowupAttachment(deps, viewer('boss', 'manager'), record(loose))).toBe(false)
  })

  it('a follow-up is written – one attachment_links row per file, the follow-up as subject', async () => {
    const deps = setup()
    const a = addAttachment(deps.db)
    const b = addAttachment(deps.db)

    const res = await post(deps, followupBody(noteTypeId(deps), { attachmentIds: [a, b] }))

    const { id } = Followup.parse(await res.json())
    const links = deps.db.select().from(attachmentLinks).all()
    expect(links.map((l) => [l.attachmentId, l.subjectKind, l.subjectId]).sort()).toEqual([[a, 'followup', id], [b, 'followup', id]].sort())
  })

  it('a follow-up written before attachment_links (no link row) – the 0008 backfill links it, then the manager may read', async () => {
    const deps = setup()
    const file = addAttachment(deps.db)
    await post(deps, followupBody(noteTypeId(deps), { attachmentIds: [file] }))
    deps.db.delete(attachmentLinks).run()
    const record = findAttachment(deps.db, deps.corpId, file)!
    const boss = { corpId: deps.corpId, userid: 'boss', role: 'manager' as const }
    const before = mayReadFollowupAttachment(deps, boss, record)

    for (const statement of backfillStatements()) deps.db.$client.exec(statement)

    expect(before).toBe(false)
    expect(mayReadFollowupAttachment(deps, boss, record)).toBe(true)
    expect(deps.db.select().from(attachmentLinks).all()).toHaveLength(1)
  })
})

/** The attachment_links backfill statements of drizzle/0008_review_fixes.sql. */
function backfillStatements(): string[] {
  const sql = readFileSync(new URL('../../../../drizzle/0008_review_fixes.sql', import.meta.url), 'utf8')
  const statements = sql.split('--> statement-breakpoint').map((s) => s.trim()).filter((s) => s.startsWith('INSERT OR IGNORE INTO `attachment_links`'))
  expect(statements.length).toBeGreaterThan(0)
  return statements
}

describe('GET /api/staff (the @同事 picker)', () => {
  it('q matches name or userid, active staff only', async () => {
    const deps = setup()
    seed(deps.db, { staff: [makeStaff({ userid: 'wangwu2', name: '王五二', status: 5 })] })

    const byName = StaffPickerResult.parse(await (await call(deps, '/api/staff?q=王', { as: 'lisi' })).json())
    const byId = StaffPickerResult.parse(await (await call(deps, '/api/staff?q=bos', { as: 'lisi' })).json())

    expect(byName.items.map((s) => s.userid)).toEqual(['wangwu'])
    expect(byId.items.map((s) => s.userid)).toEqual(['boss'])
  })

  it('a literal % – matched literally; limit over 50 – 400', async () => {
    const deps = setup()
    expect(StaffPickerResult.parse(await (await call(deps, '/api/staff?q=%25', { as: 'lisi' })).json()).items).toEqual([])
    expect((await call(deps, '/api/staff?limit=51', { as: 'lisi' })).status).toBe(400)
  })
})

describe('follow-up rows', () => {
  it('typeName copied – a renamed type keeps old records reading as written', async () => {
    const deps = setup()
    const id = addType(deps.db, '电话回访')
    await post(deps, followupBody(id))

    await call(deps, `/api/admin/followup-types/${id}`, { as: 'admin', method: 'PATCH', json: { name: '电话' } })

    const row = deps.db.select().from(followups).where(and(eq(followups.typeId, id))).get()
    expect(row?.typeName).toBe('电话回访')
  })
})
