/**
 * 跟进 / 动态 / 业务记录 / 我的提醒 as self-contained components, for the sidebar card and the
 * admin customer page. Each panel takes `externalUserId` (and `source: 'admin'` on the admin
 * page) and loads its own data. Importing this file pulls the panels in statically: the
 * sidebar uses `customer-tabs.ts` instead, which loads them on first open.
 */
export { default as FollowupPanel } from './FollowupPanel.vue'
export { default as FollowupForm } from './FollowupForm.vue'
export { default as TimelinePanel } from './TimelinePanel.vue'
export { default as BusinessPanel } from './BusinessPanel.vue'
export { default as RemindersView } from './RemindersView.vue'
export { timelineLine, TIMELINE_ICONS } from './timeline.format'
