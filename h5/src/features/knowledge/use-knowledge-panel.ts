import { showFailToast, showSuccessToast, showToast } from 'vant'
import 'vant/es/toast/style'
import { computed, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { KnowledgeCategoryNode, KnowledgeItem, KnowledgeItemSort, KnowledgeKind, KnowledgeLibrary } from '@kelan/shared'
import { isApiError } from '@/api/errors'
import { useAsyncData } from '@/composables/use-async-data'
import { useContextStore } from '@/stores/context'
import { copyText } from './copy-text'
import { deleteItem, fetchCategoryTree } from './knowledge.api'
import { draftFromItem, emptyDraft, type ItemDraft } from './knowledge.form'
import { copyTextOf } from './knowledge.message'
import type { SensitiveChecker } from './knowledge.sensitive'
import { categoryOptions, pathOf } from './knowledge.tree'
import { useKnowledgeList } from './use-knowledge-list'
import { useKnowledgeSearch } from './use-knowledge-search'
import { useKnowledgeSend, type SendOutcome } from './use-knowledge-send'

export interface KnowledgePanelOptions {
  /** The chat the sidebar is open in; null outside a chat (复制 instead of 发送). */
  chatId: MaybeRefOrGetter<string | null>
  checker?: SensitiveChecker
}

/**
 * Everything the knowledge panel does: kind, library, search or category drill-down, the list,
 * sending (through the context store's platform), copying and the personal-item form. The
 * panel component only binds to it.
 */
export function useKnowledgePanel(options: KnowledgePanelOptions) {
  const context = useContextStore()
  const kind = ref<KnowledgeKind>('script')
  const library = ref<KnowledgeLibrary>('public')
  const query = ref('')
  const sort = ref<KnowledgeItemSort>('seq')
  /** Category ids from the top level down to the one shown; empty: 全部. */
  const pathIds = ref<number[]>([])

  const tree = useAsyncData(
    () => ({ library: library.value, kind: kind.value }),
    (k) => fetchCategoryTree(k.library, k.kind),
  )
  const path = computed(() => (tree.data.value ? pathOf(tree.data.value.root, pathIds.value) : []))
  const current = computed<KnowledgeCategoryNode | null>(() => path.value.at(-1) ?? tree.data.value?.root ?? null)
  const list = useKnowledgeList(() => ({ library: library.value, kind: kind.value, categoryId: path.value.at(-1)?.id, sort: sort.value }))
  const search = useKnowledgeSearch(() => ({ q: query.value, library: library.value, kind: kind.value }))
  const inChat = computed(() => Boolean(toValue(options.chatId) && context.platform))
  const categories = computed(() => (tree.data.value ? categoryOptions(tree.data.value.root) : []))

  watch([library, kind], () => (pathIds.value = []))

  function patchEverywhere(id: number, change: (item: KnowledgeItem) => KnowledgeItem): void {
    list.patch(id, change)
    search.patch(id, change)
  }
  const countUse = (id: number, useCount: number) => patchEverywhere(id, (i) => ({ ...i, useCount }))

  const sender = useKnowledgeSend({
    platform: () => context.platform,
    chatId: options.chatId,
    checker: options.checker,
    onUsed: (r) => countUse(r.id, r.useCount),
  })

  /** Opens a sub-category (drill-down). */
  const open = (node: KnowledgeCategoryNode) => (pathIds.value = [...pathIds.value, node.id])
  /** Back up the breadcrumb: 0 is 全部. */
  const goTo = (depth: number) => (pathIds.value = pathIds.value.slice(0, depth))

  async function send(item: KnowledgeItem): Promise<SendOutcome> {
    const outcome = await sender.send(item)
    if (outcome.status === 'failed') showFailToast(outcome.message)
    if (outcome.status === 'sent') showSuccessToast('已发送')
    return outcome
  }

  async function copy(item: KnowledgeItem): Promise<void> {
    if (!(await copyText(copyTextOf(item)))) {
      showFailToast('复制失败，请长按文字手动复制')
      return
    }
    showToast('已复制')
    // A copy is a use too (the contract counts both); losing the count is not worth an error.
    sender.countCopy(item, copyTextOf(item)).then((r) => countUse(r.id, r.useCount), () => undefined)
  }

  const form = shallowRef<{ show: boolean; initial: ItemDraft; itemId: number | null }>({ show: false, initial: emptyDraft('script'), itemId: null })
  const create = () => (form.value = { show: true, initial: emptyDraft(kind.value, path.value.at(-1)?.id), itemId: null })
  const edit = (item: KnowledgeItem) => (form.value = { show: true, initial: draftFromItem(item), itemId: item.id })
  const setFormShown = (show: boolean) => (form.value = { ...form.value, show })

  /** After a save: counts and order may have changed, so the tree and the list reload. */
  function saved(): void {
    void tree.reload()
    void list.reload()
    if (search.active.value) search.reload()
  }

  async function remove(item: KnowledgeItem): Promise<void> {
    // The dialog's code comes with the first 删除 tap, not with the sidebar's first load.
    const confirmed = await import('./knowledge.confirm').then(
      (m) => m.confirmDelete(),
      () => {
        showFailToast('加载失败，请检查网络后重试')
        return false
      },
    )
    if (!confirmed) return
    try {
      await deleteItem(item.id)
    } catch (err) {
      if (!isApiError(err)) throw err
      showFailToast(err.message)
      return
    }
    list.remove(item.id)
    search.remove(item.id)
    void tree.reload()
    showSuccessToast('已删除')
  }

  return {
    kind, library, query, sort, tree, path, current, list, search, inChat, categories, sender, form,
    open, goTo, send, copy, create, edit, setFormShown, saved, remove,
  }
}
