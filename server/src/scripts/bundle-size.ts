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

/** The sidebar pages WeCom opens: the customer / group card from the chat toolbar, and 话术 on its own. */
export const SIDEBAR_PAGES = {
  card: 'src/pages/sidebar/SidebarPage.vue',
  knowledge: 'src/pages/sidebar/SidebarKnowledgePage.vue',
} as const

/**
 * What a sidebar page loads before it can render: the entry chunk, the page's lazy chunk and
 * everything they import statically, JS and CSS, gzipped one by one as a server would.
 */
export function sidebarBundleSize(page: string = SIDEBAR_PAGES.card, dist = H5_DIST): { gzipBytes: number; files: string[] } {
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
  if (!manifest[page]) throw new Error(`no chunk for ${page} in the h5 manifest`)
  visit(page)
  const gzipBytes = [...files].reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f))).length, 0)
  return { gzipBytes, files: [...files] }
}
