import { GroupChatCard } from '@kelan/shared'
import { apiGet } from '@/api/client'

/** The customer group the sidebar was opened in. */
export function fetchGroupChatCard(chatId: string): Promise<GroupChatCard> {
  return apiGet(`/api/sidebar/group-chats/${encodeURIComponent(chatId)}`, GroupChatCard)
}
