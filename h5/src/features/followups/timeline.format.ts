import type { TimelineItem, TimelineKind } from '@kelan/shared'

// One readable line and one icon per 客户动态 entry.

/** Vant icon names per kind. */
export const TIMELINE_ICONS: Record<TimelineKind, string> = {
  added: 'friends-o',
  removed: 'delete-o',
  tags: 'label-o',
  remark: 'edit',
  mark: 'warning-o',
  followup: 'notes-o',
  reminder: 'clock-o',
  business: 'orders-o',
}

const clip = (s: string, max = 40) => {
  const chars = [...s.replace(/\s+/g, ' ').trim()]
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')
}

const businessLine = (fields: Extract<TimelineItem, { kind: 'business' }>['record']['fields']) =>
  fields
    .filter((f) => f.value !== null && !(Array.isArray(f.value) && f.value.length === 0) && f.value !== '')
    .map((f) => `${f.name}：${Array.isArray(f.value) ? f.value.join('、') : String(f.value)}`)
    .join('；')

/**
 * The sentence for one timeline entry.
 *
 * @example timelineLine({ kind: 'removed', by: 'customer', follower: { name: '张三' }, … }) // '客户删除了 张三'
 */
export function timelineLine(item: TimelineItem): string {
  switch (item.kind) {
    case 'added':
      return [`${item.follower.name} 添加了客户`, item.addWayLabel, item.state ? `渠道：${item.state}` : ''].filter(Boolean).join(' · ')
    case 'removed':
      return item.by === 'customer' ? `客户删除了 ${item.follower.name}` : `${item.follower.name} 删除了客户`
    case 'tags': {
      const who = item.operator?.name ?? item.follower.name
      const verb = item.action === 'add' ? '添加了标签' : '移除了标签'
      const tag = item.groupName ? `${item.groupName}/${item.tagName}` : item.tagName
      return `${who} ${verb}「${tag}」${item.sourceLabel ? ` · ${item.sourceLabel}` : ''}`
    }
    case 'remark': {
      const who = item.operator?.name ?? item.follower.name
      if (!item.to) return `${who} 清空了备注（原为「${item.from}」）`
      return item.from ? `${who} 将备注从「${item.from}」改为「${item.to}」` : `${who} 将备注设为「${item.to}」`
    }
    case 'mark':
      return item.operator ? `${item.operator.name}：${item.text}` : item.text
    case 'followup':
      return `${item.followup.author.name} 写了跟进（${item.followup.type.name}）：${clip(item.followup.text)}`
    case 'reminder': {
      const to = item.reminder.recipients.map((r) => r.name).join('、')
      return `已提醒 ${to}：${clip(item.reminder.excerpt)}${item.reminder.late ? '（延迟送达）' : ''}`
    }
    case 'business': {
      const line = businessLine(item.record.fields)
      return `${item.record.author.name} 添加了业务记录「${item.record.templateName}」${line ? `：${clip(line, 60)}` : ''}`
    }
  }
}
