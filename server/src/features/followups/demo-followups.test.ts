import { describe, expect, it } from 'vitest'
import { seedDemoFollowupTypes } from './demo-followups'
import { listAdminTypes, listFormTypes } from './followup-types.service'
import { addType, setup } from './followups.testing'

const names = (deps: ReturnType<typeof setup>) => listAdminTypes(deps).items.map((t) => t.name)

describe('seedDemoFollowupTypes', () => {
  it('seedDemoFollowupTypes – empty corp – 笔记 then the five demo types, enabled, in order', () => {
    const deps = setup()

    seedDemoFollowupTypes(deps)

    const types = listFormTypes(deps).items
    expect(types.map((t) => [t.name, t.builtin])).toEqual([
      ['笔记', true],
      ['电话回访', false],
      ['微信沟通', false],
      ['上门拜访', false],
      ['会议记录', false],
      ['已转化', false],
    ])
  })

  it('seedDemoFollowupTypes – called a second time – adds nothing', () => {
    const deps = setup()
    seedDemoFollowupTypes(deps)
    const before = listAdminTypes(deps).items

    seedDemoFollowupTypes(deps)

    expect(listAdminTypes(deps).items).toEqual(before)
  })

  it('seedDemoFollowupTypes – a disabled 上门拜访 already exists – left disabled and in place, the others added after it', () => {
    const deps = setup()
    const own = addType(deps.db, '上门拜访', { enabled: false, sort: 1 })

    seedDemoFollowupTypes(deps)

    const types = listAdminTypes(deps).items
    expect(types.map((t) => t.name)).toEqual(['笔记', '上门拜访', '电话回访', '微信沟通', '会议记录', '已转化'])
    expect(types.find((t) => t.name === '上门拜访')).toMatchObject({ id: own, enabled: false })
  })

  it('seedDemoFollowupTypes – an admin type of another name exists – kept first, the demo types after it', () => {
    const deps = setup()
    addType(deps.db, '邮件联系', { sort: 1 })

    seedDemoFollowupTypes(deps)

    expect(names(deps)).toEqual(['笔记', '邮件联系', '电话回访', '微信沟通', '上门拜访', '会议记录', '已转化'])
  })
})
