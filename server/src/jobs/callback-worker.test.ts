import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { callbackEvents, followRelations, tags } from '../db/schema'
import type { Deps } from '../deps'
import { dedupeKey, type EventPayload } from '../features/callbacks/callbacks.domain'
import { insertEventIfNew } from '../features/callbacks/callbacks.repo'
import { fakeClock } from '../lib/clock'
import { WecomError } from '../wecom/errors'
import { createFakeWecom, emptyCorp, fakeContact, fakeFollow, fakeTagGroup } from '../test/fake-wecom'
import { makeCustomer, makeRelation, makeTestDeps, seed, TEST_CORP_ID } from '../test/helpers'
import { createCallbackWorker } from './callback-worker'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }

/** Stores an event as the callback route would. */
function store(deps: Deps, payload: EventPayload): void {
  insertEventIfNew(deps.db, {
    corpId: TEST_CORP_ID,
    dedupeKey: dedupeKey(payload),
    event: payload.Event ?? '',
    changeType: payload.ChangeType ?? '',
    payload,
    receivedAt: deps.clock.now(),
  })
}

const contactEvent = (ChangeType: string, ExternalUserID: string, UserID = 'lisi', CreateTime = '1') => ({
  Event: 'change_external_contact',
  ChangeType,
  UserID,
  ExternalUserID,
  CreateTime,
})

function setup() {
  const corp = emptyCorp()
  corp.contacts.set('wm1', { contact: fakeContact('wm1'), follows: [fakeFollow('lisi')] })
  const wecom = createFakeWecom(corp)
  const clock = fakeClock()
  const deps = makeTestDeps({ wecom, clock })
  return { deps, wecom, clock, corp }
}

const busy = () => new WecomError({ errcode: -1, path: '/cgi-bin/externalcontact/get', message: 'system busy' })
const events = (deps: Deps) => deps.db.select().from(callbackEvents).all()

