// What other features (the admin pages, the customer card) use from tagging.

/** A customer's tag history with load-more; props: `externalUserId`. */
export { default as TagHistoryList } from './TagHistoryList.vue'
export { default as TagHistorySheet } from './TagHistorySheet.vue'
export { default as TagSyncStatus } from './TagSyncStatus.vue'
export { default as TagEditorSheet } from './TagEditorSheet.vue'
export { chipStyleOf, MARK_RED, markChipStyle, TAG_COLORS, TAG_PALETTE, tagChipStyle, tagDotStyle, type TagPalette } from './tag-colors'
export { formatRelativeTime, historyLine } from './tag-history.format'
export { searchGroups, selectionDiff, toggleTag } from './tag-selection'
export { fetchTagHistory, fetchTagLibrary } from './tags.api'
export { useTagLibraryStore } from './tags.store'
