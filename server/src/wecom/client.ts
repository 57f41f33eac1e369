// Placeholder interface until the client lands: see client spec in the team notes.
import type {
  AddCorpTagInput,
  AppMessage,
  MarkTagInput,
  MessageSendResult,
  RemarkInput,
  WecomBatchItem,
  WecomContactDetail,
  WecomDepartment,
  WecomGroupChat,
  WecomTagGroup,
  WecomTicket,
  WecomUser,
} from './types'

/** The one seam to WeCom. Every method throws WecomError on failure. */
export interface WecomClient {
  getUserInfo(code: string): Promise<{ userid?: string; external_userid?: string; openid?: string }>
  listDepartments(): Promise<WecomDepartment[]>
  listUsers(departmentId: number): Promise<WecomUser[]>
  getUser(userid: string): Promise<WecomUser>
  getFollowUserList(): Promise<string[]>
  listExternalContacts(userid: string): Promise<string[]>
  /** Follows follow_user cursor paging to the end. */
  getExternalContact(externalUserid: string): Promise<WecomContactDetail>
  /** Follows cursor paging to the end; up to 100 userids per call. */
  batchGetByUser(userids: string[]): Promise<WecomBatchItem[]>
  getCorpTagList(filter?: { tag_id?: string[]; group_id?: string[] }): Promise<WecomTagGroup[]>
  addCorpTag(input: AddCorpTagInput): Promise<WecomTagGroup>
  editCorpTag(input: { id: string; name?: string; order?: number }): Promise<void>
  delCorpTag(input: { tag_id?: string[]; group_id?: string[] }): Promise<void>
  markTag(input: MarkTagInput): Promise<void>
  remark(input: RemarkInput): Promise<void>
  getGroupChat(chatId: string): Promise<WecomGroupChat>
  sendMessage(message: AppMessage): Promise<MessageSendResult>
  getJsapiTicket(): Promise<WecomTicket>
  getAgentTicket(): Promise<WecomTicket>
}
