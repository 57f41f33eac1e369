import { describe, expect, it } from 'vitest'
import { tagGroups } from '../../db/schema'
import { makeTagGroup, makeTestDeps, seed, TEST_CORP_ID } from '../../test/helpers'
import { applyDemoTagSettings } from './demo-tag-settings'

describe('applyDemoTagSettings', () => {
  it('applyDemoTagSettings – demo groups synced – single-choice groups 互斥 and coloured, others untouched', () => {
    const { db } = makeTestDeps()
    seed(db, {
      tagGroups: [
        makeTagGroup({ id: 'etA', name: '意向程度' }),
        makeTagGroup({ id: 'etB', name: '行业' }),
        makeTagGroup({ id: 'etC', name: '自建分组', color: 'green' }),
      ],
    })

    applyDemoTagSettings(db, TEST_CORP_ID)

    const byId = new Map(db.select().from(tagGroups).all().map((g) => [g.id, g]))
    expect(byId.get('etA')).toMatchObject({ exclusive: true, color: 'orange' })
    expect(byId.get('etB')).toMatchObject({ exclusive: false, color: 'purple' })
    expect(byId.get('etC')).toMatchObject({ exclusive: false, color: 'green' })
  })
})
