import type { WecomClient } from './client'

/**
 * A WecomClient whose every call rejects, naming the method: for code paths that must not
 * reach WeCom (tests of local logic, benchmarks of local reads). An unexpected call then
 * fails loudly instead of hanging or returning undefined.
 */
export function refusingWecom(why = 'unexpected WeCom call'): WecomClient {
  return new Proxy({} as WecomClient, {
    get: (_target, method) => () => Promise.reject(new Error(`${why}: ${String(method)}`)),
  })
}
