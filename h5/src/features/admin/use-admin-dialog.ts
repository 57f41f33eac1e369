import { reactive } from 'vue'

/**
 * One confirm/alert dialog per screen, awaited like the native ones: `ask` resolves true on
 * 确认, `tell` when it is closed. Rendered by the screen with a van-dialog bound to `state`.
 */
export function useAdminDialog() {
  const state = reactive({ show: false, title: '', message: '', confirm: false })
  let settle: ((ok: boolean) => void) | undefined

  function open(title: string, message: string, confirm: boolean): Promise<boolean> {
    settle?.(false)
    Object.assign(state, { show: true, title, message, confirm })
    return new Promise((resolve) => (settle = resolve))
  }

  /** Closes the dialog with the user's answer (the van-dialog's confirm / cancel events). */
  function answer(ok: boolean): void {
    state.show = false
    settle?.(ok)
    settle = undefined
  }

  return {
    state,
    answer,
    ask: (title: string, message: string) => open(title, message, true),
    tell: async (title: string, message: string) => void (await open(title, message, false)),
  }
}
