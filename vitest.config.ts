import { defineConfig } from 'vitest/config'

// One runner for the whole workspace; each package brings its own project config.
// `h5/e2e` is the browser project: it needs the built app (scripts/test builds it first).
export default defineConfig({
  test: {
    projects: ['shared', 'server', 'h5', 'h5/e2e'],
  },
})
