/**
 * Fills Kelan's own database for benchmarks with exact sizes: N customers (names and shapes
 * from the demo generator), `followersPer` relations each and `tagsPer` tag links each,
 * spread over the relations. Bypasses WeCom on purpose: it measures Kelan, not a sync.
 */
import type { Db } from '../db/client'
import { generateCorp } from '../wecom-sim/demo-corp'

export interface FillSizes {
  customers: number
  followersPer: number
  tagsPer: number
}

export function fillKelanDb(db: Db, corpId: string, sizes: FillSizes): { relations: number; tagLinks: number } {
  const corp = generateCorp({ customers: sizes.customers })
  const sqlite = db.$client
  const now = Math.floor(Date.now() / 1000)
  const staffIds = corp.staff.map((s) => s.userid)
  const tagIds = corp.tagGroups.flatMap((g) => g.tag.map((t) => t.id))
  sqlite.transaction(() => {
    const dept = sqlite.prepare('insert into departments (corp_id, id, name, parent_id, "order") values (?, ?, ?, ?, ?)')
    for (const d of corp.departments) dept.run(corpId, d.id, d.name, d.parentid, d.order)
    const member = sqlite.prepare('insert into staff (corp_id, userid, name, avatar, main_department, status, role, updated_at) values (?, ?, ?, ?, ?, 1, ?, ?)')
    const membership = sqlite.prepare('insert into staff_departments (corp_id, userid, department_id, is_leader) values (?, ?, ?, ?)')
    for (const s of corp.staff) {
      member.run(corpId, s.userid, s.name, s.avatar ?? '', s.main_department ?? 1, 'staff', now)
      s.department.forEach((d, i) => membership.run(corpId, s.userid, d, s.is_leader_in_dept?.[i] ?? 0))
    }
    const group = sqlite.prepare('insert into tag_groups (corp_id, id, name, "order", create_time) values (?, ?, ?, ?, ?)')
    const tag = sqlite.prepare('insert into tags (corp_id, id, group_id, name, "order", create_time) values (?, ?, ?, ?, ?, ?)')
    for (const g of corp.tagGroups) {
      group.run(corpId, g.group_id, g.group_name, g.order, g.create_time)
      for (const t of g.tag) tag.run(corpId, t.id, g.group_id, t.name, t.order, t.create_time)
    }
  })()

  const customer = sqlite.prepare(
    'insert into customers (corp_id, external_userid, name, avatar, type, gender, unionid, corp_name, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const relation = sqlite.prepare(
    'insert into follow_relations (corp_id, external_userid, userid, remark, description, createtime, add_way, state, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  )
  const link = sqlite.prepare('insert or ignore into relation_tags (corp_id, external_userid, userid, tag_id) values (?, ?, ?, ?)')
  // As synced: WeCom holds the same tags, nothing waits to be pushed.
  const wecomLink = sqlite.prepare('insert or ignore into wecom_relation_tags (corp_id, external_userid, userid, tag_id) values (?, ?, ?, ?)')
  let relations = 0
  let tagLinks = 0
  const batch = sqlite.transaction((items: ReturnType<typeof corp.customerAt>[]) => {
    for (const { index, external_contact: c, follow_info } of items) {
      customer.run(corpId, c.external_userid, c.name, c.avatar ?? '', c.type, c.gender ?? 0, c.unionid ?? '', c.corp_name ?? '', now)
      const followers = pickFollowers(staffIds, index, sizes.followersPer)
      followers.forEach((userid, fi) => {
        const f = follow_info[fi % follow_info.length]!
        relation.run(corpId, c.external_userid, userid, f.remark ?? '', f.description ?? '', f.createtime, f.add_way ?? 0, f.state ?? '', now)
        relations++
      })
      for (let k = 0; k < sizes.tagsPer; k++) {
        const userid = followers[k % followers.length]!
        const tagId = tagIds[(index * 7 + k * 3) % tagIds.length]!
        tagLinks += link.run(corpId, c.external_userid, userid, tagId).changes
        wecomLink.run(corpId, c.external_userid, userid, tagId)
      }
    }
  })
  let chunk: ReturnType<typeof corp.customerAt>[] = []
  for (const c of corp.customers()) {
    chunk.push(c)
    if (chunk.length === 2000) {
      batch(chunk)
      chunk = []
    }
  }
  if (chunk.length) batch(chunk)
  return { relations, tagLinks }
}

/** Distinct staff members for customer `index`, spread evenly over the corp. */
function pickFollowers(staffIds: string[], index: number, count: number): string[] {
  const picked: string[] = []
  for (let k = 0; picked.length < Math.min(count, staffIds.length); k++) {
    const id = staffIds[(index + k * 5) % staffIds.length]!
    if (!picked.includes(id)) picked.push(id)
  }
  return picked
}
