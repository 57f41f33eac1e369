import {
  AddTagsInput,
  CreateGroupInput,
  UpdateGroupInput,
  UpdateTagInput,
  type LibraryGroup,
  type LibraryTag,
  type TagColor,
  type TagOrigin,
} from '@kelan/shared'
import type * as z from 'zod/mini'

// Pure rules of the tag library screen: drag reordering, read-only items, and turning the
// dialogs' drafts into the API's inputs (checked with the shared zod contracts, so the
// messages are the server's own).

/**
 * A copy of `list` with the item at `from` moved to `to` (Sortable's old/new index).
 *
 * @example moveItem(['a', 'b', 'c'], 0, 2) // ['b', 'c', 'a']
 */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list]
  if (from < 0 || from >= copy.length || to < 0 || to >= copy.length) return copy
  const [item] = copy.splice(from, 1) as [T]
  copy.splice(to, 0, item)
  return copy
}

/** The ids of `items` after moving one of them: the body of PUT …/order. */
export function reorderedIds(items: readonly { id: string }[], from: number, to: number): string[] {
  return moveItem(items, from, to).map((item) => item.id)
}

/**
 * Made in the WeCom console (or another app): WeCom refuses Kelan's rename, reorder and
 * delete, so the UI does not offer them. Colour, description and 互斥 are Kelan's own and stay
 * editable.
 */
export const isReadOnly = (item: { origin: TagOrigin }): boolean => item.origin === 'console'

export const READ_ONLY_HINT = '该标签由企业微信后台创建，应用无权修改名称、排序或删除'

/** Field → first message, from a failed zod parse. */
export type DraftErrors = Record<string, string>

function errorsOf(error: z.core.$ZodError, fieldOf: (path: PropertyKey[]) => string): DraftErrors {
  const errors: DraftErrors = {}
  for (const issue of error.issues) {
    const field = fieldOf(issue.path)
    errors[field] ??= issue.message
  }
  return errors
}

export type Checked<T> = { ok: true; input: T } | { ok: false; errors: DraftErrors }

export interface GroupDraft {
  name: string
  color: TagColor
  exclusive: boolean
  description: string
  /** Tag name rows of the create dialog; blank rows are ignored. */
  tags: string[]
}

/**
 * Checks the create-group dialog. Errors are keyed `name`, `description`, `tags` (the list as
 * a whole: none, duplicates) and `tags.<row>` (one row's name, by its row in the dialog).
 */
export function checkNewGroup(draft: GroupDraft): Checked<CreateGroupInput> {
  const rows = draft.tags.map((name, row) => ({ name: name.trim(), row })).filter((t) => t.name !== '')
  const result = CreateGroupInput.safeParse({
    name: draft.name,
    color: draft.color,
    exclusive: draft.exclusive,
    description: draft.description,
    tags: rows.map((t) => ({ name: t.name })),
  })
  if (result.success) return { ok: true, input: result.data }
  const errors = errorsOf(result.error, (path) => {
    const [field, index] = path
    if (field === 'tags' && typeof index === 'number') return `tags.${rows[index]?.row ?? index}`
    return String(field ?? 'form')
  })
  return { ok: false, errors }
}

/**
 * The PATCH body for what changed in the edit-group dialog; `null` when nothing did. The name
 * of a read-only group is never sent.
 */
export function checkGroupChanges(group: LibraryGroup, draft: Omit<GroupDraft, 'tags'>): Checked<UpdateGroupInput> | null {
  const patch: UpdateGroupInput = {}
  if (!isReadOnly(group) && draft.name.trim() !== group.name) patch.name = draft.name
  if (draft.color !== group.color) patch.color = draft.color
  if (draft.description.trim() !== group.description) patch.description = draft.description
  if (draft.exclusive !== group.exclusive) patch.exclusive = draft.exclusive
  if (Object.keys(patch).length === 0) return null
  const result = UpdateGroupInput.safeParse(patch)
  if (result.success) return { ok: true, input: result.data }
  return { ok: false, errors: errorsOf(result.error, (path) => String(path[0] ?? 'form')) }
}

export interface TagDraft {
  name: string
  /** null: drawn in the group's colour. */
  color: TagColor | null
  description: string
}

/** Checks the add-tag dialog (one tag). */
export function checkNewTag(draft: TagDraft): Checked<AddTagsInput> {
  const result = AddTagsInput.safeParse({ tags: [{ name: draft.name, color: draft.color, description: draft.description }] })
  if (result.success) return { ok: true, input: result.data }
  return { ok: false, errors: errorsOf(result.error, (path) => String(path[2] ?? path[0] ?? 'form')) }
}

/** The PATCH body for what changed in the edit-tag dialog; `null` when nothing did. */
export function checkTagChanges(tag: LibraryTag, draft: TagDraft): Checked<UpdateTagInput> | null {
  const patch: UpdateTagInput = {}
  if (!isReadOnly(tag) && draft.name.trim() !== tag.name) patch.name = draft.name
  if (draft.color !== tag.ownColor) patch.color = draft.color
  if (draft.description.trim() !== tag.description) patch.description = draft.description
  if (Object.keys(patch).length === 0) return null
  const result = UpdateTagInput.safeParse(patch)
  if (result.success) return { ok: true, input: result.data }
  return { ok: false, errors: errorsOf(result.error, (path) => String(path[0] ?? 'form')) }
}
