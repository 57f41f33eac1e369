/**
 * Who follows a customer, in one short line for the list: up to two names, then a count.
 *
 * @example followerNamesLine(['陈静', '李娜', '刘洋']) // '陈静、李娜等3人'
 */
export function followerNamesLine(names: readonly string[]): string {
  if (names.length === 0) return '暂无跟进人'
  return names.length <= 2 ? names.join('、') : `${names.slice(0, 2).join('、')}等${names.length}人`
}
