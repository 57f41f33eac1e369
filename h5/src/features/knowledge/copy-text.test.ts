import { afterEach, describe, expect, it, vi } from 'vitest'
import { copyText } from './copy-text'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

/** jsdom has neither a clipboard nor execCommand; each test brings the ones it needs. */
const stubExecCommand = (result: boolean) => {
  const exec = vi.fn((_cmd: string) => result)
  Object.defineProperty(document, 'execCommand', { value: exec, configurable: true })
  return exec
}

describe('copyText', () => {
  it('copyText – Clipboard API available – writes the text there', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal('navigator', { clipboard: { writeText } })
    const exec = stubExecCommand(true)
    expect(await copyText('您好')).toBe(true)
    expect(writeText).toHaveBeenCalledWith('您好')
    expect(exec).not.toHaveBeenCalled()
  })

  it('copyText – Clipboard API refuses – falls back to execCommand with the text selected, and removes the textarea', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: vi.fn().mockRejectedValue(new DOMException('denied', 'NotAllowedError')) } })
    let selected = ''
    const exec = stubExecCommand(true)
    exec.mockImplementation(() => {
      selected = (document.activeElement as HTMLTextAreaElement | null)?.value ?? document.querySelector('textarea')?.value ?? ''
      return true
    })
    expect(await copyText('稍等')).toBe(true)
    expect(exec).toHaveBeenCalledWith('copy')
    expect(selected).toBe('稍等')
    expect(document.querySelector('textarea')).toBeNull()
  })

  it('copyText – no Clipboard API and execCommand fails – false', async () => {
    vi.stubGlobal('navigator', {})
    stubExecCommand(false)
    expect(await copyText('x')).toBe(false)
  })
})
