import { toValue, type MaybeRefOrGetter } from 'vue'
import type { CustomerCard } from '@kelan/shared'
import { isApiError } from '@/api/errors'
import { useAsyncData } from '@/composables/use-async-data'
import { useTagSyncPolling } from '@/features/tags/use-tag-sync-polling'
import { fetchCustomerCard } from './customer.api'

/**
 * The customer card for `externalUserId`, reloaded when the id changes. While the viewer's
 * tags are 同步中 the card is refetched quietly every 2 s (up to ~30 s) so the status settles
 * without a reload. Returns `{ card, error, loading, reload, replaceCard }`.
 */
export function useCustomerCard(externalUserId: MaybeRefOrGetter<string>, fetchCard = fetchCustomerCard) {
  const { data: card, error, loading, reload } = useAsyncData(externalUserId, fetchCard)

  /** Refetches in the background; a failure just waits for the next tick. */
  async function refreshQuietly(): Promise<void> {
    const before = card.value
    if (!before) return
    try {
      const next = await fetchCard(before.externalUserId)
      // Anything that replaced the card meanwhile (a save, another customer) is newer than this read.
      if (card.value === before) card.value = next
    } catch (err) {
      if (!isApiError(err)) throw err
    }
  }

  const polling = useTagSyncPolling({ pending: () => card.value?.mine?.tagSync.status === 'pending', refresh: refreshQuietly })

  /**
   * Shows a card the server answered with (a tag save or retry) without refetching. A reply
   * for a customer no longer on screen (the chat changed while saving) is dropped.
   */
  function replaceCard(next: CustomerCard): void {
    if (next.externalUserId !== toValue(externalUserId) || !card.value) return
    card.value = next
    polling.restart()
  }

  return { card, error, loading, reload, replaceCard }
}
