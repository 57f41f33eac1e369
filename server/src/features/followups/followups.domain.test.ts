import { describe, expect, it } from 'vitest'
import { CreateFollowupInput, FOLLOWUP_TEXT_MAX } from '@kelan/shared'
import {
  attachmentIssues,
  excerpt,
  formatShort,
  invalidMentions,
  mentionMessage,
  mentionRecipients,
  reminderMessage,
  reminderRecipients,
  remindAtProblem,
  reorderProblem,
  truncateBytes,
} from './followups.domain'

const NOW = 1_750_000_000
const body = (o: Record<string, unknown> = {}) => ({ typeId: 1, text: '回访', clientKey: 'abcdefgh', ...o })
const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

describe('CreateFollowupInput – text', () => {
  it('text – exactly 500 characters (Chinese) – accepted', () => {
    expect(CreateFollowupInput.safeParse(body({ text: '字'.repeat(FOLLOWUP_TEXT_MAX) })).success).toBe(true)
  })

  it('text – 501 characters – refused with the limit in the message', () => {
    const res = CreateFollowupInput.safeParse(body({ text: '字'.repeat(FOLLOWUP_TEXT_MAX + 1) }))
    expect(res.success).toBe(false)
    expect(res.error?.issues[0]?.message).toBe('跟进内容不能超过 500 个字')
  })

  it('text – only spaces – refused as empty', () => {
    const res = CreateFollowupInput.safeParse(body({ text: '   ' }))
    expect(res.error?.issues[0]?.message).toBe('请填写跟进内容')
  })

  it('attachments – 9 – accepted; 10 – refused', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `att${i}`)
    expect(CreateFollowupInput.safeParse(body({ attachmentIds: ids(9) })).success).toBe(true)
    expect(CreateFollowupInput.safeParse(body({ attachmentIds: ids(10) })).success).toBe(false)
  })

  it('attachments – the same id twice – refused', () => {
    expect(CreateFollowupInput.safeParse(body({ attachmentIds: ['a1', 'a1'] })).success).toBe(false)
  })

  it('mentions – duplicates – kept once', () => {
    expect(CreateFollowupInput.parse(body({ mentions: ['lisi', 'lisi', 'wangwu'] })).mentions).toEqual(['lisi', 'wangwu'])
  })

  it('clientKey – too short – refused', () => {
    expect(CreateFollowupInput.safeParse(body({ clientKey: 'abc' })).success).toBe(false)
  })
})

describe('attachmentIssues', () => {
  const mine = { id: 'a1', purpose: 'followup', owner: 'lisi' }

  it('own follow-up uploads – no issue', () => {
    expect(attachmentIssues(['a1'], [mine], 'lisi')).toEqual([])
  })

  it('unknown id, knowledge upload, colleague upload – one issue each, by position', () => {
    const found = [mine, { id: 'k1', purpose: 'knowledge', owner: 'lisi' }, { id: 'w1', purpose: 'followup', owner: 'wangwu' }]
    expect(attachmentIssues(['a1', 'nope', 'k1', 'w1'], found, 'lisi').map((i) => i.path)).toEqual([
      'json.attachmentIds.1',
      'json.attachmentIds.2',
      'json.attachmentIds.3',
    ])
  })

  it('10 ids – refused as over the limit', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `a${i}`)
    expect(attachmentIssues(ids, [], 'lisi')[0]?.message).toBe('最多添加 9 个附件')
  })
})

describe('invalidMentions', () => {
  it('unknown, left and active – names the first two (name when known)', () => {
    const found = [{ userid: 'lisi', name: '李四', status: 1 }, { userid: 'gone', name: '离职者', status: 5 }]
    expect(invalidMentions(['lisi', 'gone', 'ghost'], found)).toEqual(['离职者', 'ghost'])
  })
})

describe('remindAtProblem', () => {
  it('in the future – no problem', () => expect(remindAtProblem(NOW + 60, NOW)).toBeNull())
  it('now – refused', () => expect(remindAtProblem(NOW, NOW)).toBe('提醒时间必须晚于当前时间'))
  it('in the past – refused', () => expect(remindAtProblem(NOW - 1, NOW)).toBe('提醒时间必须晚于当前时间'))
  it('more than a year ahead – refused', () => expect(remindAtProblem(NOW + 400 * 86_400, NOW)).toBe('提醒时间不能超过一年'))
})

