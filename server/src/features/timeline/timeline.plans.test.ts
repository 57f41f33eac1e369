/**
 * Each timeline source reads its page through an index on the customer (EXPLAIN QUERY PLAN):
 * a customer's page never scans a corp's tag events, marks or reminders, and the sources
 * ordered by (time, id) need no sort.
 */
import type { Database, Statement } from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { Db } from '../../db/client'
import { TEST_CORP_ID } from '../../test/helpers'
import { setup, T0 } from '../followups/followups.testing'
import * as repo from './timeline.repo'
import type { StreamPosition } from './timeline.domain'

/** The query plans (one line per step) of the statements `read` runs. */
function plansOf(db: Db, read: () => void): string[] {
  const client: Database = db.$client
  const prepare = client.prepare.bind(client)
  const ran: { source: string; args: unknown[] }[] = []
  client.prepare = ((source: string) => {
    const statement = prepare(source)
    // drizzle calls raw() (or not) and then all/get: both lead here with the bound values.
    const wrapped: Statement = new Proxy(statement, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown
        if (prop === 'raw') return (...a: unknown[]) => ((target.raw as (...x: unknown[]) => unknown)(...a), wrapped)
        if (prop === 'all' || prop === 'get' || prop === 'run') {
          return (...args: unknown[]) => {
            ran.push({ source, args })
            return (value as (...x: unknown[]) => unknown).apply(target, args)
          }
        }
        return typeof value === 'function' ? (value as (...x: unknown[]) => unknown).bind(target) : value
      },
    })
    return wrapped
  }) as Database['prepare']
  try {
    read()
  } finally {
    client.prepare = prepare
  }
  return ran.map(({ source, args }) =>
    (prepare(`EXPLAIN QUERY PLAN ${source}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('\n'),
  )
}

const cursor: StreamPosition = { at: T0, kind: 'followup', id: 5 }
const q = { corpId: TEST_CORP_ID, externalUserid: 'wmLISI01', cursor, limit: 21 }

describe('timeline sources – query plans', () => {
  it.each([
    ['tags', repo.tagsPage, /SEARCH tag_events USING (COVERING )?INDEX tag_events_customer_at \(corp_id=\? AND external_userid=\?/],
    ['mark', repo.markPage, /SEARCH marks USING (COVERING )?INDEX marks_customer \(corp_id=\? AND external_userid=\?\)/],
    ['reminder', repo.reminderPage, /SEARCH reminders USING INDEX reminders_customer \(corp_id=\? AND external_userid=\?/],
    ['followup', repo.followupPage, /SEARCH followups USING INDEX followups_customer \(corp_id=\? AND external_userid=\?/],
    ['business', repo.businessPage, /SEARCH business_records USING INDEX business_records_customer \(corp_id=\? AND external_userid=\?/],
    ['remark', repo.remarkPage, /SEARCH customer_events USING INDEX customer_events_customer \(corp_id=\? AND external_userid=\?/],
  ] as const)('%s – searched by the customer index, no scan', (_kind, page, index) => {
    const deps = setup()

    const [plan] = plansOf(deps.db, () => void page(deps.db, q))

    expect(plan).toMatch(index)
    expect(plan).not.toMatch(/\bSCAN (tag_events|marks|mark_events|reminders|followups|business_records|customer_events)\b/)
  })

  it.each([
    ['tags', repo.tagsPage],
    ['reminder', repo.reminderPage],
    ['followup', repo.followupPage],
    ['business', repo.businessPage],
  ] as const)('%s – read in index order, no sort', (_kind, page) => {
    const deps = setup()

    const [plan] = plansOf(deps.db, () => void page(deps.db, q))

    expect(plan).not.toContain('TEMP B-TREE')
  })

  it('added and removed – events by the customer index, relations by their primary key', () => {
    const deps = setup()

    const plans = plansOf(deps.db, () => {
      repo.addedPage(deps.db, q)
      repo.removedPage(deps.db, q)
    })

    for (const plan of plans) {
      expect(plan).toMatch(/SEARCH customer_events USING INDEX customer_events_customer \(corp_id=\? AND external_userid=\?/)
      expect(plan).toMatch(/SEARCH follow_relations USING INDEX (sqlite_autoindex_follow_relations_1|follow_relations_customer) \(corp_id=\? AND external_userid=\?/)
      expect(plan).not.toMatch(/\bSCAN (customer_events|follow_relations)\b/)
    }
  })
})
