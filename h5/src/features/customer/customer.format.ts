import type { CustomerCard, Follower } from '@kelan/shared'

export interface NameSuffix {
  text: string
  /** wechat: a WeChat user (green); corp: a WeCom user of another company (orange). */
  tone: 'wechat' | 'corp'
}

/**
 * The suffix WeCom itself shows after a customer's name.
 *
 * @example nameSuffix({ type: 2, corpName: '腾讯' }) // { text: '@腾讯', tone: 'corp' }
 */
export function nameSuffix(customer: Pick<CustomerCard, 'type' | 'corpName'>): NameSuffix {
  if (customer.type === 1) return { text: '@微信', tone: 'wechat' }
  return { text: `@${customer.corpName || '企业微信'}`, tone: 'corp' }
}

/** Followers other than the viewer, in the order they added the customer. */
export function otherFollowers(followers: readonly Follower[], myUserid: string | undefined): Follower[] {
  return followers.filter((f) => f.userid !== myUserid)
}

/**
 * One line about who else follows the customer.
 *
 * @example followersSummary([li, wang, zhao]) // '李四等3人跟进'
 */
export function followersSummary(others: readonly Follower[]): string {
  const [first] = others
  if (!first) return '暂无其他同事跟进'
  return others.length === 1 ? `${first.name}跟进` : `${first.name}等${others.length}人跟进`
}
