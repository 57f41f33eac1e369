import { defineProject } from 'vitest/config'

// Browser tests: the real built app (server/dist + h5/dist) in Debian's headless chromium.
export default defineProject({
  test: {
    name: 'browser',
    root: __dirname,
    include: ['**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['./global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
})
