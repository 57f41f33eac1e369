/** WecomClient.uploadMedia against the simulator: the multipart shape WeCom reads, and its refusals. */
import { afterEach, describe, expect, it } from 'vitest'
import type { Simulator } from '../wecom-sim'
import { makeTestSim, simWecomClient } from '../wecom-sim/testing'
import { caughtWecomError as caught } from '../test/wecom-errors'

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64')

let open: Simulator | undefined
afterEach(() => {
  open?.close()
  open = undefined
})

function setup() {
  const { sim, clock } = makeTestSim({ customers: 1 })
  open = sim
  return { sim, clock, client: simWecomClient(sim, { clock, sleep: async () => undefined }) }
}

const stored = (sim: Simulator, mediaId: string) =>
  sim.db.prepare('SELECT type, filename, content_type, bytes FROM media WHERE media_id = ?').get(mediaId) as
    | { type: string; filename: string; content_type: string; bytes: Buffer }
    | undefined

describe('WecomClient.uploadMedia', () => {
  it('uploadMedia – a PNG as a Blob – media_id, type and created_at as a number; WeCom holds the bytes, name and type', async () => {
    const { sim, client } = setup()

    const reply = await client.uploadMedia({ type: 'image', filename: '产品图.png', data: new Blob([PNG], { type: 'image/png' }), contentType: 'image/png' })

    expect(reply).toEqual({ type: 'image', media_id: expect.any(String), created_at: 1_750_000_000 })
    expect(stored(sim, reply.media_id)).toMatchObject({ type: 'image', filename: '产品图.png', content_type: 'image/png', bytes: PNG })
  })

  it('uploadMedia – bytes of a PDF as a file – accepted under the given name and content type', async () => {
    const { sim, client } = setup()
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n')

    const reply = await client.uploadMedia({ type: 'file', filename: '报价单.pdf', data: new Uint8Array(pdf), contentType: 'application/pdf' })

    expect(stored(sim, reply.media_id)).toMatchObject({ filename: '报价单.pdf', content_type: 'application/pdf', bytes: pdf })
  })

  it.each([
    ['text as an image', 'image', Buffer.from('not an image at all'), 40005],
    ['5 bytes', 'file', Buffer.from('12345'), 40006],
  ] as const)('uploadMedia – %s – WecomError %i', async (_, type, bytes, errcode) => {
    const { client } = setup()

    const err = await caught(client.uploadMedia({ type, filename: 'x.bin', data: new Uint8Array(bytes), contentType: 'application/octet-stream' }))

    expect(err.errcode).toBe(errcode)
    expect(err.retryable).toBe(false)
  })
})
