import { describe, expect, it, vi } from 'vitest'
import { outbox } from '../db/schema'
import type { Deps } from '../deps'
import type { HandlerOutcome, OutboxHandler, OutboxHandlers } from '../features/outbox/outbox.handler'
import { enqueue, type OutboxRow } from '../features/outbox/outbox.repo'
import { fakeClock } from '../lib/clock'
import { makeTestDeps, TEST_CORP_ID } from '../test/helpers'
import { LocalErrcode, WecomError } from '../wecom/errors'
import { createOutboxWorker, type OutboxWorkerOptions } from './outbox-worker'

const quiet = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() })

/** The same handler for every kind. */
const everyKind = (handler: OutboxHandler): OutboxHandlers => ({
  mark_tag: handler,
  create_tags: handler,
  edit_tag: handler,
  delete_tags: handler,
  remark: handler,
  app_message: handler,
})

/** Deps on a fresh db with a fake clock, and a worker running `handler` for every kind. */
function setup(handler: OutboxHandler, options: Partial<OutboxWorkerOptions> = {}) {
  const clock = fakeClock()
  const deps = makeTestDeps({ clock })
  const logger = quiet()
  const worker = createOutboxWorker(deps, { handlers: everyKind(handler), pollMs: 60_000, logger, ...options })
  return { deps, clock, worker, logger }
}

function add(deps: Deps, key: string, kind: 'mark_tag' | 'edit_tag' = 'mark_tag') {
  enqueue(deps.db, { corpId: TEST_CORP_ID, kind, key, createdBy: 'lisi', now: deps.clock.now() })
}

const items = (deps: Deps) => deps.db.select().from(outbox).all()
const wecomError = (errcode: number) => new WecomError({ errcode, path: '/cgi-bin/externalcontact/mark_tag', message: `errcode ${errcode}` })
const failing = (err: Error) => async (): Promise<HandlerOutcome> => Promise.reject(err)

describe('createOutboxWorker – outcomes', () => {
  it('drain – handler done – item deleted, one attempt', async () => {
    const { deps, worker } = setup(async () => 'done')
    add(deps, 'wm1/lisi')

    expect(await worker.drain()).toBe(1)

    expect(items(deps)).toEqual([])
  })

  it('drain – handler says again, then done – run twice in the same drain, then deleted', async () => {
    const seen: number[] = []
    const { deps, worker } = setup(async (_, item) => {
      seen.push(item.attempts)
      return seen.length === 1 ? { again: true } : 'done'
    })
    add(deps, 'wm1/lisi')

    expect(await worker.drain()).toBe(2)

    expect(items(deps)).toEqual([])
  })

  it('drain – handler waits 30 s – put off without an attempt; run again once due', async () => {
    const calls = vi.fn<OutboxHandler>().mockResolvedValueOnce({ waitSeconds: 30 }).mockResolvedValueOnce('done')
    const { deps, clock, worker } = setup(calls)
    add(deps, 'wm1/lisi')

    await worker.drain()
    expect(items(deps)).toMatchObject([{ status: 'pending', attempts: 0, nextAttemptAt: clock.now() + 30 }])
    expect(await worker.drain()).toBe(0)

    clock.advance(30)
    expect(await worker.drain()).toBe(1)
    expect(items(deps)).toEqual([])
  })
})

