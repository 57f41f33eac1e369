/**
 * The fixed part of the demo corp: its org chart and its corp tag catalogue. These are
 * hand-written rather than generated because the demo script, screenshots and tests talk
 * about specific people ("log in as 王芳, the 销售一部 manager") and specific tags (客户等级).
 * Which tag groups count as created by the app decides what Kelan may edit or delete
 * (WeCom lets an app modify only the tags it created), so both kinds are present on purpose.
 */
import { DEMO_CORP } from './demo-config'

export interface DemoDepartmentDef {
  id: number
  name: string
  parentid: number
  order: number
}

/** Root 1 is the corp itself, as in every WeCom corp. */
export const DEMO_DEPARTMENTS: readonly DemoDepartmentDef[] = [
  { id: 1, name: DEMO_CORP.corpName, parentid: 0, order: 100000000 },
  { id: 2, name: '销售一部', parentid: 1, order: 99999000 },
  { id: 3, name: '销售二部', parentid: 1, order: 99998000 },
  { id: 4, name: '客户成功部', parentid: 1, order: 99997000 },
  { id: 5, name: '大客户组', parentid: 2, order: 99999500 },
]

export interface DemoStaffDef {
  userid: string
  name: string
  gender: 1 | 2
  position: string
  department: number[]
  leaderOf: number[]
  /** How many customers this person tends to hold, relative to colleagues. */
  weight: number
}

/** Twelve staff; two department leaders (the managers) and the Kelan admin, zhangwei. */
export const DEMO_STAFF: readonly DemoStaffDef[] = [
  { userid: 'zhangwei', name: '张伟', gender: 1, position: '运营经理', department: [4], leaderOf: [], weight: 4 },
  { userid: 'wangfang', name: '王芳', gender: 2, position: '销售一部经理', department: [2], leaderOf: [2], weight: 6 },
  { userid: 'liuyang', name: '刘洋', gender: 1, position: '销售二部经理', department: [3], leaderOf: [3], weight: 6 },
  { userid: 'lina', name: '李娜', gender: 2, position: '销售顾问', department: [2], leaderOf: [], weight: 10 },
  { userid: 'chenjing', name: '陈静', gender: 2, position: '销售顾问', department: [2], leaderOf: [], weight: 10 },
  { userid: 'yanglei', name: '杨磊', gender: 1, position: '大客户经理', department: [5], leaderOf: [], weight: 8 },
  { userid: 'hexue', name: '何雪', gender: 2, position: '大客户经理', department: [5], leaderOf: [], weight: 8 },
  { userid: 'zhaomin', name: '赵敏', gender: 2, position: '销售顾问', department: [3], leaderOf: [], weight: 10 },
  { userid: 'zhouting', name: '周婷', gender: 2, position: '销售顾问', department: [3], leaderOf: [], weight: 10 },
  { userid: 'wuhao', name: '吴昊', gender: 1, position: '销售顾问', department: [3], leaderOf: [], weight: 9 },
  { userid: 'sunli', name: '孙丽', gender: 2, position: '客户成功经理', department: [4], leaderOf: [], weight: 5 },
  { userid: 'xukai', name: '徐凯', gender: 1, position: '客户成功专员', department: [4], leaderOf: [], weight: 5 },
]

export interface DemoTagGroupDef {
  name: string
  /** WeCom order: larger sorts first. */
  order: number
  /** True when the Kelan app created it (editable through the API), false for console tags. */
  byApp: boolean
  /**
   * Single-choice in practice (互斥): a customer has one level, one intent, one source, so the
   * generator gives each customer at most one tag of the group across all its relations.
   * WeCom itself has no such notion; Kelan keeps it as its own setting.
   */
  exclusive: boolean
  /** The colour Kelan's demo gives the group (Kelan's own setting, like `exclusive`). */
  color: 'blue' | 'green' | 'cyan' | 'orange' | 'purple' | 'pink' | 'gold' | 'gray'
  /** Tag names, first sorts first. */
  tags: readonly string[]
}

export const DEMO_TAG_GROUPS: readonly DemoTagGroupDef[] = [
  { name: '客户标记', order: 500, byApp: true, exclusive: false, color: 'gray', tags: ['风险客户', '垃圾资源', '同行'] },
  { name: '客户等级', order: 400, byApp: false, exclusive: true, color: 'gold', tags: ['VIP客户', 'A类客户', 'B类客户', 'C类客户'] },
  { name: '意向程度', order: 300, byApp: true, exclusive: true, color: 'orange', tags: ['高意向', '中意向', '低意向'] },
  { name: '客户来源', order: 200, byApp: false, exclusive: true, color: 'cyan', tags: ['展会', '官网咨询', '老客户转介绍', '线上广告', '电话营销', '线下活动'] },
  {
    name: '行业',
    order: 100,
    byApp: false,
    exclusive: false,
    color: 'purple',
    tags: ['互联网', '制造业', '医疗健康', '教育培训', '零售电商', '金融', '物流运输', '文化传媒'],
  },
]
