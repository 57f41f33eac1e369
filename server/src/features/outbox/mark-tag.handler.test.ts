import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { followRelations, relationTags } from '../../db/schema'
import type { Deps } from '../../deps'
import { fakeClock } from '../../lib/clock'
import { createFakeWecom } from '../../test/fake-wecom'
import { makeRelation, makeRelationTag, makeTestDeps, seed, TEST_CORP_ID } from '../../test/helpers'
import { WecomError } from '../../wecom/errors'
import type { MarkTagInput } from '../../wecom/types'
import { LOCAL_TAG_WAIT_SECONDS, markTagHandler } from './mark-tag.handler'
import { enqueue, findOpenItem, relationTagState } from './outbox.repo'

const KEY = 'wmCUST0001/lisi'
const REF = { corpId: TEST_CORP_ID, externalUserid: 'wmCUST0001', userid: 'lisi' }

/**
 * Deps whose WeCom records mark_tag calls (running `during` inside each call, as if the world
 * moved on while it was in flight), with relation wmCUST0001/lisi carrying `synced` in both
 * Kelan and WeCom, and an open mark_tag item.
 */
function setup(opts: { synced?: string[]; during?: (deps: Deps) => void; fail?: Error } = {}) {
  const calls: MarkTagInput[] = []
  const clock = fakeClock(1_700_000_100)
  const deps: Deps = makeTestDeps({
    clock,
    wecom: {
      ...createFakeWecom(),
      markTag: async (input) => {
        calls.push(input)
        opts.during?.(deps)
        if (opts.fail) throw opts.fail
      },
    },
  })
  seed(deps.db, {
    relations: [makeRelation({ updatedAt: 1_700_000_000 })],
    relationTags: (opts.synced ?? []).map((tagId) => makeRelationTag({ tagId })),
  })
  enqueue(deps.db, { corpId: TEST_CORP_ID, kind: 'mark_tag', key: KEY, createdBy: 'lisi', now: clock.now() })
  const item = () => findOpenItem(deps.db, TEST_CORP_ID, 'mark_tag', KEY)
  return { deps, calls, clock, item }
}

/** Kelan's wanted tags on the relation (no outbox item: the test writes that itself). */
const want = (deps: Deps, tagId: string) => deps.db.insert(relationTags).values(makeRelationTag({ tagId })).run()
const unwant = (deps: Deps, tagId: string) =>
  deps.db.delete(relationTags).where(and(eq(relationTags.userid, 'lisi'), eq(relationTags.tagId, tagId))).run()
const remoteOf = (deps: Deps) => relationTagState(deps.db, REF).remote.sort()
const relationUpdatedAt = (deps: Deps) => deps.db.select({ u: followRelations.updatedAt }).from(followRelations).get()?.u

describe('markTagHandler', () => {
  it('markTagHandler – a tag added and one removed – one call with both, remote confirmed, relation stamped after the push, item deleted', async () => {
    const { deps, calls, clock, item } = setup({ synced: ['etOld', 'etKeep'] })
    want(deps, 'etNew')
    unwant(deps, 'etOld')

    const outcome = await markTagHandler(deps, item()!)

    expect(outcome).toBe('done')
    expect(calls).toEqual([{ userid: 'lisi', external_userid: 'wmCUST0001', add_tag: ['etNew'], remove_tag: ['etOld'] }])
    expect(remoteOf(deps)).toEqual(['etKeep', 'etNew'])
    // Past the push's second, so no read from before it is written over it (confirmRelationTags).
    expect(relationUpdatedAt(deps)).toBe(clock.now() + 1)
    expect(item()).toBeUndefined()
  })

  it('markTagHandler – only an addition – remove_tag left out of the call', async () => {
    const { deps, calls, item } = setup()
    want(deps, 'etNew')

    await markTagHandler(deps, item()!)

    expect(calls).toEqual([{ userid: 'lisi', external_userid: 'wmCUST0001', add_tag: ['etNew'] }])
  })

  it('markTagHandler – WeCom already has what Kelan wants – no call, item deleted', async () => {
    const { deps, calls, item } = setup({ synced: ['etA'] })

    expect(await markTagHandler(deps, item()!)).toBe('done')

    expect(calls).toEqual([])
    expect(item()).toBeUndefined()
  })

  it('markTagHandler – relation ended locally – no call, item deleted', async () => {
    const { deps, calls, item } = setup()
    want(deps, 'etNew')
    deps.db.update(followRelations).set({ status: 'deleted_by_customer' }).run()

    expect(await markTagHandler(deps, item()!)).toBe('done')

    expect(calls).toEqual([])
    expect(item()).toBeUndefined()
  })

  it('markTagHandler – only a tag WeCom has not created yet – no call, waits 30 s, item kept', async () => {
    const { deps, calls, item } = setup({ synced: ['etA'] })
    want(deps, 'kl_new')

    expect(await markTagHandler(deps, item()!)).toEqual({ waitSeconds: LOCAL_TAG_WAIT_SECONDS })

    expect(calls).toEqual([])
    expect(item()).toBeDefined()
  })

  it('markTagHandler – a WeCom tag and a local one – pushes the WeCom one, then waits for the local one', async () => {
    const { deps, calls, item } = setup()
    want(deps, 'etNew')
    want(deps, 'kl_new')

    expect(await markTagHandler(deps, item()!)).toEqual({ waitSeconds: LOCAL_TAG_WAIT_SECONDS })

    expect(calls.map((c) => c.add_tag)).toEqual([['etNew']])
    expect(remoteOf(deps)).toEqual(['etNew'])
    expect(item()).toBeDefined()
  })

  it('markTagHandler – tags changed while the call was in flight – again, the change not lost', async () => {
    const { deps, calls, item } = setup({ during: (d) => want(d, 'etLater') })
    want(deps, 'etNew')

    expect(await markTagHandler(deps, item()!)).toEqual({ again: true })

    expect(calls.map((c) => c.add_tag)).toEqual([['etNew']])
    expect(remoteOf(deps)).toEqual(['etNew'])
    expect(item()).toBeDefined()
  })

  it('markTagHandler – relation ended while the call was in flight – nothing confirmed, item deleted', async () => {
    const { deps, item } = setup({
      during: (d) => d.db.update(followRelations).set({ status: 'deleted_by_staff' }).run(),
    })
    want(deps, 'etNew')

    expect(await markTagHandler(deps, item()!)).toBe('done')

    expect(remoteOf(deps)).toEqual([])
    expect(item()).toBeUndefined()
  })

  it('markTagHandler – WeCom refuses – the WecomError is thrown, nothing confirmed, item kept', async () => {
    const refusal = new WecomError({ errcode: 84061, path: '/cgi-bin/externalcontact/mark_tag', message: 'not external contact' })
    const { deps, item } = setup({ synced: ['etA'], fail: refusal })
    want(deps, 'etNew')

    await expect(markTagHandler(deps, item()!)).rejects.toBe(refusal)

    expect(remoteOf(deps)).toEqual(['etA'])
    expect(relationUpdatedAt(deps)).toBe(1_700_000_000)
    expect(item()).toBeDefined()
  })

  it('markTagHandler – malformed key – throws (a bug, retried and logged by the worker)', async () => {
    const { deps, item } = setup()

    await expect(markTagHandler(deps, { ...item()!, key: 'no-slash' })).rejects.toThrow(/malformed key/)
  })
})
