import { fileURLToPath, URL } from 'node:url'
import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { defineConfig } from 'vitest/config'
import { extractInlineFonts } from './build/extract-inline-fonts'

const server = 'http://127.0.0.1:8787'

export default defineConfig({
  plugins: [
    vue(),
    // Only Vant is auto-imported (with its per-component CSS); our own components are imported
    // explicitly so dependencies stay visible. The generated components.d.ts is committed.
    Components({
      dirs: [],
      resolvers: [VantResolver()],
      dts: process.env.VITEST ? false : 'components.d.ts',
    }),
    extractInlineFonts(),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  // Every component here, in Vant and in the libraries we use is written with setup(): the
  // Options API support is dead weight in the sidebar's first load (~2.6 KB gzip).
  define: { __VUE_OPTIONS_API__: 'false' },
  server: {
    proxy: { '/api': server, '/sim': server },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // scripts/bench reads it to size what the sidebar loads.
    manifest: true,
    // WeCom's built-in browsers lag behind desktop Chrome/Safari (older Windows clients, iOS 14).
    target: ['es2020', 'chrome87', 'safari14'],
    cssTarget: ['chrome87', 'safari14'],
  },
  test: {
    name: 'h5',
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    // Vant's ES build imports its CSS; let Vite (not Node) load it.
    server: { deps: { inline: ['vant'] } },
  },
})
