import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { makeLibraryGroup, makeLibraryTag } from '@/test/factories'
import TagEditorGroups from './TagEditorGroups.vue'

const groups = () => [
  makeLibraryGroup('客户等级', ['A 类']),
  makeLibraryGroup('客户标记', [makeLibraryTag('同行', { mark: true }), makeLibraryTag('风险客户', { mark: true })]),
]

const render = (locked: string[]) =>
  mount(TagEditorGroups, { props: { groups: groups(), selected: new Set(['et-风险客户']), locked: new Set(locked) } })

describe('TagEditorGroups – special marks', () => {
  it('TagEditorGroups – the customer’s mark tag locked – its group and the tag first, red, with a lock', () => {
    const w = render(['et-风险客户'])
    const options = w.findAll('[data-test="tag-option"]')
    expect(options.map((o) => o.text())).toEqual(['风险客户', '同行', 'A 类'])
    expect(options[0]?.attributes('data-mark')).toBe('true')
    expect(options[0]?.attributes('style')).toContain('background: rgb(196, 29, 29)')
    expect(options[0]?.find('[aria-label="已锁定"]').exists()).toBe(true)
  })

  it('TagEditorGroups – no mark standing – library order, mark tags still red', () => {
    const w = render([])
    const options = w.findAll('[data-test="tag-option"]')
    expect(options.map((o) => o.text())).toEqual(['A 类', '同行', '风险客户'])
    expect(options[1]?.attributes('style')).toContain('color: rgb(196, 29, 29)')
    expect(w.find('[aria-label="已锁定"]').exists()).toBe(false)
  })
})
