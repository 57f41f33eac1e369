import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import { decrypt as libDecrypt, getSignature } from '@wecom/crypto'
import { describe, expect, it } from 'vitest'
import { CallbackCryptoError, decryptEvent, encryptEvent, signJsapi, verifyUrl, type CallbackConfig } from './crypto'

/** The official callback vector (REFERENCE.md §3.1). */
const OFFICIAL: CallbackConfig = {
  token: 'QDG6eK',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
}
const OFFICIAL_QUERY = {
  msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
}

const cfg = (o: Partial<CallbackConfig> = {}): CallbackConfig => ({
  token: 'KelanToken',
  aesKey: 'kelanDemoAesKey0123456789abcdefghijklmnopqr',
  corpId: 'wwkelan0001',
  ...o,
})

/**
 * Encrypts a raw plaintext buffer with an arbitrary padding, bypassing every library, so the
 * decrypt side can be fed layouts a correct sender would never produce.
 */
function encryptRaw(aesKey: string, plain: Buffer): string {
  const key = Buffer.from(`${aesKey}=`, 'base64')
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false)
  return Buffer.concat([c.update(plain), c.final()]).toString('base64')
}

/** random ‖ len ‖ msg ‖ receiveid, unpadded. */
function layout(msg: string, receiveId: string): Buffer {
  const body = Buffer.from(msg)
  const len = Buffer.alloc(4)
  len.writeUInt32BE(body.length)
  return Buffer.concat([randomBytes(16), len, body, Buffer.from(receiveId)])
}

const pad = (raw: Buffer, block: number) => {
  const n = block - (raw.length % block)
  return Buffer.concat([raw, Buffer.alloc(n, n)])
}

/** A signed query for `encrypt`, as WeCom would send it. */
const signed = (c: CallbackConfig, encrypt: string) => ({
  msg_signature: getSignature(c.token, '1700000000', 'n0nce', encrypt),
  timestamp: '1700000000',
  nonce: 'n0nce',
})

function reasonOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (err) {
    if (err instanceof CallbackCryptoError) return err.reason
    throw err
  }
  return undefined
}

