import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import FollowupRemindPicker from './FollowupRemindPicker.vue'
import { NOW } from './followups.testing'

enableAutoUnmount(afterEach)

async function confirmWith(value: number) {
  const w = mount(FollowupRemindPicker, { props: { show: true, value, now: () => NOW }, global: { stubs: { teleport: true } } })
  await flushPromises()
  // 下一步 (date tab), then 确认 (time tab).
  await w.get('.van-picker__confirm').trigger('click')
  await w.get('.van-picker__confirm').trigger('click')
  return w
}

describe('FollowupRemindPicker', () => {
  it('FollowupRemindPicker – a time earlier today – refused with the reason, nothing emitted, stays open', async () => {
    const w = await confirmWith(NOW - 3600)
    expect(w.get('[data-test="remind-problem"]').text()).toBe('提醒时间必须晚于当前时间')
    expect(w.emitted('confirm')).toBeUndefined()
    expect(w.emitted('update:show')).toBeUndefined()
  })

  it('FollowupRemindPicker – a time later today – emitted in seconds and closed', async () => {
    const w = await confirmWith(NOW + 2 * 3600)
    expect(w.emitted('confirm')).toEqual([[NOW + 2 * 3600]])
    expect(w.emitted('update:show')).toEqual([[false]])
  })
})
