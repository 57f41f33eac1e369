/**
 * The relation history on the timeline: adds and ends recorded by sync (writeCustomerBatch,
 * endRelations) as customer_events, and follow_relations as the history of relations without
 * events. lisi's relation with the customer was added a day before T0 (setup), with no events.
 */
import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { TimelinePage, type TimelineItem } from '@kelan/shared'
import { customerEvents } from '../../db/schema'
import { TEST_CORP_ID } from '../../test/helpers'
import { call, LISI_CUSTOMER, setup, T0 } from '../followups/followups.testing'
import { endRelations, writeCustomerBatch, type RelationWithTags } from '../sync/sync.repo'

const C = LISI_CUSTOMER
type Deps = ReturnType<typeof setup>

async function relationHistory(deps: Deps, query = '') {
  const res = await call(deps, `/api/customers/${C}/timeline?kinds=added,removed${query}`, { as: 'admin' })
  expect(res.status).toBe(200)
  return TimelinePage.parse(await res.json())
}

/** The items as (kind, at, follower, add way or by): what the tests compare. */
const brief = (items: TimelineItem[]) =>
  items.map((i) => {
    if (i.kind === 'added') return ['added', i.at, i.follower.userid, i.addWay, i.state]
    if (i.kind === 'removed') return ['removed', i.at, i.follower.userid, i.by]
    return [i.kind, i.at]
  })

/** WeCom reports the relation of `userid` with the customer active, added at `createtime`. */
function reported(userid: string, createtime: number, o: Partial<RelationWithTags> = {}): RelationWithTags {
  return {
    corpId: TEST_CORP_ID,
    externalUserid: C,
    userid,
    remark: '',
    description: '',
    createtime,
    addWay: 1,
    state: '',
    operUserid: '',
    remarkCorpName: '',
    remarkMobiles: [],
    status: 'active',
    endedAt: null,
    updatedAt: createtime,
    tagIds: [],
    ...o,
  }
}

function ended(deps: Deps, userid: string, status: 'deleted_by_staff' | 'deleted_by_customer', at: number) {
  return endRelations(deps.db, TEST_CORP_ID, [{ externalUserid: C, userid, status }], { now: at, readAt: at })
}

const relationEvents = (deps: Deps) =>
  deps.db
    .select({ kind: customerEvents.kind, at: customerEvents.at })
    .from(customerEvents)
    .where(and(eq(customerEvents.corpId, TEST_CORP_ID), eq(customerEvents.externalUserid, C)))
    .all()

describe('timeline – relation history', () => {
  it('relation with no events (older data) – added read from follow_relations', async () => {
    const deps = setup()

    const page = await relationHistory(deps)

    expect(brief(page.items)).toEqual([['added', T0 - 86_400, 'lisi', 1, 'expo']])
  })

  it('deleted by the customer, then added again – added, removed, added, newest first', async () => {
    const deps = setup()

    expect(ended(deps, 'lisi', 'deleted_by_customer', T0 + 100)).toBe(1)
    writeCustomerBatch(deps.db, { customers: [], relations: [reported('lisi', T0 + 200, { addWay: 2, state: 'again' })] })
    const page = await relationHistory(deps)

    expect(brief(page.items)).toEqual([
      ['added', T0 + 200, 'lisi', 2, 'again'],
      ['removed', T0 + 100, 'lisi', 'customer'],
      ['added', T0 - 86_400, 'lisi', 1, 'expo'],
    ])
  })

  it('deleted and re-added twice, read one item per page – every add and end once, in order', async () => {
    const deps = setup()
    ended(deps, 'lisi', 'deleted_by_staff', T0 + 100)
    writeCustomerBatch(deps.db, { customers: [], relations: [reported('lisi', T0 + 200)] }, { historyForNew: true })
    ended(deps, 'lisi', 'deleted_by_customer', T0 + 300)
    writeCustomerBatch(deps.db, { customers: [], relations: [reported('lisi', T0 + 400)] })

    const seen: TimelineItem[] = []
    let cursor = ''
    for (let i = 0; i < 10; i++) {
      const page = await relationHistory(deps, `&limit=1${cursor}`)
      seen.push(...page.items)
      if (!page.nextCursor) break
      cursor = `&cursor=${page.nextCursor}`
    }

    expect(brief(seen).map((b) => [b[0], b[1]])).toEqual([
      ['added', T0 + 400],
      ['removed', T0 + 300],
      ['added', T0 + 200],
      ['removed', T0 + 100],
      ['added', T0 - 86_400],
    ])
  })

  it('re-added in WeCom while Kelan missed the delete (new createtime) – both adds shown', async () => {
    const deps = setup()

    writeCustomerBatch(deps.db, { customers: [], relations: [reported('lisi', T0 + 500, { updatedAt: T0 + 600 })] })
    const page = await relationHistory(deps)

    expect(brief(page.items).map((b) => [b[0], b[1]])).toEqual([
      ['added', T0 + 500],
      ['added', T0 - 86_400],
    ])
  })

  it('same relation synced again unchanged – nothing recorded', async () => {
    const deps = setup()

    writeCustomerBatch(deps.db, { customers: [], relations: [reported('lisi', T0 - 86_400, { state: 'expo', updatedAt: T0 + 10 })] }, { historyForNew: true })

    expect(relationEvents(deps)).toEqual([])
    expect((await relationHistory(deps)).items).toHaveLength(1)
  })

  it('new relation in a full sync – no event written (no flood), still shown from follow_relations', async () => {
    const deps = setup()

    writeCustomerBatch(deps.db, { customers: [], relations: [reported('wangwu', T0 + 50)] })

    expect(relationEvents(deps)).toEqual([])
    expect(brief((await relationHistory(deps)).items).map((b) => [b[0], b[1], b[2]])).toEqual([
      ['added', T0 + 50, 'wangwu'],
      ['added', T0 - 86_400, 'lisi'],
    ])
  })

  it('new relation after the first sync (historyForNew) – one event, shown once', async () => {
    const deps = setup()

    writeCustomerBatch(deps.db, { customers: [], relations: [reported('wangwu', T0 + 50, { state: 'qr' })] }, { historyForNew: true })

    expect(relationEvents(deps)).toEqual([{ kind: 'relation_added', at: T0 + 50 }])
    expect(brief((await relationHistory(deps)).items)).toEqual([
      ['added', T0 + 50, 'wangwu', 1, 'qr'],
      ['added', T0 - 86_400, 'lisi', 1, 'expo'],
    ])
  })

  it('ended by the staff member – the older add is kept as an event, the end recorded once', async () => {
    const deps = setup()

    ended(deps, 'lisi', 'deleted_by_staff', T0 + 100)
    const again = ended(deps, 'lisi', 'deleted_by_staff', T0 + 200)

    expect(again).toBe(0)
    expect(relationEvents(deps)).toEqual([
      { kind: 'relation_added', at: T0 - 86_400 },
      { kind: 'relation_ended', at: T0 + 100 },
    ])
    expect(brief((await relationHistory(deps)).items)).toEqual([
      ['removed', T0 + 100, 'lisi', 'staff'],
      ['added', T0 - 86_400, 'lisi', 1, 'expo'],
    ])
  })
})
