import { CreateFollowupTypeInput } from '@kelan/shared'
import { IMMEDIATE } from '../../db/client'
import type { Deps } from '../../deps'
import { findTypeByName } from './followup-types.repo'
import { createType } from './followup-types.service'

/*
 * The demo corp starts with the 跟进方式 a sales team would have set up, so the follow-up form
 * offers more than 笔记 (built in, created on first read) from the first visit.
 */

/** The demo corp's follow-up types after 笔记, in display order. */
export const DEMO_FOLLOWUP_TYPES = ['电话回访', '微信沟通', '上门拜访', '会议记录', '已转化'] as const

/**
 * Adds the demo corp's follow-up types at the end of its list, through the service (so 笔记
 * exists first and the order is the service's). A type whose name already exists is left as
 * it is (an admin may have renamed or disabled it), so a second run adds nothing. index.ts
 * runs it after the first demo sync.
 */
export function seedDemoFollowupTypes(deps: Deps): void {
  deps.db.transaction(() => {
    for (const name of DEMO_FOLLOWUP_TYPES) {
      if (findTypeByName(deps.db, deps.corpId, name)) continue
      // Parsed like a request body: a seed name that breaks a limit fails loudly.
      createType(deps, CreateFollowupTypeInput.parse({ name }))
    }
    // Immediate: what to add is decided on what was read, so no other writer may come in between.
  }, IMMEDIATE)
}
