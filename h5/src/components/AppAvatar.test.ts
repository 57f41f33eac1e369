import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import AppAvatar from './AppAvatar.vue'

describe('AppAvatar', () => {
  it('AppAvatar – with a picture – shows it at the given size', () => {
    const w = mount(AppAvatar, { props: { src: 'https://x/a.png', name: '张三', size: 24 } })
    const img = w.get('[data-test="avatar-image"]')
    expect(img.attributes('src')).toBe('https://x/a.png')
    expect(img.attributes('style')).toContain('width: 24px')
  })

  it('AppAvatar – no picture (WeCom hid it) – shows the first character of the name', () => {
    const w = mount(AppAvatar, { props: { src: '', name: '赵敏', size: 24 } })
    expect(w.get('[data-test="avatar-initial"]').text()).toBe('赵')
  })

  it('AppAvatar – picture fails to load – falls back to the initial', async () => {
    const w = mount(AppAvatar, { props: { src: 'https://x/broken.png', name: 'Amy', size: 24 } })
    await w.get('[data-test="avatar-image"]').trigger('error')
    expect(w.get('[data-test="avatar-initial"]').text()).toBe('A')
  })
})
