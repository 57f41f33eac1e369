import { computed, type Ref, type WritableComputedRef } from 'vue'

/**
 * Writable views of single fields of a form the parent owns (a defineModel): setting one
 * replaces the whole form object, so the parent sees a new value rather than a mutation.
 *
 * @example const field = useFormFields(model); const name = field('name')
 */
export function useFormFields<F extends object>(model: Ref<F>) {
  return function field<K extends keyof F>(key: K): WritableComputedRef<F[K]> {
    return computed({
      get: () => model.value[key],
      set: (value: F[K]) => (model.value = { ...model.value, [key]: value }),
    })
  }
}
