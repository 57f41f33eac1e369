import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const H5_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../../h5/dist')

interface ManifestChunk {
  file: string
  src?: string
  css?: string[]
  imports?: string[]
  dynamicImports?: string[]
  isEntry?: boolean
}

/**
 * What the sidebar loads before it can render: the entry chunk, the sidebar page's lazy chunk
 * and everything they import statically, JS and CSS, gzipped one by one as a server would.
 */
export function sidebarBundleSize(dist = H5_DIST): { gzipBytes: number; files: string[] } {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>
  const files = new Set<string>()
  const visit = (key: string) => {
    const chunk = manifest[key]
    if (!chunk || files.has(chunk.file)) return
    files.add(chunk.file)
    chunk.css?.forEach((c) => files.add(c))
    chunk.imports?.forEach(visit)
  }
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)
  if (!entry) throw new Error('no entry in the h5 manifest: build h5 first')
  visit(entry)
  const sidebarPages = Object.keys(manifest).filter((k) => /pages\/sidebar\//.test(k))
  if (sidebarPages.length === 0) throw new Error('no sidebar page chunk in the h5 manifest')
  sidebarPages.forEach(visit)
  const gzipBytes = [...files].reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f))).length, 0)
  return { gzipBytes, files: [...files] }
}
