// Runs vitest over every project (shared, server, h5, browser) and ends with one plain
// "N passed, N failed" line that any CI can read, after vitest's own summary.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const report = join(mkdtempSync(join(tmpdir(), 'kelan-vitest-')), 'report.json')
const run = spawnSync(
  'pnpm',
  ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
)
let summary = 'tests: 0 passed, 0 failed'
try {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`
} catch {
  summary = 'tests: 0 passed, 1 failed'
}
console.log(`\n${summary}`)
process.exit(run.status ?? 1)
