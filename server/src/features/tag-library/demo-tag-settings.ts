import { and, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { tagGroups } from '../../db/schema'
import { DEMO_TAG_GROUPS } from '../../wecom-sim/demo-org'

/**
 * Gives the demo corp's groups, once synced, the colours and 互斥 settings a real admin
 * would have set in Kelan (WeCom has neither), so the demo shows single-choice groups.
 * Matched by name. index.ts runs it once, right after the first sync, so later changes an
 * admin makes are never overwritten.
 */
export function applyDemoTagSettings(db: Db, corpId: string): void {
  db.transaction(() => {
    for (const g of DEMO_TAG_GROUPS) {
      db.update(tagGroups)
        .set({ color: g.color, exclusive: g.exclusive })
        .where(and(eq(tagGroups.corpId, corpId), eq(tagGroups.name, g.name)))
        .run()
    }
  })
}
