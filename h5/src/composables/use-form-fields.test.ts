import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { useFormFields } from './use-form-fields'

describe('useFormFields', () => {
  it('useFormFields – a field set – the form object is replaced, other fields kept, the old object untouched', () => {
    const original = { name: '张三', tagId: 't1' }
    const model = ref(original)
    const name = useFormFields(model)('name')
    expect(name.value).toBe('张三')
    name.value = '李四'
    expect(model.value).toEqual({ name: '李四', tagId: 't1' })
    expect(model.value).not.toBe(original)
    expect(original.name).toBe('张三')
  })

  it('useFormFields – the parent replaces the form – the field reads the new value', () => {
    const model = ref({ name: 'a' })
    const name = useFormFields(model)('name')
    model.value = { name: 'b' }
    expect(name.value).toBe('b')
  })
})
