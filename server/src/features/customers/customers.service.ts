import type { CustomerCard, GroupChatCard } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { notFound } from '../../lib/errors'
import { WecomError } from '../../wecom/errors'
import { findStaff } from '../auth/auth.repo'
import { findCardMark } from '../marks/marks.repo'
import { findMarkTagItem } from '../outbox/outbox.repo'
import { fetchCustomerOnDemand } from '../sync/sync.service'
import { buildCard, canSeeGroupChat, type CustomerRow } from './customers.domain'
import { findVisibleCustomer, listCardRelations, listVisibleCustomers, type ListQuery } from './customers.repo'

/**
 * The sidebar card. A customer the viewer's scope does not cover in the database may still
 * be theirs in WeCom (added since the last sync, callback still on its way; or a customer a
 * colleague already had, so the row exists without the viewer's relation): it is re-fetched
 * once, then checked again. Out of scope and unknown look the same: 404.
 */
export async function getCustomerCard(deps: Deps, viewer: Viewer, externalUserid: string): Promise<CustomerCard> {
  let customer = findVisibleCustomer(deps.db, viewer, externalUserid)
  if (!customer) {
    await fetchCustomerOnDemand(deps, externalUserid)
    customer = findVisibleCustomer(deps.db, viewer, externalUserid)
  }
  if (!customer) throw notFound('客户')
  return customerCard(deps, viewer, customer)
}

/**
 * The sidebar card of a customer the caller has already found in the viewer's scope (with
 * `findVisibleCustomer`), e.g. right after changing their tags: spares looking them up twice.
 * A special mark standing on the customer gives the banner and puts its tag first, locked.
 */
export function customerCard(deps: Deps, viewer: Viewer, customer: CustomerRow): CustomerCard {
  const { corpId, userid } = viewer
  const { relations, tagRows } = listCardRelations(deps.db, corpId, customer.externalUserid)
  const tagSync = findMarkTagItem(deps.db, corpId, customer.externalUserid, userid)
  const mark = findCardMark(deps.db, corpId, customer.externalUserid) ?? null
  return buildCard(customer, relations, tagRows, { userid, tagSync }, mark)
}

export function listCustomers(deps: Deps, viewer: Viewer, query: ListQuery) {
  return listVisibleCustomers(deps.db, viewer, query)
}

/** WeCom errcodes meaning "no such group chat, or not one this app may read". */
const CHAT_NOT_VISIBLE = new Set([40050, 40096, 60011, 84061, 90500])

/**
 * The group card. Group chats are read live from WeCom; a staff member sees only a chat they
 * own or are in, admins any.
 */
export async function getGroupChatCard(deps: Deps, viewer: Viewer, chatId: string): Promise<GroupChatCard> {
  const chat = await deps.wecom.getGroupChat(chatId).catch((err: unknown) => {
    if (err instanceof WecomError && CHAT_NOT_VISIBLE.has(err.errcode)) throw notFound('客户群')
    throw err
  })
  if (!canSeeGroupChat(chat, viewer)) throw notFound('客户群')
  return {
    chatId: chat.chat_id,
    name: chat.name || '未命名客户群',
    ownerName: findStaff(deps.db, viewer.corpId, chat.owner)?.name ?? chat.owner,
    memberCount: chat.member_list.length,
    customerCount: chat.member_list.filter((m) => m.type === 2).length,
  }
}