describe('createOutboxWorker – failures', () => {
  it.each([
    ['45009 frequency limit', 45009],
    ['-1 system busy', -1],
    ['network or timeout', LocalErrcode.network],
    ['42001 token expired', 42001],
    ['40014 invalid token', 40014],
  ])('drain – %s – retried after 5 s, then 10 s, errcode kept meanwhile', async (_, errcode) => {
    const handler = vi.fn<OutboxHandler>().mockRejectedValueOnce(wecomError(errcode)).mockRejectedValueOnce(wecomError(errcode)).mockResolvedValue('done')
    const { deps, clock, worker } = setup(handler)
    add(deps, 'wm1/lisi')

    await worker.drain()
    expect(items(deps)).toMatchObject([{ status: 'pending', attempts: 1, nextAttemptAt: clock.now() + 5, lastErrcode: errcode }])
    clock.advance(4)
    expect(await worker.drain()).toBe(0)
    clock.advance(1)
    await worker.drain()
    expect(items(deps)).toMatchObject([{ status: 'pending', attempts: 2, nextAttemptAt: clock.now() + 10 }])
    clock.advance(10)
    await worker.drain()

    expect(items(deps)).toEqual([])
    expect(handler).toHaveBeenCalledTimes(3)
  })

  it('drain – HTTP 502 from WeCom – retried', async () => {
    const http502 = new WecomError({ errcode: LocalErrcode.http, httpStatus: 502, path: '/cgi-bin/x', message: 'HTTP 502' })
    const { deps, worker } = setup(failing(http502))
    add(deps, 'wm1/lisi')

    await worker.drain()

    expect(items(deps)).toMatchObject([{ status: 'pending', attempts: 1, lastErrcode: LocalErrcode.http }])
  })

  it('drain – 84061 relation gone – failed at once with errcode and Chinese message, not retried', async () => {
    const handler = vi.fn(failing(wecomError(84061)))
    const { deps, clock, worker, logger } = setup(handler)
    add(deps, 'wm1/lisi')

    await worker.drain()
    clock.advance(3600)
    await worker.drain()

    expect(items(deps)).toMatchObject([
      { status: 'failed', attempts: 1, lastErrcode: 84061, lastError: '该客户已不是此成员的好友（错误码 84061）' },
    ])
    expect(handler).toHaveBeenCalledTimes(1)
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('84061'))
  })

  it('drain – our own Error – retried with backoff and logged as an error', async () => {
    const bug = new TypeError('x is undefined')
    const { deps, clock, worker, logger } = setup(failing(bug))
    add(deps, 'wm1/lisi')

    await worker.drain()

    expect(items(deps)).toMatchObject([
      { status: 'pending', attempts: 1, nextAttemptAt: clock.now() + 5, lastErrcode: null, lastError: '系统内部错误：x is undefined' },
    ])
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('wm1/lisi'), bug)
  })

  it('drain – busy on every attempt – failed after maxAttempts, last errcode kept', async () => {
    const handler = vi.fn(failing(wecomError(45009)))
    const { deps, clock, worker } = setup(handler, { maxAttempts: 4 })
    add(deps, 'wm1/lisi')

    for (let i = 0; i < 8; i++) {
      await worker.drain()
      clock.advance(600)
    }

    expect(items(deps)).toMatchObject([{ status: 'failed', attempts: 4, lastErrcode: 45009 }])
    expect(handler).toHaveBeenCalledTimes(4)
  })

  it('drain – one item fails, another succeeds – the failure does not hold the other back', async () => {
    const { deps, worker } = setup(async (_, item) => {
      if (item.key === 'bad/lisi') throw wecomError(40068)
      return 'done'
    })
    add(deps, 'bad/lisi')
    add(deps, 'good/lisi')

    await worker.drain()

    expect(items(deps).map((i) => [i.key, i.status])).toEqual([['bad/lisi', 'failed']])
  })
})

/** A handler that holds every item until released, recording how many run at once. */
function gated() {
  let running = 0
  let peak = 0
  const started: string[] = []
  const waiting: (() => void)[] = []
  const handler: OutboxHandler = async (_, item: OutboxRow) => {
    started.push(item.key)
    running++
    peak = Math.max(peak, running)
    await new Promise<void>((resolve) => waiting.push(resolve))
    running--
    return 'done'
  }
  /** Lets every held item (and any taken later) finish until `done` settles; returns its result. */
  const releaseUntil = async <T>(done: Promise<T>): Promise<T> => {
    let settled = false
    void done.finally(() => (settled = true)).catch(() => undefined)
    while (!settled) {
      waiting.splice(0).forEach((r) => r())
      await new Promise((r) => setTimeout(r, 1))
    }
    return done
  }
  return { handler, started, releaseUntil, peak: () => peak, waiting }
}

