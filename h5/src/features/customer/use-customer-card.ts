import type { MaybeRefOrGetter } from 'vue'
import { useAsyncData } from '@/composables/use-async-data'
import { fetchCustomerCard } from './customer.api'

/**
 * The customer card for `externalUserId`, reloaded when the id changes.
 * Returns `{ card, error, loading, reload }` as refs.
 */
export function useCustomerCard(externalUserId: MaybeRefOrGetter<string>) {
  const { data: card, error, loading, reload } = useAsyncData(externalUserId, fetchCustomerCard)
  return { card, error, loading, reload }
}
