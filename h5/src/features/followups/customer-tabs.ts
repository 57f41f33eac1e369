import { defineAsyncComponent, type Component } from 'vue'

/** A tab the customer card shows next to its own: its name, short label and panel. */
export interface CardExtraTab {
  name: string
  title: string
  /** Mounted on first open with `externalUserId`; loaded then too (its own chunk). */
  component: Component
}

/**
 * 跟进 / 动态 / 业务 for the sidebar customer card. Async components: their code (and the
 * Vant pickers they use) loads when a tab is first opened, not with the card.
 */
export const CUSTOMER_WORK_TABS: readonly CardExtraTab[] = [
  { name: 'followups', title: '跟进', component: defineAsyncComponent(() => import('./SidebarFollowupPanel.vue')) },
  { name: 'timeline', title: '动态', component: defineAsyncComponent(() => import('./TimelinePanel.vue')) },
  { name: 'business', title: '业务', component: defineAsyncComponent(() => import('./BusinessPanel.vue')) },
]
