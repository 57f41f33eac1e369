/**
 * mediaIdFor against the WeCom simulator, one fake clock for both: one upload per content while
 * the media_id is young enough, a fresh one before WeCom's 3 days run out.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { wecomMedia } from '../../db/schema'
import type { Simulator } from '../../wecom-sim'
import { getToken, makeTestSim, simWecomClient } from '../../wecom-sim/testing'
import { findAttachment } from './attachments.repo'
import { attachmentDeps, PDF, PNG, uploaded } from './attachments.testing'
import { MEDIA_REUSE_SECONDS, mediaIdFor } from './wecom-media'

let open: Simulator | undefined
afterEach(() => {
  open?.close()
  open = undefined
})

/** Deps whose WeCom is the simulator; `uploads()` counts media/upload calls. */
function setup() {
  const { sim, clock } = makeTestSim({ customers: 1 })
  open = sim
  let uploads = 0
  const wecom = simWecomClient(sim, {
    clock,
    fetch: async (input, init) => {
      if (String(input).includes('/cgi-bin/media/upload')) uploads++
      return sim.app.request(String(input), init)
    },
  })
  const deps = attachmentDeps({ wecom, clock })
  return { sim, deps, clock, uploads: () => uploads }
}

async function record(deps: ReturnType<typeof setup>['deps'], bytes: Buffer, o: Parameters<typeof uploaded>[2] = {}) {
  const att = await uploaded(deps, bytes, o)
  return findAttachment(deps.db, deps.corpId, att.id)!
}

/** media/get with a fresh token (the clock jumps past a token's 2 hours): the reply's content type. */
async function mediaGet(sim: Simulator, mediaId: string): Promise<string | null> {
  const token = await getToken(sim)
  return (await sim.app.request(`/cgi-bin/media/get?access_token=${token}&media_id=${mediaId}`)).headers.get('content-type')
}

describe('mediaIdFor', () => {
  it('mediaIdFor – first send of an image – uploads it to WeCom and remembers the media_id', async () => {
    const { sim, deps, uploads } = setup()
    const att = await record(deps, PNG)

    const mediaId = await mediaIdFor(deps, att)

    expect(uploads()).toBe(1)
    expect(deps.db.select().from(wecomMedia).all()).toEqual([{ corpId: deps.corpId, sha256: att.sha256, type: 'image', filename: '', mediaId, createdAt: 1_750_000_000 }])
    const row = sim.db.prepare('SELECT filename, bytes FROM media WHERE media_id = ?').get(mediaId) as { filename: string; bytes: Buffer }
    expect(row).toEqual({ filename: 'a.png', bytes: PNG })
  })

  it('mediaIdFor – sent again a second before the reuse window ends, and the same image under another name – no new upload (images show no name)', async () => {
    const { deps, clock, uploads } = setup()
    const att = await record(deps, PNG)
    const twin = await record(deps, PNG, { name: 'copy.png', as: 'wang' })
    const first = await mediaIdFor(deps, att)

    clock.advance(MEDIA_REUSE_SECONDS - 1)
    const again = await mediaIdFor(deps, att)
    const other = await mediaIdFor(deps, twin)

    expect([again, other]).toEqual([first, first])
    expect(uploads()).toBe(1)
  })

  it('mediaIdFor – sent after 2.5 days – uploads again and replaces the cached id', async () => {
    const { deps, clock, uploads } = setup()
    const att = await record(deps, PNG)
    const first = await mediaIdFor(deps, att)

    clock.advance(MEDIA_REUSE_SECONDS)
    const second = await mediaIdFor(deps, att)

    expect(second).not.toBe(first)
    expect(uploads()).toBe(2)
    expect(deps.db.select().from(wecomMedia).all()).toMatchObject([{ mediaId: second, createdAt: 1_750_000_000 + MEDIA_REUSE_SECONDS }])
  })

  it('mediaIdFor – the reuse window ends before WeCom forgets the id (3 days)', async () => {
    const { sim, deps, clock } = setup()
    const att = await record(deps, PNG)
    const mediaId = await mediaIdFor(deps, att)

    clock.advance(MEDIA_REUSE_SECONDS)
    const stillValid = await mediaGet(sim, mediaId)
    clock.advance(3 * 24 * 3600 - MEDIA_REUSE_SECONDS)
    const expired = await mediaGet(sim, mediaId)

    expect(stillValid).toBe('image/png')
    expect(expired).toContain('application/json')
  })

  it('mediaIdFor – 合同.pdf with the bytes of an earlier 报价单.pdf – uploaded again under its own name', async () => {
    const { sim, deps, uploads } = setup()
    const quote = await record(deps, PDF, { kind: 'file', name: '报价单.pdf', type: 'application/pdf' })
    const contract = await record(deps, PDF, { kind: 'file', name: '合同.pdf', type: 'application/pdf' })
    const quoteId = await mediaIdFor(deps, quote)

    const contractId = await mediaIdFor(deps, contract)
    const quoteAgain = await mediaIdFor(deps, quote)
    const contractAgain = await mediaIdFor(deps, contract)

    expect(contractId).not.toBe(quoteId)
    expect([quoteAgain, contractAgain]).toEqual([quoteId, contractId])
    expect(uploads()).toBe(2)
    const shown = sim.db.prepare('SELECT filename FROM media WHERE media_id = ?').get(contractId) as { filename: string }
    expect(shown.filename).toBe('合同.pdf')
    expect(deps.db.select({ filename: wecomMedia.filename }).from(wecomMedia).all().map((r) => r.filename).sort()).toEqual(['合同.pdf', '报价单.pdf'].sort())
  })

  it('mediaIdFor – two sends at once of the same bytes under two file names – two uploads, each with its name', async () => {
    const { sim, deps, uploads } = setup()
    const quote = await record(deps, PDF, { kind: 'file', name: '报价单.pdf', type: 'application/pdf' })
    const contract = await record(deps, PDF, { kind: 'file', name: '合同.pdf', type: 'application/pdf' })

    const [quoteId, contractId] = await Promise.all([mediaIdFor(deps, quote), mediaIdFor(deps, contract)])

    expect(uploads()).toBe(2)
    const nameOf = (id: string) => (sim.db.prepare('SELECT filename FROM media WHERE media_id = ?').get(id) as { filename: string }).filename
    expect([nameOf(quoteId), nameOf(contractId)]).toEqual(['报价单.pdf', '合同.pdf'])
  })

  it('mediaIdFor – two sends of a new file at once – one upload, one id', async () => {
    const { deps, uploads } = setup()
    const att = await record(deps, PDF, { kind: 'file', name: '报价单.pdf', type: 'application/pdf' })

    const ids = await Promise.all([mediaIdFor(deps, att), mediaIdFor(deps, att)])

    expect(ids[0]).toBe(ids[1])
    expect(uploads()).toBe(1)
  })

  it('mediaIdFor – WeCom refuses the upload – rejects with the WecomError, caches nothing', async () => {
    const { sim, deps } = setup()
    const att = await record(deps, PNG)
    sim.faults.failWith('/cgi-bin/media/upload', 40006, 1)

    await expect(mediaIdFor(deps, att)).rejects.toMatchObject({ errcode: 40006 })
    expect(deps.db.select().from(wecomMedia).all()).toEqual([])
  })
})