describe('createCallbackWorker', () => {
  it('drain – WeCom busy twice – retried after 30 s then 60 s, then done', async () => {
    const { deps, wecom, clock } = setup()
    wecom.failWith('getExternalContact', busy(), 2)
    store(deps, contactEvent('add_external_contact', 'wm1'))
    const worker = createCallbackWorker(deps, { pollMs: 10, logger: quiet })

    await worker.drain()
    expect(events(deps)[0]).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: clock.now() + 30 })
    expect(events(deps)[0]?.lastError).toContain('-1')

    expect(await worker.drain()).toBe(0)
    clock.advance(30)
    await worker.drain()
    expect(events(deps)[0]).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: clock.now() + 60 })

    clock.advance(60)
    await worker.drain()
    expect(events(deps)[0]).toMatchObject({ status: 'done', attempts: 2, processedAt: clock.now(), lastError: null })
    expect(wecom.calls.getExternalContact).toBe(3)
  })

  it('drain – failing on every attempt – parked as failed after maxAttempts, error kept', async () => {
    const { deps, wecom, clock } = setup()
    wecom.failWith('getExternalContact', busy())
    store(deps, contactEvent('add_external_contact', 'wm1'))
    const worker = createCallbackWorker(deps, { pollMs: 10, maxAttempts: 3, logger: quiet })

    for (let i = 0; i < 5; i++) {
      await worker.drain()
      clock.advance(3600)
    }

    expect(events(deps)).toMatchObject([{ status: 'failed', attempts: 3, lastError: expect.stringContaining('system busy') }])
    expect(wecom.calls.getExternalContact).toBe(3)
  })

  it('drain – several events – applied in arrival order', async () => {
    const { deps, wecom, corp } = setup()
    corp.contacts.set('wm2', { contact: fakeContact('wm2'), follows: [fakeFollow('lisi')] })
    const order: string[] = []
    const get = wecom.getExternalContact
    wecom.getExternalContact = (id) => {
      order.push(id)
      return get(id)
    }
    store(deps, contactEvent('add_external_contact', 'wm2'))
    store(deps, contactEvent('add_external_contact', 'wm1'))
    store(deps, contactEvent('edit_external_contact', 'wm2'))

    expect(await createCallbackWorker(deps, { pollMs: 10, logger: quiet }).drain()).toBe(3)

    expect(order).toEqual(['wm2', 'wm1', 'wm2'])
  })

  it('drain – del_follow_user and the relation is gone in WeCom – ended as deleted_by_customer', async () => {
    const { deps, corp } = setup()
    seed(deps.db, {
      customers: [makeCustomer({ externalUserid: 'wm1' })],
      relations: [makeRelation({ externalUserid: 'wm1', userid: 'lisi' }), makeRelation({ externalUserid: 'wm1', userid: 'wangfang' })],
    })
    corp.contacts.set('wm1', { contact: fakeContact('wm1'), follows: [fakeFollow('wangfang')] })
    store(deps, contactEvent('del_follow_user', 'wm1', 'lisi'))

    await createCallbackWorker(deps, { pollMs: 10, logger: quiet }).drain()

    const statuses = Object.fromEntries(deps.db.select().from(followRelations).all().map((r) => [r.userid, r.status]))
    expect(statuses).toEqual({ lisi: 'deleted_by_customer', wangfang: 'active' })
  })

  it('drain – del_external_contact for a customer WeCom no longer knows – every relation ended', async () => {
    const { deps } = setup()
    seed(deps.db, {
      customers: [makeCustomer({ externalUserid: 'wmGone' })],
      relations: [makeRelation({ externalUserid: 'wmGone', userid: 'lisi' }), makeRelation({ externalUserid: 'wmGone', userid: 'b' })],
    })
    store(deps, contactEvent('del_external_contact', 'wmGone', 'lisi'))

    await createCallbackWorker(deps, { pollMs: 10, logger: quiet }).drain()

    expect(events(deps)[0]?.status).toBe('done')
    expect(deps.db.select({ s: followRelations.status }).from(followRelations).all().map((r) => r.s)).toEqual([
      'deleted_by_staff',
      'deleted_by_staff',
    ])
  })

  it('drain – change_external_tag – tag list re-read', async () => {
    const { deps, corp } = setup()
    corp.tagGroups.push(fakeTagGroup('etG', ['etNew']))
    store(deps, { Event: 'change_external_tag', ChangeType: 'create', Id: 'etNew', TagType: 'tag', CreateTime: '1' })

    await createCallbackWorker(deps, { pollMs: 10, logger: quiet }).drain()

    expect(deps.db.select({ id: tags.id }).from(tags).all()).toEqual([{ id: 'etNew' }])
  })

  it('start – event stored while polling – applied without drain; stop waits', async () => {
    const { deps } = setup()
    const worker = createCallbackWorker(deps, { pollMs: 5, logger: quiet })
    worker.start()
    store(deps, contactEvent('add_external_contact', 'wm1'))

    await expect.poll(() => events(deps)[0]?.status, { timeout: 2000 }).toBe('done')
    await worker.stop()

    expect(deps.db.select().from(followRelations).all()).toHaveLength(1)
  })
})

describe('createCallbackWorker across a restart', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('drain – events stored before a restart – applied by the new process', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kelan-worker-'))
    const dbPath = join(dir, 'kelan.db')
    const before = makeTestDeps({ dbPath, wecom: createFakeWecom(), clock: fakeClock() })
    store(before, contactEvent('add_external_contact', 'wm1'))
    before.db.$client.close()

    const corp = emptyCorp()
    corp.contacts.set('wm1', { contact: fakeContact('wm1'), follows: [fakeFollow('lisi')] })
    const wecom = createFakeWecom(corp)
    const after = makeTestDeps({ dbPath, wecom, clock: fakeClock() })
    const applied = await createCallbackWorker(after, { pollMs: 10, logger: quiet }).drain()
    after.db.$client.close()

    expect(applied).toBe(1)
    expect(wecom.calls.getExternalContact).toBe(1)
  })
})
