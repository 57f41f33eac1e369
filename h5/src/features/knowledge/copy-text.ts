/**
 * Puts `text` on the clipboard: the async Clipboard API where the webview has it (secure
 * context, permission), else the old hidden-textarea `execCommand('copy')`, which older WeCom
 * webviews still need. Resolves false when neither worked, so the UI can say so.
 *
 * @example if (await copyText('您好')) showToast('已复制')
 */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard
  if (clipboard?.writeText) {
    try {
      await clipboard.writeText(text)
      return true
    } catch {
      // Denied or not focused: fall through to the textarea.
    }
  }
  return copyWithTextarea(text, doc)
}

function copyWithTextarea(text: string, doc: Document): boolean {
  const area = doc.createElement('textarea')
  area.value = text
  // Off screen and read-only: no flash, and iOS does not open the keyboard.
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.top = '-1000px'
  doc.body.appendChild(area)
  area.select()
  area.setSelectionRange(0, text.length)
  try {
    return doc.execCommand('copy')
  } catch {
    return false
  } finally {
    area.remove()
  }
}
