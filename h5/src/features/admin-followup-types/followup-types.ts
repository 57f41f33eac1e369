import { CreateFollowupTypeInput, type FollowupType } from '@kelan/shared'
import { moveItem } from '@/features/admin/tag-library'

// Pure rules of the 跟进方式 screen: the name check (the shared contract, so the message is the
// server's own) and the order sent after a drag, with 笔记 pinned first.

export type NameCheck = { ok: true; name: string } | { ok: false; error: string }

/** Checks a new or changed type name: trimmed, 1–20 characters. */
export function checkTypeName(name: string): NameCheck {
  const result = CreateFollowupTypeInput.safeParse({ name })
  if (result.success) return { ok: true, name: result.data.name }
  return { ok: false, error: result.error.issues[0]?.message ?? '名称不正确' }
}

/** 笔记 and the rest, as the screen shows them: 笔记 fixed on top, the others draggable. */
export function splitTypes(types: readonly FollowupType[]): { pinned: FollowupType[]; movable: FollowupType[] } {
  return { pinned: types.filter((t) => t.builtin), movable: types.filter((t) => !t.builtin) }
}

/**
 * Every id in the order after dragging a movable type from `from` to `to` (indexes among the
 * movable ones): the body of PUT …/order, 笔记 first.
 *
 * @example orderAfterMove([note, phone, visit], 1, 0) // [note.id, visit.id, phone.id]
 */
export function orderAfterMove(types: readonly FollowupType[], from: number, to: number): number[] {
  const { pinned, movable } = splitTypes(types)
  return [...pinned, ...moveItem(movable, from, to)].map((t) => t.id)
}

/** The list in the order of `ids` (types not named are dropped). */
export function inOrder(types: readonly FollowupType[], ids: readonly number[]): FollowupType[] {
  const byId = new Map(types.map((t) => [t.id, t]))
  return ids.map((id) => byId.get(id)).filter((t): t is FollowupType => t !== undefined)
}
