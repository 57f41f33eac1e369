// Bundles the server into dist/index.js. Workspace packages (@kelan/*) ship TypeScript
// source, so they are bundled; every other package stays an ordinary node_modules import.
import { build } from 'esbuild'

const externalDeps = {
  name: 'external-deps',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@kelan/') ? undefined : { path: args.path, external: true },
    )
  },
}

await build({
  entryPoints: ['src/index.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [externalDeps],
  logLevel: 'warning',
})
