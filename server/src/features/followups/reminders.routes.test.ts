import { describe, expect, it } from 'vitest'
import { ErrorBody, Followup, ReminderItem, ReminderPage } from '@kelan/shared'
import { createReminderScheduler } from '../../jobs/reminder-scheduler'
import { alsoFollows, call, followupBody, followupsPath, LISI_CUSTOMER, noteTypeId, setup, T0 } from './followups.testing'

const HOUR = 3600
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }

/** lisi writes a follow-up mentioning `mentions`, reminding at `remindAt`; returns the reminder id. */
async function remind(deps: ReturnType<typeof setup>, remindAt: number, o: { text?: string; mentions?: string[] } = {}): Promise<number> {
  for (const userid of o.mentions ?? []) alsoFollows(deps, userid)
  const json = followupBody(noteTypeId(deps), { remindAt, mentions: o.mentions ?? [], ...(o.text ? { text: o.text } : {}) })
  const res = await call(deps, followupsPath(LISI_CUSTOMER), { as: 'lisi', method: 'POST', json })
  expect(res.status).toBe(201)
  return Followup.parse(await res.json()).reminder!.id
}

async function mine(deps: ReturnType<typeof setup>, as: string, query = '') {
  const res = await call(deps, `/api/reminders/mine${query}`, { as })
  expect(res.status).toBe(200)
  return ReminderPage.parse(await res.json())
}

describe('GET /api/reminders/mine', () => {
  it('upcoming – soonest first, with customer and excerpt; the mentioned colleague sees it too', async () => {
    const deps = setup()
    await remind(deps, T0 + 2 * HOUR, { text: '第二个' })
    await remind(deps, T0 + HOUR, { text: '第一个', mentions: ['wangwu'] })

    const lisi = await mine(deps, 'lisi')
    const wangwu = await mine(deps, 'wangwu')

    expect(lisi.items.map((r) => r.followup.excerpt)).toEqual(['第一个', '第二个'])
    expect(lisi.items[0]).toMatchObject({ customer: { externalUserId: LISI_CUSTOMER, name: '王小明' }, status: 'scheduled', doneAt: null })
    expect(wangwu.items.map((r) => r.followup.excerpt)).toEqual(['第一个'])
    expect((await mine(deps, 'boss')).items).toEqual([])
  })

  it('past – the sent ones, latest first; upcoming no longer lists them', async () => {
    const deps = setup()
    await remind(deps, T0 + HOUR, { text: '早' })
    await remind(deps, T0 + 2 * HOUR, { text: '晚' })
    await remind(deps, T0 + 5 * HOUR, { text: '未到' })
    deps.clock.advance(3 * HOUR)
    createReminderScheduler(deps, { pollMs: 60_000, logger: quiet }).tick()

    const past = await mine(deps, 'lisi', '?status=past')
    const upcoming = await mine(deps, 'lisi', '?status=upcoming')

    expect(past.items.map((r) => [r.followup.excerpt, r.status, r.late])).toEqual([
      ['晚', 'sent', true],
      ['早', 'sent', true],
    ])
    expect(upcoming.items.map((r) => r.followup.excerpt)).toEqual(['未到'])
  })

  it('pages – limit 1 walks both upcoming reminders once each', async () => {
    const deps = setup()
    await remind(deps, T0 + HOUR, { text: 'A' })
    await remind(deps, T0 + HOUR, { text: 'B' })

    const first = await mine(deps, 'lisi', '?limit=1')
    const second = await mine(deps, 'lisi', `?limit=1&cursor=${first.nextCursor}`)

    expect([...first.items, ...second.items].map((r) => r.followup.excerpt)).toEqual(['A', 'B'])
    expect(second.nextCursor).toBeNull()
  })

  it.each([
    ['an unknown status', '?status=all'],
    ['a malformed cursor', '?cursor=zzz'],
    ['limit 0', '?limit=0'],
  ])('%s – 400', async (_what, query) => {
    const res = await call(setup(), `/api/reminders/mine${query}`, { as: 'lisi' })
    expect(res.status).toBe(400)
    expect(ErrorBody.safeParse(await res.json()).success).toBe(true)
  })

  it('no session – 401', async () => {
    expect((await call(setup(), '/api/reminders/mine')).status).toBe(401)
  })
})

describe('POST /api/reminders/:id/done and /undone', () => {
  it('done by the mentioned colleague – done for them only; undone – open again', async () => {
    const deps = setup()
    const id = await remind(deps, T0 + HOUR, { mentions: ['wangwu'] })
    deps.clock.advance(60)

    const done = await call(deps, `/api/reminders/${id}/done`, { as: 'wangwu', method: 'POST' })

    expect(done.status).toBe(200)
    expect(ReminderItem.parse(await done.json()).doneAt).toBe(T0 + 60)
    expect((await mine(deps, 'lisi')).items[0]?.doneAt).toBeNull()
    const undone = await call(deps, `/api/reminders/${id}/undone`, { as: 'wangwu', method: 'POST' })
    expect(ReminderItem.parse(await undone.json()).doneAt).toBeNull()
  })

  it('someone who is not a recipient (even an admin) – 404', async () => {
    const deps = setup()
    const id = await remind(deps, T0 + HOUR)

    const res = [await call(deps, `/api/reminders/${id}/done`, { as: 'wangwu', method: 'POST' }), await call(deps, `/api/reminders/${id}/done`, { as: 'admin', method: 'POST' })]

    expect(res.map((r) => r.status)).toEqual([404, 404])
  })

  it('an unknown id – 404; a non-numeric id – 400', async () => {
    const deps = setup()
    expect((await call(deps, '/api/reminders/999/done', { as: 'lisi', method: 'POST' })).status).toBe(404)
    expect((await call(deps, '/api/reminders/abc/undone', { as: 'lisi', method: 'POST' })).status).toBe(400)
  })
})
