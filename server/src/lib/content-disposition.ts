/**
 * A Content-Disposition that names a download in Chinese in every browser: `filename*`
 * (RFC 6266 / 5987, UTF-8) for those that read it, an ASCII `filename` for the rest.
 *
 * @example attachmentHeader('结果.xlsx', 'result.xlsx') // attachment; filename="result.xlsx"; filename*=UTF-8''%E7%BB%93%E6%9E%9C.xlsx
 */
export function attachmentHeader(filename: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`
}