describe('verifyUrl', () => {
  it('verifyUrl – official WeCom test vector – returns the echostr plaintext', () => {
    expect(verifyUrl(OFFICIAL, OFFICIAL_QUERY)).toBe('1616140317555161061')
  })

  it('verifyUrl – one character of the signature changed – rejects with bad_signature', () => {
    const query = { ...OFFICIAL_QUERY, msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4' }

    expect(reasonOf(() => verifyUrl(OFFICIAL, query))).toBe('bad_signature')
  })

  it('verifyUrl – signature of another length – rejects with bad_signature', () => {
    expect(reasonOf(() => verifyUrl(OFFICIAL, { ...OFFICIAL_QUERY, msg_signature: 'abc' }))).toBe('bad_signature')
  })

  it('verifyUrl – a tampered nonce – rejects with bad_signature', () => {
    expect(reasonOf(() => verifyUrl(OFFICIAL, { ...OFFICIAL_QUERY, nonce: '263014781' }))).toBe('bad_signature')
  })

  it('verifyUrl – another corp id than the vector was made for – rejects with bad_receiveid', () => {
    const other = { ...OFFICIAL, corpId: 'wwsomeoneelse' }

    expect(reasonOf(() => verifyUrl(other, OFFICIAL_QUERY))).toBe('bad_receiveid')
  })
})

describe('decryptEvent / encryptEvent', () => {
  it('encryptEvent then decryptEvent – Chinese XML – round-trips', () => {
    const c = cfg()
    const xml = '<xml><ChangeType><![CDATA[add_external_contact]]></ChangeType><Name>王小明</Name></xml>'

    const { encrypt, msg_signature } = encryptEvent(c, xml, { timestamp: 1700000000, nonce: 'abc' })

    expect(decryptEvent(c, { msg_signature, timestamp: '1700000000', nonce: 'abc' }, encrypt)).toBe(xml)
  })

  it('encryptEvent – output – matches what @wecom/crypto decrypts and signs', () => {
    const c = cfg()

    const { encrypt, msg_signature } = encryptEvent(c, '<xml/>', { timestamp: '1', nonce: 'n' })

    expect(libDecrypt(c.aesKey, encrypt)).toMatchObject({ message: '<xml/>', id: c.corpId })
    const expected = createHash('sha1').update(['1', 'n', c.token, encrypt].sort().join('')).digest('hex')
    expect(msg_signature).toBe(expected)
  })

  it('decryptEvent – message from another corp, signed correctly – rejects with bad_receiveid', () => {
    const { encrypt, msg_signature } = encryptEvent(cfg({ corpId: 'wwother' }), '<xml/>', { timestamp: '1', nonce: 'n' })

    expect(reasonOf(() => decryptEvent(cfg(), { msg_signature, timestamp: '1', nonce: 'n' }, encrypt))).toBe('bad_receiveid')
  })

  it('decryptEvent – tampered ciphertext with the old signature – rejects with bad_signature', () => {
    const c = cfg()
    const { encrypt, msg_signature } = encryptEvent(c, '<xml/>', { timestamp: '1', nonce: 'n' })
    const tampered = (encrypt[0] === 'A' ? 'B' : 'A') + encrypt.slice(1)

    expect(reasonOf(() => decryptEvent(c, { msg_signature, timestamp: '1', nonce: 'n' }, tampered))).toBe('bad_signature')
  })

  it('decryptEvent – last byte 0 – rejects with bad_padding', () => {
    const c = cfg()
    const raw = layout('<xml/>', c.corpId)
    const plain = pad(raw, 32)
    plain[plain.length - 1] = 0
    const encrypt = encryptRaw(c.aesKey, plain)

    expect(reasonOf(() => decryptEvent(c, signed(c, encrypt), encrypt))).toBe('bad_padding')
  })

  it('decryptEvent – pad length over 32 – rejects with bad_padding', () => {
    const c = cfg()
    const raw = layout('<xml/>', c.corpId)
    const plain = Buffer.concat([raw, Buffer.alloc(48 - (raw.length % 16), 48)])
    const encrypt = encryptRaw(c.aesKey, plain)

    expect(reasonOf(() => decryptEvent(c, signed(c, encrypt), encrypt))).toBe('bad_padding')
  })

  it('decryptEvent – pad bytes that differ – rejects with bad_padding', () => {
    const c = cfg()
    const plain = pad(layout('<xml>ab</xml>', c.corpId), 32)
    const n = plain[plain.length - 1]!
    expect(n).toBeGreaterThan(1)
    plain[plain.length - n] = n - 1
    const encrypt = encryptRaw(c.aesKey, plain)

    expect(reasonOf(() => decryptEvent(c, signed(c, encrypt), encrypt))).toBe('bad_padding')
  })

  it('decryptEvent – valid PKCS#7 to a 16-byte block – is accepted', () => {
    const c = cfg()
    const raw = layout('<xml>16</xml>', c.corpId)
    const encrypt = encryptRaw(c.aesKey, pad(raw, 16))

    expect(decryptEvent(c, signed(c, encrypt), encrypt)).toBe('<xml>16</xml>')
  })

  it('decryptEvent – msg_len beyond the plaintext – rejects with undecryptable', () => {
    const c = cfg()
    const raw = layout('<xml/>', c.corpId)
    raw.writeUInt32BE(10_000, 16)
    const encrypt = encryptRaw(c.aesKey, pad(raw, 32))

    expect(reasonOf(() => decryptEvent(c, signed(c, encrypt), encrypt))).toBe('undecryptable')
  })

  it.each([
    ['not a block multiple', Buffer.alloc(20).toString('base64')],
    ['empty', ''],
    ['not base64', '!!!!not*base64!!!!'],
  ])('decryptEvent – ciphertext %s – rejects with undecryptable', (_, encrypt) => {
    const c = cfg()

    expect(reasonOf(() => decryptEvent(c, signed(c, encrypt), encrypt))).toBe('undecryptable')
  })
})

describe('signJsapi', () => {
  it('signJsapi – official WeCom test vector – gives the documented signature', () => {
    const got = signJsapi({
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      nonceStr: 'Wm3WZYTPz0wzccnW',
      timestamp: 1414587457,
      url: 'http://mp.weixin.qq.com?params=value',
    })

    expect(got).toEqual({
      timestamp: 1414587457,
      nonceStr: 'Wm3WZYTPz0wzccnW',
      signature: '0f9de62fce790f9a083d5c99e95740ceb90c27ed',
    })
  })

  it('signJsapi – no nonce given – uses a fresh 128-bit hex nonce each time, and signs with it', () => {
    const a = signJsapi({ ticket: 't', url: 'https://k.example.com/', timestamp: 1 })
    const b = signJsapi({ ticket: 't', url: 'https://k.example.com/', timestamp: 1 })

    expect(a.nonceStr).toMatch(/^[0-9a-f]{32}$/)
    expect(a.nonceStr).not.toBe(b.nonceStr)
    const expected = createHash('sha1')
      .update(`jsapi_ticket=t&noncestr=${a.nonceStr}&timestamp=1&url=https://k.example.com/`)
      .digest('hex')
    expect(a.signature).toBe(expected)
  })
})
