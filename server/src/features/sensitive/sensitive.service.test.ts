import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDb } from '../../db/client'
import { sensitiveWords } from '../../db/schema'
import { makeTestDeps, TEST_CORP_ID } from '../../test/helpers'
import { checkText, createWords, deleteWord, matcherFor, setAction } from './sensitive.service'
import { ADMIN, LISI, setupCorp } from './sensitive.testing'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('sensitive service – the matcher cache', () => {
  it('matcherFor – no change in between – the same compiled matcher', () => {
    const deps = setupCorp()
    createWords(deps, ADMIN, { words: ['微信'], action: 'warn' })

    expect(matcherFor(deps.db, TEST_CORP_ID)).toBe(matcherFor(deps.db, TEST_CORP_ID))
  })

  it('matcherFor – after a create, an action change and a delete – rebuilt each time', () => {
    const deps = setupCorp()
    const [word] = createWords(deps, ADMIN, { words: ['微信'], action: 'warn' }).items
    const seen = [matcherFor(deps.db, TEST_CORP_ID)]

    createWords(deps, ADMIN, { words: ['返现'], action: 'block' })
    seen.push(matcherFor(deps.db, TEST_CORP_ID))
    setAction(deps, ADMIN, word!.id, 'block')
    seen.push(matcherFor(deps.db, TEST_CORP_ID))
    deleteWord(deps, ADMIN, word!.id)
    seen.push(matcherFor(deps.db, TEST_CORP_ID))

    expect(new Set(seen).size).toBe(4)
    expect(seen.map((m) => m.size)).toEqual([1, 2, 2, 1])
  })

  it('checkText – a word added by another connection to the same database – seen on the next check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kelan-sensitive-'))
    dirs.push(dir)
    const deps = makeTestDeps({ dbPath: join(dir, 'kelan.db') })
    expect(checkText(deps, LISI, '加微信').hits).toEqual([])

    const other = createDb(join(dir, 'kelan.db'))
    other.insert(sensitiveWords).values({ corpId: TEST_CORP_ID, word: '微信', wordKey: '微信', action: 'block', createdAt: 1, createdBy: 'seed' }).run()
    other.$client.close()

    expect(checkText(deps, LISI, '加微信')).toEqual({ hits: [{ word: '微信', action: 'block', ranges: [[1, 3]] }], blocked: true, sendToken: expect.any(String) })
    deps.db.$client.close()
  })

  it('createWords – another connection writes between its read and its write – succeeds; the other writer waits its turn', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kelan-sensitive-'))
    dirs.push(dir)
    const path = join(dir, 'kelan.db')
    const other = createDb(path)
    other.$client.pragma('busy_timeout = 0')
    const otherWrites: string[] = []
    // The clock is read after the existing words are read and before the insert: a write from
    // another connection there is a concurrent writer. A deferred transaction would have let it
    // commit and then failed its own insert (SQLITE_BUSY_SNAPSHOT); an immediate one holds the
    // write lock from the start, so the other writer is the one told to wait.
    const clock = {
      now: () => {
        try {
          other.insert(sensitiveWords).values({ corpId: TEST_CORP_ID, word: '返现', wordKey: '返现', action: 'block', createdAt: 1, createdBy: 'x' }).run()
          otherWrites.push('committed')
        } catch (error) {
          otherWrites.push((error as { code?: string }).code ?? String(error))
        }
        return 1_750_000_000
      },
    }
    const deps = makeTestDeps({ dbPath: path, clock })

    const result = createWords(deps, ADMIN, { words: ['微信'], action: 'warn' })

    expect(result.items.map((w) => w.word)).toEqual(['微信'])
    expect(otherWrites).toEqual(['SQLITE_BUSY'])
    other.$client.close()
    deps.db.$client.close()
  })

  it('matcherFor – two corps on one database – each its own words', () => {
    const deps = setupCorp()
    createWords(deps, ADMIN, { words: ['微信'], action: 'warn' })
    createWords(deps, { ...ADMIN, corpId: 'wwOTHER' }, { words: ['返现'], action: 'warn' })

    expect(checkText(deps, LISI, '加微信，返现').hits.map((h) => h.word)).toEqual(['微信'])
    expect(checkText(deps, { ...LISI, corpId: 'wwOTHER' }, '加微信，返现').hits.map((h) => h.word)).toEqual(['返现'])
  })
})