describe('createOutboxWorker – concurrency', () => {
  it('drain – 10 items, default concurrency – at most 4 at once, each item once', async () => {
    const gate = gated()
    const { deps, worker } = setup(gate.handler)
    for (let i = 0; i < 10; i++) add(deps, `wm${i}/lisi`)

    const drained = worker.drain()
    await vi.waitFor(() => expect(gate.waiting).toHaveLength(4))

    expect(await gate.releaseUntil(drained)).toBe(10)
    expect(gate.peak()).toBe(4)
    expect([...gate.started].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `wm${i}/lisi`).sort())
    expect(items(deps)).toEqual([])
  })

  it('drain – concurrency 1 – one at a time, in due order', async () => {
    const gate = gated()
    const { deps, clock, worker } = setup(gate.handler, { concurrency: 1 })
    add(deps, 'wmB/lisi')
    clock.advance(1)
    add(deps, 'wmA/lisi')

    await gate.releaseUntil(worker.drain())

    expect(gate.peak()).toBe(1)
    expect(gate.started).toEqual(['wmB/lisi', 'wmA/lisi'])
  })

  it('drain – an item written while a pass runs – taken in the same pass', async () => {
    const gate = gated()
    const { deps, worker } = setup(gate.handler, { concurrency: 1 })
    add(deps, 'wm1/lisi')

    const drained = worker.drain()
    await vi.waitFor(() => expect(gate.waiting).toHaveLength(1))
    add(deps, 'wm2/lisi')

    expect(await gate.releaseUntil(drained)).toBe(2)
  })

  it('drain – called twice at once – passes queue, no item runs twice', async () => {
    const gate = gated()
    const { deps, worker } = setup(gate.handler)
    add(deps, 'wm1/lisi')

    const first = worker.drain()
    const second = worker.drain()

    expect(await gate.releaseUntil(Promise.all([first, second]))).toEqual([1, 0])
    expect(gate.started).toEqual(['wm1/lisi'])
  })
})

describe('createOutboxWorker – start, kick, stop', () => {
  it('kick – started with a long poll – the item is pushed within milliseconds', async () => {
    const { deps, worker } = setup(async () => 'done', { pollMs: 60_000 })
    worker.start()
    add(deps, 'wm1/lisi')

    worker.kick()

    await expect.poll(() => items(deps).length, { timeout: 500, interval: 5 }).toBe(0)
    await worker.stop()
  })

  it('kick – while a pass is running – the later item is pushed too, without waiting for the poll', async () => {
    const gate = gated()
    const { deps, worker } = setup(gate.handler, { pollMs: 60_000, concurrency: 1 })
    worker.start()
    add(deps, 'wm1/lisi')
    worker.kick()
    await vi.waitFor(() => expect(gate.waiting).toHaveLength(1))

    add(deps, 'wm2/lisi')
    worker.kick()

    await gate.releaseUntil(expect.poll(() => items(deps).length, { timeout: 500, interval: 5 }).toBe(0))
    await worker.stop()
    expect(gate.started).toEqual(['wm1/lisi', 'wm2/lisi'])
  })

  it('kick – not started – nothing happens', async () => {
    const handler = vi.fn<OutboxHandler>(async () => 'done')
    const { deps, worker } = setup(handler)
    add(deps, 'wm1/lisi')

    worker.kick()
    await new Promise((r) => setTimeout(r, 20))

    expect(handler).not.toHaveBeenCalled()
    expect(items(deps)).toHaveLength(1)
  })

  it('start – item written while polling – pushed without a kick', async () => {
    const { deps, worker } = setup(async () => 'done', { pollMs: 5 })
    worker.start()
    add(deps, 'wm1/lisi')

    await expect.poll(() => items(deps).length, { timeout: 1000, interval: 5 }).toBe(0)
    await worker.stop()
  })

  it('stop – an item in flight – waits for it, and takes no further item', async () => {
    const gate = gated()
    const { deps, worker } = setup(gate.handler, { pollMs: 1, concurrency: 1 })
    add(deps, 'wm1/lisi')
    add(deps, 'wm2/lisi')
    worker.start()
    await vi.waitFor(() => expect(gate.waiting).toHaveLength(1))

    let stopped = false
    const stopping = worker.stop().then(() => (stopped = true))
    await new Promise((r) => setTimeout(r, 10))
    expect(stopped).toBe(false)
    await gate.releaseUntil(stopping)

    expect(gate.started).toEqual(['wm1/lisi'])
    expect(items(deps).map((i) => i.key)).toEqual(['wm2/lisi'])
  })
})
