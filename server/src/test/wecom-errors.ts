import { expect } from 'vitest'
import { WecomError } from '../wecom/errors'

/**
 * The WecomError `promise` rejects with; fails the test when it resolves or rejects with
 * anything else.
 *
 * @example const err = await caughtWecomError(client.getUser('lisi')); expect(err.errcode).toBe(60111)
 */
export async function caughtWecomError(promise: Promise<unknown>): Promise<WecomError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(WecomError)
  return err as WecomError
}
