/**
 * A file size as people read it: bytes under 1 KB, then KB and MB with one decimal.
 *
 * @example formatSize(1536) // '1.5 KB'
 */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Number((bytes / 1024).toFixed(1))} KB`
  return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`
}
