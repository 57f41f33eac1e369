import { TAG_SOURCE_LABELS, type TagHistoryItem } from '@kelan/shared'
import { formatDateTime } from '@/lib/format'

const pad = (n: number) => String(n).padStart(2, '0')
const toMs = (ts: number) => (ts < 1e12 ? ts * 1000 : ts)
const dayStart = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
const DAY_MS = 86_400_000

/**
 * How long ago `ts` (seconds, or milliseconds) was, the way Chinese apps say it: 刚刚,
 * N 分钟前, N 小时前 (today), 昨天 HH:mm, MM-dd HH:mm (this year), else the full date.
 *
 * @example formatRelativeTime(now / 1000 - 300, now) // '5 分钟前'
 */
export function formatRelativeTime(ts: number, now = Date.now()): string {
  const at = new Date(toMs(ts))
  const ago = now - at.getTime()
  if (ago < 60_000) return '刚刚'
  if (ago < 3_600_000) return `${Math.floor(ago / 60_000)} 分钟前`
  const today = dayStart(new Date(now))
  const hhmm = `${pad(at.getHours())}:${pad(at.getMinutes())}`
  if (at.getTime() >= today) return `${Math.floor(ago / 3_600_000)} 小时前`
  if (at.getTime() >= today - DAY_MS) return `昨天 ${hhmm}`
  if (at.getFullYear() === new Date(now).getFullYear()) return `${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${hhmm}`
  return formatDateTime(ts)
}

/** The `datetime` attribute of a <time> for `ts` (seconds, or milliseconds). */
export const isoDateTime = (ts: number) => new Date(toMs(ts)).toISOString()

/** One history row in words. */
export interface HistoryLine {
  /** 添加 or 移除. */
  action: string
  /** 「组：标签」 */
  tag: string
  /** Who did it; 企业微信 for a change made in WeCom itself. */
  by: string
  /** The follower whose relation changed; null when that is who made the change. */
  follower: string | null
  /** Where the change came from; null when it would just repeat `by` (企业微信). */
  source: string | null
}

/**
 * @example historyLine(item) // { action: '添加', tag: '「客户等级：A 类」', by: '张三', follower: null, source: '侧边栏' }
 */
export function historyLine(item: TagHistoryItem): HistoryLine {
  const by = item.operator?.name ?? '企业微信'
  const source = TAG_SOURCE_LABELS[item.source]
  return {
    action: item.action === 'add' ? '添加' : '移除',
    tag: `「${item.groupName}：${item.tagName}」`,
    by,
    follower: item.operator?.userid === item.follower.userid ? null : item.follower.name,
    source: source === by ? null : source,
  }
}

/** The parts of the row's second line: who, from where, whose relation. */
export function historyMeta(line: HistoryLine): string[] {
  return [line.by, line.source, line.follower && `跟进人 ${line.follower}`].filter((p): p is string => Boolean(p))
}
