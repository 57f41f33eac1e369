import { describe, expect, it } from 'vitest'
import { createLastWinsQueue } from './last-wins-queue'

/** A task that logs its start and end and finishes when the test says so. */
function task(log: string[], name: string) {
  let finish: () => void = () => {}
  const run = () =>
    new Promise<string>((resolve) => {
      log.push(`start ${name}`)
      finish = () => {
        log.push(`end ${name}`)
        resolve(name)
      }
    })
  return { run, finish: () => finish() }
}

const tick = () => new Promise((r) => setTimeout(r))

describe('createLastWinsQueue', () => {
  it('enqueue – second task while the first runs – waits for the first to end', async () => {
    const log: string[] = []
    const enqueue = createLastWinsQueue()
    const a = task(log, 'a')
    const b = task(log, 'b')
    const ra = enqueue(a.run)
    await tick()
    const rb = enqueue(b.run)
    await tick()
    expect(log).toEqual(['start a'])
    a.finish()
    await tick()
    b.finish()
    expect([await ra, await rb]).toEqual(['a', 'b'])
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b'])
  })

  it('enqueue – tasks overtaken before their turn – are skipped, the last one runs', async () => {
    const log: string[] = []
    const enqueue = createLastWinsQueue()
    const [a, b, c] = [task(log, 'a'), task(log, 'b'), task(log, 'c')]
    const results = [enqueue(a.run), enqueue(b.run), enqueue(c.run)]
    await tick()
    c.finish()
    expect(await Promise.all(results)).toEqual([undefined, undefined, 'c'])
    expect(log).toEqual(['start c', 'end c'])
  })

  it('enqueue – a task fails – the next one still runs', async () => {
    const enqueue = createLastWinsQueue()
    const failed = enqueue(() => Promise.reject(new Error('x')))
    await expect(failed).rejects.toThrow('x')
    await expect(enqueue(() => Promise.resolve('next'))).resolves.toBe('next')
  })
})
