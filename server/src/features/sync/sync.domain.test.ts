import { describe, expect, it } from 'vitest'
import {
  chunk,
  customerRow,
  endStatusFor,
  isStaleRun,
  leadersByDepartment,
  membershipsOf,
  mergeWecomTags,
  relationRow,
  roleFor,
  uniqueUsers,
} from './sync.domain'

describe('roleFor', () => {
  it.each([
    ['an admin who also leads a department', ['boss'], true, 'admin'],
    ['an admin who leads nothing', ['boss'], false, 'admin'],
    ['a department leader', [], true, 'manager'],
    ['a plain member', ['someone-else'], false, 'staff'],
  ] as const)('roleFor – %s – %s', (_name, admins, leads, expected) => {
    expect(roleFor('boss', admins, leads)).toBe(expected)
  })
})

describe('membershipsOf', () => {
  it('membershipsOf – is_leader_in_dept aligned with department – marks only that department', () => {
    const user = { userid: 'u1', name: 'U', department: [2, 3], is_leader_in_dept: [0, 1] }
    expect(membershipsOf(user, new Map())).toEqual([
      { departmentId: 2, isLeader: false },
      { departmentId: 3, isLeader: true },
    ])
  })

  it('membershipsOf – listed in department_leader only – is leader there', () => {
    const user = { userid: 'u1', name: 'U', department: [2, 3] }
    const leaders = leadersByDepartment([
      { id: 2, name: 'A', parentid: 1, order: 0, department_leader: ['u1'] },
      { id: 3, name: 'B', parentid: 1, order: 0, department_leader: ['other'] },
    ])
    expect(membershipsOf(user, leaders)).toEqual([
      { departmentId: 2, isLeader: true },
      { departmentId: 3, isLeader: false },
    ])
  })

  it('membershipsOf – department listed twice – one membership', () => {
    const user = { userid: 'u1', name: 'U', department: [2, 2], is_leader_in_dept: [0, 1] }
    expect(membershipsOf(user, new Map())).toEqual([{ departmentId: 2, isLeader: false }])
  })
})

describe('uniqueUsers', () => {
  it('uniqueUsers – member listed in two departments – kept once', () => {
    const a = { userid: 'a', name: 'A', department: [1, 2] }
    const b = { userid: 'b', name: 'B', department: [2] }
    expect(uniqueUsers([[a], [a, b]]).map((u) => u.userid)).toEqual(['a', 'b'])
  })
})

describe('chunk', () => {
  it('chunk – 250 items by 100 – three chunks of 100, 100, 50', () => {
    const parts = chunk(Array.from({ length: 250 }, (_, i) => i), 100)
    expect(parts.map((p) => p.length)).toEqual([100, 100, 50])
    expect(parts.flat()).toHaveLength(250)
  })
})

describe('relationRow', () => {
  it('relationRow – follow_user with personal and corp tags – keeps only tag ids, active', () => {
    const row = relationRow(
      'corp',
      'wm1',
      {
        userid: 'u1',
        createtime: 5,
        tags: [
          { tag_id: 'et1', type: 1 },
          { tag_name: 'mine', type: 2 },
          { tag_id: 'et1', type: 1 },
        ],
      },
      9,
    )
    expect(row).toMatchObject({ userid: 'u1', status: 'active', endedAt: null, tagIds: ['et1'], remarkMobiles: [], addWay: 0 })
  })

  it('relationRow – follow_info with tag_id list – uses the ids', () => {
    const row = relationRow('corp', 'wm1', { userid: 'u1', createtime: 5, tag_id: ['et2', 'et3'], state: 's' }, 9)
    expect(row.tagIds).toEqual(['et2', 'et3'])
    expect(row.state).toBe('s')
  })
})

describe('customerRow', () => {
  it('customerRow – optional fields absent – stored as empty strings and gender 0', () => {
    expect(customerRow('corp', { external_userid: 'wm1', name: 'N', type: 2 }, 9)).toEqual({
      corpId: 'corp', externalUserid: 'wm1', name: 'N', avatar: '', type: 2, gender: 0, unionid: '',
      position: '', corpName: '', corpFullName: '', updatedAt: 9,
    })
  })
})

describe('endStatusFor', () => {
  it('endStatusFor – the member the delete event names – the event status', () => {
    expect(endStatusFor('u1', { userid: 'u1', status: 'deleted_by_customer' })).toBe('deleted_by_customer')
  })

  it('endStatusFor – another member, or no event – deleted_by_staff', () => {
    expect(endStatusFor('u2', { userid: 'u1', status: 'deleted_by_customer' })).toBe('deleted_by_staff')
    expect(endStatusFor('u2')).toBe('deleted_by_staff')
  })
})

describe('isStaleRun', () => {
  it('isStaleRun – started 59 minutes ago – alive; 60 minutes ago – stale', () => {
    expect(isStaleRun(1000, 1000 + 59 * 60)).toBe(false)
    expect(isStaleRun(1000, 1000 + 60 * 60)).toBe(true)
  })
})

describe('mergeWecomTags', () => {
  it('mergeWecomTags – nothing pending – WeCom wins', () => {
    expect(mergeWecomTags({ desired: ['a'], remote: ['a'], wecom: ['b'] })).toEqual(['b'])
  })
  it('mergeWecomTags – a local add and a local remove pending – both kept on top of WeCom', () => {
    expect(mergeWecomTags({ desired: ['a', 'new'], remote: ['a', 'gone'], wecom: ['a', 'gone', 'w'] })).toEqual(['a', 'w', 'new'])
  })
  it('mergeWecomTags – WeCom already has the pending add – listed once', () => {
    expect(mergeWecomTags({ desired: ['x'], remote: [], wecom: ['x'] })).toEqual(['x'])
  })
})
