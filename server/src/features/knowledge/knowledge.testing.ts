/**
 * Test helpers for the knowledge base: signed-in calls, viewers for service calls, and one-line
 * factories for item inputs.
 */
import type { CreateKnowledgeItemInput, KnowledgeItem, Role } from '@kelan/shared'
import type { Viewer } from '../../app-env'
import type { Deps } from '../../deps'
import { fakeClock } from '../../lib/clock'
import { makeStaff, makeTestDeps, seed, TEST_CORP_ID } from '../../test/helpers'
import { request } from '../../test/http'
import { checkText } from '../sensitive/sensitive.service'
import { createItem } from './knowledge.service'

/**
 * Calls the app in-process as `as` (a session is created for them; anonymous without), with
 * `json` sent as a JSON body and `body` sent raw.
 *
 * @example const res = await call(deps, '/api/knowledge/items', { as: 'boss', method: 'POST', json: { … } })
 */
export function call(deps: Deps, path: string, init: { as?: string; method?: string; json?: unknown; body?: string } = {}) {
  // A raw body is JSON too (tests of malformed JSON send one).
  const headers = init.body !== undefined ? { 'content-type': 'application/json' } : undefined
  return request(deps, path, { ...init, headers })
}

/** A corp with an admin (boss), two staff members (lisi, wang) and a manager (zhao), on a fake clock. */
export function setupCorp(): Deps & { clock: ReturnType<typeof fakeClock> } {
  const clock = fakeClock(1_750_000_000)
  const deps = { ...makeTestDeps({ clock }), clock }
  seed(deps.db, {
    staff: [
      makeStaff({ userid: 'boss', name: '老板', role: 'admin' }),
      makeStaff({ userid: 'lisi' }),
      makeStaff({ userid: 'wang', name: '王五' }),
      makeStaff({ userid: 'zhao', name: '赵六', role: 'manager' }),
    ],
  })
  return deps
}

/** The one-time token the sensitive-word check before a send gives `userid` (for POST …/use). */
export const sendTokenFor = (deps: Deps, userid: string, text = '您好') => checkText(deps, viewerOf(userid), text).sendToken

/** The viewer the session middleware would make for `userid`. */
export const viewerOf = (userid: string, role: Role = 'staff'): Viewer => ({ corpId: TEST_CORP_ID, userid, role })

export const ADMIN = viewerOf('boss', 'admin')
export const LISI = viewerOf('lisi')
export const WANG = viewerOf('wang')

type Library = CreateKnowledgeItemInput['library']

/** A public 话术 with one text answer. */
export const scriptInput = (
  question: string,
  o: Partial<Extract<CreateKnowledgeItemInput, { kind: 'script' }>> = {},
): Extract<CreateKnowledgeItemInput, { kind: 'script' }> => ({
  library: 'public',
  kind: 'script',
  question,
  similar: [],
  answer: [{ type: 'text', text: `关于「${question}」的回答` }],
  ...o,
})

/** A public 常用语. */
export const phraseInput = (text: string, library: Library = 'public'): CreateKnowledgeItemInput => ({ library, kind: 'phrase', text })

/** A public 常用链接 without cover. */
export const linkInput = (title: string, o: Partial<Extract<CreateKnowledgeItemInput, { kind: 'link' }>> = {}): CreateKnowledgeItemInput => ({
  library: 'public',
  kind: 'link',
  title,
  url: 'https://example.com/a',
  description: '',
  cover: null,
  ...o,
})

/** Creates items through the service as `viewer` (the admin by default); returns them in order. */
export function addItems(deps: Deps, inputs: CreateKnowledgeItemInput[], viewer: Viewer = ADMIN): KnowledgeItem[] {
  return inputs.map((input) => createItem(deps, viewer, input))
}
