/**
 * Runs tasks one after another; a task overtaken by a newer one before its turn starts is
 * skipped (resolves to undefined). For user choices where only the last one matters but two
 * may never interleave, such as switching the simulated desktop's member.
 *
 * @example
 * const enqueue = createLastWinsQueue()
 * enqueue(() => switchTo('a')); enqueue(() => switchTo('b')) // 'a' runs only if it had started
 */
export function createLastWinsQueue() {
  let chain: Promise<unknown> = Promise.resolve()
  let latest = 0
  return function enqueue<T>(task: () => Promise<T>): Promise<T | undefined> {
    const mine = ++latest
    const run = chain.then(() => (mine === latest ? task() : undefined))
    chain = run.catch(() => undefined)
    return run
  }
}
