import { shallowRef } from 'vue'

/**
 * The last record the viewer added to a customer (follow-up or business record), so an open
 * 动态 tab of that customer re-reads its first page. A module-level signal rather than a store:
 * it carries no state worth keeping, only "something changed".
 */
export const customerActivity = shallowRef<{ externalUserId: string; at: number } | null>(null)

/** Tells open timelines that `externalUserId` has a new entry. */
export function noteActivity(externalUserId: string): void {
  customerActivity.value = { externalUserId, at: Date.now() }
}
