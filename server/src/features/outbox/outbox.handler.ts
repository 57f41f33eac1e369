import type { Deps } from '../../deps'
import type { OutboxKind } from '../../db/schema'
import type { OutboxRow } from './outbox.repo'

/**
 * What a handler made of an item:
 * - 'done': WeCom has it (or there was nothing to push); the item is deleted. A handler whose
 *   verdict rests on a read of local state should delete the item itself, in that read's
 *   transaction (as mark_tag does): a change saved between the handler's return and the
 *   worker's delete would otherwise go with the item. The worker's delete is then a no-op.
 * - `{ again: true }`: pushed, but the local state moved on meanwhile; run it again now.
 * - `{ waitSeconds }`: not ready (e.g. a tag WeCom has not created yet); try later, not a failure.
 * A handler throws a WecomError when WeCom refuses; the worker decides retry or failure
 * (see `classifyFailure` in outbox.domain.ts). Any other throw is treated as our bug: logged
 * and retried with backoff.
 */
export type HandlerOutcome = 'done' | { again: true } | { waitSeconds: number }

/** Pushes one outbox item to WeCom, reading the current local state (items are state-based). */
export type OutboxHandler = (deps: Deps, item: OutboxRow) => Promise<HandlerOutcome>

export type OutboxHandlers = Record<OutboxKind, OutboxHandler>