describe('recipients', () => {
  it('reminder – author first, mentions once, author not twice', () => {
    expect(reminderRecipients('lisi', ['wangwu', 'lisi', 'boss'])).toEqual(['lisi', 'wangwu', 'boss'])
  })

  it('mention messages – the author mentioning themselves gets none', () => {
    expect(mentionRecipients('lisi', ['lisi', 'wangwu'])).toEqual(['wangwu'])
  })
})

describe('reorderProblem', () => {
  const types = [{ id: 1, builtin: true }, { id: 2, builtin: false }, { id: 3, builtin: false }]

  it('every id, 笔记 first – fine', () => expect(reorderProblem([1, 3, 2], types)).toBeNull())
  it('笔记 moved – refused', () => expect(reorderProblem([3, 1, 2], types)).toBe('笔记固定在第一位'))
  it('an id missing – refused', () => expect(reorderProblem([1, 2], types)).toBe('类型列表已变化，请刷新后重试'))
  it('an unknown id – refused', () => expect(reorderProblem([1, 2, 9], types)).toBe('类型列表已变化，请刷新后重试'))
})

describe('formatting', () => {
  it('formatShort – UTC 2025-11-21 06:00 – 11-21 14:00 China time', () => {
    expect(formatShort(Date.UTC(2025, 10, 21, 6, 0) / 1000)).toBe('11-21 14:00')
  })

  it('excerpt – long text on several lines – one line, cut with …', () => {
    expect(excerpt('第一行\n第二行很长很长', 6)).toBe('第一行 第二…')
  })

  it('truncateBytes – Chinese text over the budget – cut on a character, within the bytes', () => {
    const cut = truncateBytes('客'.repeat(100), 20)
    expect(bytes(cut)).toBeLessThanOrEqual(20)
    expect(cut.endsWith('…')).toBe(true)
  })
})

describe('textcards', () => {
  const facts = { externalUserid: 'wmX', customerName: '王小明', typeName: '电话回访', text: '报价<已发>' }

  it('mention – title names the author, url opens the customer, HTML escaped', () => {
    const msg = mentionMessage('wangwu', '李四', facts, 'https://kelan.test')
    expect(msg).toMatchObject({ touser: 'wangwu', msgtype: 'textcard' })
    if (msg.msgtype !== 'textcard') throw new Error('not a textcard')
    expect(msg.textcard.title).toBe('李四 在跟进记录中@了你')
    expect(msg.textcard.url).toBe('https://kelan.test/#/manager/customers/wmX')
    expect(msg.textcard.description).toContain('报价&lt;已发&gt;')
    expect(msg.textcard.description).toContain('王小明')
  })

  it('reminder – late – says so with the original time', () => {
    const dueAt = Date.UTC(2025, 10, 21, 6, 0) / 1000
    const msg = reminderMessage('lisi', { ...facts, dueAt }, true, 'https://kelan.test')
    if (msg.msgtype !== 'textcard') throw new Error('not a textcard')
    expect(msg.textcard.title).toBe('客户跟进提醒')
    expect(msg.textcard.description).toContain('（提醒延迟送达：原定 11-21 14:00）')
  })

  it('reminder – on time – no late note', () => {
    const msg = reminderMessage('lisi', { ...facts, dueAt: NOW }, false, 'https://kelan.test')
    if (msg.msgtype !== 'textcard') throw new Error('not a textcard')
    expect(msg.textcard.description).not.toContain('延迟')
  })

  it('reminder – 500-character text and a long customer name – description within 512 bytes', () => {
    const long = { ...facts, customerName: '名'.repeat(60), text: '<'.repeat(250) + '字'.repeat(250), dueAt: NOW }
    const msg = reminderMessage('lisi', long, true, 'https://kelan.test')
    if (msg.msgtype !== 'textcard') throw new Error('not a textcard')
    expect(bytes(msg.textcard.description)).toBeLessThanOrEqual(512)
    expect(msg.textcard.description).toContain('提醒延迟送达')
  })
})
