import type { Plugin } from 'vite'

const INLINE_WOFF2 = /url\(["']?data:font\/woff2;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)["']?\)/g

/**
 * Moves base64 woff2 fonts out of the built CSS into their own files.
 *
 * Vant's icon CSS inlines its whole icon font (~30 KB gzip), and every Vant component pulls
 * that CSS in, so it would be the largest thing the sidebar downloads. As a separate file
 * the browser fetches it only when an icon is actually rendered, and caches it.
 */
export function extractInlineFonts(): Plugin {
  return {
    name: 'kelan:extract-inline-fonts',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const emitted = new Map<string, string>()
      for (const asset of Object.values(bundle)) {
        if (asset.type !== 'asset' || !asset.fileName.endsWith('.css') || typeof asset.source !== 'string') continue
        asset.source = asset.source.replace(INLINE_WOFF2, (_match, base64: string) => {
          let fileName = emitted.get(base64)
          if (!fileName) {
            const ref = this.emitFile({ type: 'asset', name: 'icon-font.woff2', source: Buffer.from(base64, 'base64') })
            fileName = this.getFileName(ref)
            emitted.set(base64, fileName)
          }
          // CSS and fonts both live in assets/, so the name alone is the relative URL.
          return `url(./${fileName.split('/').pop()})`
        })
      }
    },
  }
}
