import type { KnowledgeLibrary } from '@kelan/shared'

/**
 * The library the admin page manages: the PUBLIC one only. Members manage their personal
 * libraries from the sidebar, so no admin call ever names another library.
 */
export const ADMIN_LIBRARY = 'public' satisfies KnowledgeLibrary
