/**
 * Sensitive words: the admin's list, the check before a send, and the log of sends that hit
 * words. Services take Deps and the viewer; permissions are checked by the routes.
 */
import type {
  CreateSensitiveWordsInput,
  CreateSensitiveWordsResult,
  SendLogInput,
  SendLogPage,
  SensitiveAction,
  SensitiveCheckResult,
  SensitiveWord,
  SensitiveWordList,
} from '@kelan/shared'
import type { Viewer } from '../../app-env'
import { IMMEDIATE, type Db } from '../../db/client'
import { prepared } from '../../db/prepared'
import type { Deps } from '../../deps'
import { AppError, notFound } from '../../lib/errors'
import { overLimit, planNewWords, SEND_LOG_PAGE_SIZE, SENSITIVE_WORD_LIMIT } from './sensitive.domain'
import { buildMatcher, type SensitiveMatcher } from './sensitive.matcher'
import * as repo from './sensitive.repo'
import { issueSendToken, takeSendToken } from './sensitive.tokens'

// ---------------------------------------------------------------------------------------
// The matcher cache

interface CachedMatcher {
  matcher: SensitiveMatcher
  /** `PRAGMA data_version` when it was built: it moves when another connection commits. */
  dataVersion: number
}

/*
 * Compiling a few thousand words takes tens of milliseconds and the list changes rarely, so
 * each corp's matcher is kept per database until its words change. Writes through this file
 * drop it at once; a commit by another connection (a seed script, a second process) moves
 * data_version, after which the next check rebuilds.
 */
const matchers = new WeakMap<Db, Map<string, CachedMatcher>>()
const dataVersionStmt = prepared((db) => db.$client.prepare<[], number>('pragma data_version').pluck())

function corpMatchers(db: Db): Map<string, CachedMatcher> {
  let corps = matchers.get(db)
  if (!corps) matchers.set(db, (corps = new Map()))
  return corps
}

/** The corp's compiled words, built on first use after a change. */
export function matcherFor(db: Db, corpId: string): SensitiveMatcher {
  const corps = corpMatchers(db)
  const dataVersion = dataVersionStmt(db).get() ?? 0
  const cached = corps.get(corpId)
  if (cached && cached.dataVersion === dataVersion) return cached.matcher
  const matcher = buildMatcher(repo.matchableWords(db, corpId))
  corps.set(corpId, { matcher, dataVersion })
  return matcher
}

const forget = (db: Db, corpId: string): void => void corpMatchers(db).delete(corpId)

// ---------------------------------------------------------------------------------------
// The admin's list

export function listWords(deps: Deps, viewer: Viewer): SensitiveWordList {
  return { items: repo.listWords(deps.db, viewer.corpId) }
}

/**
 * Adds words with one action. Words the corp already has, or repeated within the input, are
 * skipped and reported rather than refused: pasting a list twice is harmless.
 *
 * @throws AppError CONFLICT (409) when the corp would pass SENSITIVE_WORD_LIMIT words
 */
export function createWords(deps: Deps, viewer: Viewer, input: CreateSensitiveWordsInput): CreateSensitiveWordsResult {
  const { db } = deps
  return db.transaction(() => {
    const { fresh, skipped } = planNewWords(input.words, repo.wordKeys(db, viewer.corpId))
    if (overLimit(repo.countWords(db, viewer.corpId), fresh.length)) {
      throw new AppError('CONFLICT', 409, `敏感词最多 ${SENSITIVE_WORD_LIMIT} 个，请先删除不再需要的词`, {
        details: { limit: SENSITIVE_WORD_LIMIT },
      })
    }
    const items = repo.insertWords(db, viewer.corpId, fresh, { action: input.action, at: deps.clock.now(), by: viewer.userid })
    const created = new Set(items.map((w) => w.word))
    forget(db, viewer.corpId)
    return { items, skipped: [...skipped, ...fresh.filter((w) => !created.has(w.word)).map((w) => w.word)] }
    // Immediate: the limit is checked on what was read, so the write lock is taken before the
    // read; a deferred transaction would fail its insert if another writer committed in between.
  }, IMMEDIATE)
}

/** @throws AppError NOT_FOUND (404) when the corp has no such word */
export function setAction(deps: Deps, viewer: Viewer, id: number, action: SensitiveAction): SensitiveWord {
  const word = repo.updateAction(deps.db, viewer.corpId, id, action)
  if (!word) throw notFound('敏感词')
  forget(deps.db, viewer.corpId)
  return word
}

/** @throws AppError NOT_FOUND (404) when the corp has no such word */
export function deleteWord(deps: Deps, viewer: Viewer, id: number): void {
  if (!repo.deleteWord(deps.db, viewer.corpId, id)) throw notFound('敏感词')
  forget(deps.db, viewer.corpId)
}

// ---------------------------------------------------------------------------------------
// Before and after a send

/**
 * The corp's words found in `text`, whether any of them blocks the send, and the one-time
 * token the send counts its use and logs with (sensitive.tokens).
 */
export function checkText(deps: Deps, viewer: Viewer, text: string): SensitiveCheckResult {
  const result = matcherFor(deps.db, viewer.corpId).check(text)
  const words = [...new Set(result.hits.map((h) => h.word))].slice(0, 100)
  return { ...result, sendToken: issueSendToken(deps.db, viewer, { text, words, blocked: result.blocked }, deps.clock.now()) }
}

/**
 * Records a send the viewer confirmed or was refused, as its check saw it: the text and words
 * checked, blocked when a 拦截 word was found, else confirmed. Words deleted from the list since
 * the check stay in the record.
 *
 * @throws AppError VALIDATION_FAILED (400), CONFLICT (409) from takeSendToken
 */
export function logSend(deps: Deps, viewer: Viewer, input: SendLogInput): void {
  const now = deps.clock.now()
  const grant = takeSendToken(deps.db, viewer, input.sendToken, 'log', now)
  const entry = { itemId: input.itemId, chatId: input.chatId, text: grant.text, words: grant.words, outcome: grant.blocked ? ('blocked' as const) : ('confirmed' as const) }
  repo.insertSendLog(deps.db, viewer.corpId, viewer.userid, entry, now)
}

export function sendLogPage(deps: Deps, viewer: Viewer, cursor: number | undefined): SendLogPage {
  return repo.sendLogPage(deps.db, viewer.corpId, { cursor, limit: SEND_LOG_PAGE_SIZE })
}
