const pad = (n: number) => String(n).padStart(2, '0')

/**
 * Formats a WeCom timestamp as `yyyy-MM-dd HH:mm` in local time. WeCom sends seconds;
 * millisecond values (our own rows) are accepted too.
 *
 * @example formatDateTime(1700000000) // '2023-11-15 06:13' in Asia/Shanghai
 */
export function formatDateTime(ts: number): string {
  const d = new Date(ts < 1e12 ? ts * 1000 : ts)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** `yyyy-MM-dd`, same input rules as formatDateTime. */
export function formatDate(ts: number): string {
  return formatDateTime(ts).slice(0, 10)
}
